package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java code block of the README compiles against the library. A block that declares a class is
 * compiled as a file; any other block is compiled as the body of a method. Both get the imports a reader
 * of the README would write (listed below), so blocks can stay short.
 */
class ReadmeTest {
  private static final String IMPORTS =
      String.join(
          "\n",
          "import static dev.nn4j.activations.Activations.*;",
          "import static dev.nn4j.core.losses.Losses.*;",
          "import static dev.nn4j.optim.Optimizers.*;",
          "import dev.nn4j.activations.*;",
          "import dev.nn4j.core.*;",
          "import dev.nn4j.core.check.*;",
          "import dev.nn4j.core.data.*;",
          "import dev.nn4j.core.init.*;",
          "import dev.nn4j.core.io.*;",
          "import dev.nn4j.core.listeners.*;",
          "import dev.nn4j.core.losses.*;",
          "import dev.nn4j.core.math.*;",
          "import dev.nn4j.core.metrics.*;",
          "import dev.nn4j.optim.*;",
          "import java.nio.file.*;",
          "import java.util.*;",
          "");

  @TempDir Path classes;

  static Path readme() {
    Path here = Path.of("README.md");
    return Files.exists(here) ? here : Path.of("../README.md");
  }

  static List<String> javaBlocks(String markdown) {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheReadmeCompiles() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(readme(), StandardCharsets.UTF_8));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
    List<JavaFileObject> units = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      String block = blocks.get(i);
      String source;
      String name;
      Matcher declared = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(block);
      if (declared.find()) {
        name = declared.group(1);
        source = IMPORTS + block;
      } else {
        // Import lines at the top of a snippet go above the class that wraps it.
        String imports =
            block.lines().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n", "", "\n"));
        String body = block.lines().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        name = "ReadmeSnippet" + i;
        source = IMPORTS + imports + "class " + name + " {\n  void run() throws Exception {\n" + body + "\n  }\n}\n";
      }
      units.add(new Source(name, source));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options =
        List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none");
    boolean ok = compiler.getTask(null, null, diagnostics, options, null, units).call();
    String problems =
        diagnostics.getDiagnostics().stream()
            .map(d -> d.getSource() == null ? d.getMessage(null) : ((Source) d.getSource()).name + ":" + d.getLineNumber() + ": " + d.getMessage(null))
            .collect(Collectors.joining("\n"));
    assertThat(ok).as("README code blocks compile:\n%s", problems).isTrue();
  }

  /**
   * The Python block that loads a model file into PyTorch cannot run here (no PyTorch): check instead that
   * every name it relies on is what nn4j writes, in a file saved now.
   */
  @Test
  void thePythonBlockReadsNamesThatModelFilesHave() throws IOException {
    String markdown = Files.readString(readme(), StandardCharsets.UTF_8);
    Matcher python = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    assertThat(python.find()).as("a Python block in the README").isTrue();
    String snippet = python.group(1);
    assertThat(snippet)
        .contains("f.metadata()[\"nn4j.architecture\"]")
        .contains("arch[\"nodes\"][1:]")
        .contains("node[\"type\"] == \"dense\"")
        .contains("t[node[\"name\"] + \".weight\"]")
        .contains("model.layers = torch.nn.ModuleList(")
        .contains("model.load_state_dict(t)");

    dev.nn4j.core.Network network =
        dev.nn4j.core.Network.builder()
            .input(3)
            .dense(4, dev.nn4j.activations.Activations.relu())
            .dropout(0.5)
            .dense(2, dev.nn4j.activations.Activations.softmax())
            .loss(dev.nn4j.core.losses.Losses.categoricalCrossEntropy())
            .seed(1)
            .build();
    Path file = classes.resolve("model.safetensors");
    network.save(file);
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).replace(" ", "");
    assertThat(header)
        .contains("\"nn4j.architecture\":")
        .containsPattern("\"layers\\.0\\.weight\":\\{[^}]*\"shape\":\\[4,3\\]")
        .containsPattern("\"layers\\.0\\.bias\":\\{[^}]*\"shape\":\\[4\\]")
        .containsPattern("\"layers\\.2\\.weight\":\\{[^}]*\"shape\":\\[2,4\\]")
        .containsPattern("\"layers\\.2\\.bias\":\\{[^}]*\"shape\":\\[2\\]")
        .doesNotContain("\"layers.1.weight\"")
        // The nodes: the input first, then each layer named as its tensors' prefix, with its type.
        .contains("\\\"nodes\\\":[{\\\"name\\\":\\\"input\\\",\\\"type\\\":\\\"input\\\"")
        .contains("{\\\"name\\\":\\\"layers.0\\\",\\\"type\\\":\\\"dense\\\"")
        .contains("{\\\"name\\\":\\\"layers.1\\\",\\\"type\\\":\\\"dropout\\\"")
        .contains("{\\\"name\\\":\\\"layers.2\\\",\\\"type\\\":\\\"dense\\\"");
  }

  private static final class Source extends SimpleJavaFileObject {
    final String name;
    final String code;

    Source(String name, String code) {
      super(URI.create("string:///" + name + Kind.SOURCE.extension), Kind.SOURCE);
      this.name = name;
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
