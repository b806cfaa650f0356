/**
 * nn-onnx's own {@link dev.nn4j.onnx.OnnxLayerExport}s, one per layer type of nn-core, registered in
 * {@code META-INF/services/dev.nn4j.onnx.OnnxLayerExport}. They use only the public API of {@link
 * dev.nn4j.onnx.OnnxGraph} and {@link dev.nn4j.onnx.LayerToExport}, as a third party's export would, and
 * know the layers by type name and configuration, not by class.
 */
package dev.nn4j.onnx.layers;
