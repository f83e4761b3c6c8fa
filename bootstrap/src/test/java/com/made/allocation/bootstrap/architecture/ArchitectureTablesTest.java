package com.made.allocation.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tables of README's "Architecture: one request, file by file" stay true: every file they list exists,
 * and each count of code lines is within 10 % of the file's own, counted as {@code ../shared/tools/code-lines}
 * counts (no blank lines, comments, package or import lines).
 */
class ArchitectureTablesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // the module's parent
    private static final Pattern ROW = Pattern.compile("^\\|(?: *\\d+ *\\|)? *`([\\w/]+\\.java)` *\\| *([\\d,]+) *\\|");

    /** A listed file and the code lines the table gives it. */
    record Row(String file, int codeLines) {
    }

    @Test
    void everyListedFileExistsAndItsCountIsWithinTenPercent() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).as("rows of the tables").hasSizeGreaterThan(30);
        for (Row row : rows) {
            Path file = source(row.file());
            assertThat(file).as(row.file()).exists();
            int counted = codeLines(Files.readAllLines(file));
            assertThat((double) row.codeLines()).as("code lines of %s (counted %d)", row.file(), counted)
                    .isBetween(counted * 0.9, counted * 1.1);
        }
    }

    @Test
    void theCountSkipsCommentsBlankLinesImportsAndThePackage() {
        List<String> java = List.of("package a;", "", "import b.C;", "/** doc", " * more */", "class D { // why",
                "  int e; /* inline */ int f;", "  /* open", "  close */ }");
        assertThat(codeLines(java)).isEqualTo(3);
    }

    private static List<Row> rows() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("## Architecture: one request, file by file");
        int to = readme.indexOf("\n## ", from + 1);
        List<Row> rows = new ArrayList<>();
        for (String line : readme.substring(from, to).split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.add(new Row(row.group(1), Integer.parseInt(row.group(2).replace(",", ""))));
            }
        }
        return rows;
    }

    /** {@code service/...} is in service-layer; every other first folder names its module. */
    private static Path source(String listed) {
        String module = listed.substring(0, listed.indexOf('/'));
        return ROOT.resolve(module.equals("service") ? "service-layer" : module)
                .resolve("src/main/java/com/made/allocation").resolve(listed);
    }

    /** The lines a reader has to read: not blank, not comments, not the package or an import. */
    static int codeLines(List<String> lines) {
        int code = 0;
        boolean inComment = false;
        for (String raw : lines) {
            StringBuilder line = new StringBuilder();
            String rest = raw;
            while (!rest.isEmpty()) {
                if (inComment) {
                    int end = rest.indexOf("*/");
                    if (end < 0) {
                        rest = "";
                    } else {
                        inComment = false;
                        rest = rest.substring(end + 2);
                    }
                } else {
                    int start = rest.indexOf("/*");
                    if (start < 0) {
                        line.append(rest);
                        rest = "";
                    } else {
                        line.append(rest, 0, start);
                        inComment = true;
                        rest = rest.substring(start + 2);
                    }
                }
            }
            String text = line.toString().replaceAll("//.*", "").strip();
            if (!text.isEmpty() && !text.matches("(package|import)\\s.*")) {
                code++;
            }
        }
        return code;
    }
}
