package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.examples.classify.DigitsExample;
import dev.nn4j.examples.classify.IrisExample;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's code runs as pasted.
 *
 * <p>Every {@code ```java} block is a whole source file: it is compiled as it stands, with no import added,
 * all blocks in one compilation (a later block may use an earlier block's class, as {@code MishCheck} uses
 * {@code Mish}), against this module's test class path, which holds the library modules as a user's project
 * does. Then every block with a {@code main} method runs, in the README's order, in a JVM of its own, all in
 * one working directory (so the serving block loads the model the quick start saved) that holds the files the
 * blocks read: {@code iris.csv}, the copy the examples ship, and Fashion-MNIST's two training files, here 64
 * generated images (the data set is not part of the project). It must exit with status 0. A {@code ```text}
 * block right after a Java block is what that block prints: each of its lines must be a line of the output, in
 * order. A Java block without {@code main} (a class the others use) must compile. There is no fragment: a
 * {@code ```java} fence with anything after {@code java} fails the test.
 */
class ReadmeTest {
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir Path classes;
  @TempDir Path workingDirectory;

  static Path readme() {
    Path here = Path.of("README.md");
    return Files.exists(here) ? here : Path.of("../README.md");
  }

  /** A fenced code block: its info string (the language) and its text. */
  record Fence(String info, String code) {}

  /** A Java block and the output the README shows after it, if any. */
  record JavaBlock(int index, String className, String code, boolean runnable, List<String> output) {}

  static List<Fence> fences(String markdown) {
    Matcher m = Pattern.compile("(?ms)^```([^\\n]*)\\n(.*?)^```").matcher(markdown);
    List<Fence> fences = new ArrayList<>();
    while (m.find()) {
      fences.add(new Fence(m.group(1).trim(), m.group(2)));
    }
    return fences;
  }

  static List<JavaBlock> javaBlocks(String markdown) {
    List<Fence> fences = fences(markdown);
    List<JavaBlock> blocks = new ArrayList<>();
    Pattern declared = Pattern.compile("(?m)^public (?:final )?class (\\w+)");
    Pattern main = Pattern.compile("public static void main\\(String\\[\\] args\\)");
    for (int i = 0; i < fences.size(); i++) {
      Fence fence = fences.get(i);
      if (fence.info().startsWith("java")) {
        assertThat(fence.info()).as("a Java block is a whole file, fenced ```java:%n%s", fence.code()).isEqualTo("java");
        Matcher name = declared.matcher(fence.code());
        assertThat(name.find()).as("a Java block declares a public class:%n%s", fence.code()).isTrue();
        List<String> output = List.of();
        if (i + 1 < fences.size() && fences.get(i + 1).info().equals("text")) {
          output = fences.get(i + 1).code().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }
        blocks.add(new JavaBlock(blocks.size(), name.group(1), fence.code(), main.matcher(fence.code()).find(), output));
      } else if (fence.info().equals("text")) {
        assertThat(i > 0 && fences.get(i - 1).info().equals("java"))
            .as("a ```text block shows the output of the Java block right before it:%n%s", fence.code())
            .isTrue();
      }
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheReadmeCompilesAndRunsAsPasted() throws IOException, InterruptedException {
    List<JavaBlock> blocks = javaBlocks(Files.readString(readme(), StandardCharsets.UTF_8));
    assertThat(blocks).extracting(JavaBlock::className).contains("QuickStart", "IrisClassifier", "Serving");
    compile(blocks);

    prepareWorkingDirectory();
    List<JavaBlock> runnable = blocks.stream().filter(JavaBlock::runnable).collect(Collectors.toList());
    assertThat(runnable).hasSizeGreaterThanOrEqualTo(5);
    for (JavaBlock block : runnable) {
      String output = run(block.className());
      List<String> lines = output.lines().map(String::stripTrailing).collect(Collectors.toList());
      int from = 0;
      for (String expected : block.output()) {
        int at = indexOf(lines, expected.stripTrailing(), from);
        assertThat(at)
            .as("%s prints the README's line \"%s\" (in the README's order); it printed:%n%s", block.className(), expected, output)
            .isGreaterThanOrEqualTo(0);
        from = at + 1;
      }
    }
    assertThat(workingDirectory.resolve("gender.safetensors")).isNotEmptyFile();
    assertThat(workingDirectory.resolve("fashion-cnn.safetensors")).isNotEmptyFile();
  }

  private static int indexOf(List<String> lines, String line, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).equals(line)) {
        return i;
      }
    }
    return -1;
  }

  private void compile(List<JavaBlock> blocks) {
    List<JavaFileObject> units = blocks.stream().map(b -> new Source(b.className(), b.code())).collect(Collectors.toList());
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options =
        List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none", "-Xlint:all", "-Werror");
    boolean ok = compiler.getTask(null, null, diagnostics, options, null, units).call();
    String problems =
        diagnostics.getDiagnostics().stream()
            .map(d -> d.getSource() == null ? d.getMessage(Locale.ROOT) : ((Source) d.getSource()).name + ".java:" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
            .collect(Collectors.joining("\n"));
    assertThat(ok).as("README code blocks compile as pasted, without warnings:%n%s", problems).isTrue();
  }

  /** What the blocks read: the shipped iris.csv, and 64 generated images in Fashion-MNIST's files. */
  private void prepareWorkingDirectory() throws IOException {
    try (InputStream iris = ReadmeTest.class.getResourceAsStream("/datasets/iris.csv")) {
      assertThat(iris).as("the examples ship datasets/iris.csv").isNotNull();
      Files.copy(iris, workingDirectory.resolve("iris.csv"));
    }
    int count = 64;
    Random random = new Random(1);
    byte[] pixels = new byte[count * 28 * 28];
    random.nextBytes(pixels);
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    writeIdx(workingDirectory.resolve("train-images-idx3-ubyte.gz"), 0x00000803, new int[] {count, 28, 28}, pixels);
    writeIdx(workingDirectory.resolve("train-labels-idx1-ubyte.gz"), 0x00000801, new int[] {count}, labels);
  }

  private static void writeIdx(Path file, int magic, int[] dimensions, byte[] values) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(new GZIPOutputStream(out))) {
      data.writeInt(magic);
      for (int d : dimensions) {
        data.writeInt(d);
      }
      data.write(values);
    }
  }

  /** Runs {@code className}'s main in a JVM of its own, in the working directory; returns what it printed. */
  private String run(String className) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = classes + File.pathSeparator + System.getProperty("java.class.path");
    Path log = workingDirectory.resolve(className + ".log");
    Process process =
        new ProcessBuilder(java, "-cp", classPath, className)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("%s finished within %s s; it printed:%n%s", className, TIMEOUT_SECONDS, output).isTrue();
    assertThat(process.exitValue()).as("%s's exit status; it printed:%n%s", className, output).isZero();
    return output;
  }

  /**
   * The figures the README's list of examples gives for the two that run on shipped data are the test
   * accuracies those examples print, and so are the figures their descriptions give in {@code list}.
   */
  @Test
  void theExamplesFiguresAreWhatTheyPrint() throws IOException {
    String markdown = Files.readString(readme(), StandardCharsets.UTF_8);
    Path charts = classes.resolve("charts");
    Files.createDirectories(charts);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    String iris = String.format(Locale.ROOT, "%.4f", new IrisExample().run(quiet, charts).testAccuracy());
    assertThat(figure(markdown, "iris")).isEqualTo(iris);
    assertThat(new IrisExample().description()).as("iris in the list of examples").contains(iris + " test accuracy");
    String digits = String.format(Locale.ROOT, "%.4f", new DigitsExample().run(quiet, charts).testAccuracy());
    assertThat(figure(markdown, "digits")).isEqualTo(digits);
    assertThat(new DigitsExample().description()).as("digits in the list of examples").contains(digits + " test accuracy");
  }

  private static String figure(String markdown, String example) {
    Matcher m =
        Pattern.compile("nn-examples\\.jar " + example + " +# shipped data, test accuracy ([0-9.]+)").matcher(markdown);
    assertThat(m.find()).as("the README's line for the %s example gives its test accuracy", example).isTrue();
    return m.group(1);
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
