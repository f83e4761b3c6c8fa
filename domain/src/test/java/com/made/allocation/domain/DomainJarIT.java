package com.made.allocation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain as another team meets it: the packaged jar alone, on the module path. The example program of
 * README.md ("Using the domain elsewhere") is compiled and run against it and must print what the README
 * says it prints, so the README cannot drift from the library.
 */
class DomainJarIT {

    private static final String MODULE = "com.made.allocation.domain";
    private static final Path JAR = Path.of(System.getProperty("domain.jar"));
    private static final Path README = Path.of(System.getProperty("readme"));

    @TempDir
    Path sources;
    @TempDir
    Path classes;

    @Test
    void theReadmeExampleCompilesAndPrintsWhatTheReadmeSays() throws Exception {
        String section = readmeSection("Using the domain elsewhere");
        String program = codeBlock(section, "java");
        String expectedOutput = codeBlock(section, "text");

        CompileResult compiled = compile("AllocationExample", program);
        assertThat(compiled.succeeded()).as(compiled.errors()).isTrue();
        assertThat(run("AllocationExample")).isEqualTo(expectedOutput);
    }

    @Test
    void aBatchCannotBeChangedExceptThroughItsProduct() throws Exception {
        CompileResult compiled = compile("Bypass", """
                import com.made.allocation.domain.OrderLine;
                import com.made.allocation.domain.Product;

                public class Bypass {
                    static void bypass(Product product, OrderLine line) {
                        product.batches().get(0).allocate(line);
                    }
                }
                """);
        assertThat(compiled.succeeded()).isFalse();
        assertThat(compiled.errors()).contains("allocate(OrderLine) is not public in Batch");
    }

    @Test
    void theSourcesAndJavadocJarsAreBuiltNextToIt() {
        String base = JAR.getFileName().toString().replaceFirst("\\.jar$", "");
        assertThat(JAR.resolveSibling(base + "-sources.jar")).isRegularFile();
        assertThat(JAR.resolveSibling(base + "-javadoc.jar")).isRegularFile();
    }

    private record CompileResult(boolean succeeded, String errors) {
    }

    /** Compiles one class with the JDK's javac, the domain jar on the module path and nothing else. */
    private CompileResult compile(String className, String source) throws IOException, InterruptedException {
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        Output javac = exec("javac", "--module-path", JAR.toString(), "--add-modules", MODULE,
                "-d", classes.toString(), file.toString());
        return new CompileResult(javac.status() == 0, javac.text());
    }

    private String run(String className) throws IOException, InterruptedException {
        Output java = exec("java", "--module-path", JAR.toString(), "--add-modules", MODULE,
                "-cp", classes.toString(), className);
        assertThat(java.status()).as(java.text()).isZero();
        return java.text();
    }

    private record Output(int status, String text) {
    }

    private static Output exec(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
        return new Output(process.exitValue(), text);
    }

    private static String readmeSection(String heading) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## " + heading + "\n");
        assertThat(start).as("README.md has a section '%s'", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String codeBlock(String markdown, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }
}
