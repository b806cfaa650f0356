package dev.nn4j.onnx;

import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link OnnxLayerExport}s on the class path with {@link ServiceLoader}, as nn-core finds layer
 * providers: through the thread's context class loader, then nn-onnx's own; the first export found for a
 * type wins, and a second one for the same type is logged. The class path is scanned on every call: export
 * is rare, and a jar added later is seen.
 */
final class OnnxLayerExports {
  private static final Logger log = LoggerFactory.getLogger(OnnxLayerExports.class);

  private OnnxLayerExports() {}

  /** The exports known now, by layer type, sorted by type. */
  static Map<String, OnnxLayerExport> byType() {
    Map<String, OnnxLayerExport> byType = new TreeMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      collect(ServiceLoader.load(OnnxLayerExport.class, context), byType);
    }
    collect(ServiceLoader.load(OnnxLayerExport.class, OnnxLayerExports.class.getClassLoader()), byType);
    return byType;
  }

  private static void collect(ServiceLoader<OnnxLayerExport> loader, Map<String, OnnxLayerExport> byType) {
    try {
      for (OnnxLayerExport export : loader) {
        OnnxLayerExport existing = byType.putIfAbsent(export.type(), export);
        if (existing != null && existing.getClass() != export.getClass()) {
          log.warn(
              "Two ONNX exports claim the layer type '{}': {} and {}; using the first",
              export.type(),
              existing.getClass().getName(),
              export.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("An ONNX layer export on the class path could not be loaded", e);
    }
  }
}
