package dev.overlaysim.scenarios;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios module's lower packages depend only downwards (docs/model.md, Layers): the format
 * ({@code model}) at the bottom, then its reader, the run, and what reports a run. The command layer
 * above them ({@code cli}, {@code lab}, {@code twin}) may use any of these; none of these may use it,
 * so a report or a run never drags in a command, a lab or the namespaces.
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/overlaysim/scenarios");
    /** Package → the packages of this module it may use. */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            "model", Set.of(),
            "i18n", Set.of(),
            "topology", Set.of("model"),
            "load", Set.of("model", "topology"),
            "run", Set.of("model", "load", "topology"),
            "report", Set.of("model", "load", "run", "topology", "i18n"),
            "assertions", Set.of("model", "load", "run"));
    // An import, or a qualified name in code (not in a comment line), of another package here.
    private static final Pattern USE = Pattern.compile("dev\\.overlaysim\\.scenarios\\.([a-z0-9]+)\\.[A-Za-z]");

    @Test
    void lowerPackagesUseOnlyThePackagesBelowThem() throws IOException {
        for (Map.Entry<String, Set<String>> e : MAY_USE.entrySet()) {
            Set<String> used = new TreeSet<>();
            try (Stream<Path> files = Files.walk(SOURCES.resolve(e.getKey()))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        String t = line.strip();
                        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || t.startsWith("package ")) continue;
                        Matcher m = USE.matcher(t);
                        while (m.find()) if (!m.group(1).equals(e.getKey())) used.add(m.group(1) + " (" + f.getFileName() + ")");
                    }
                }
            }
            assertThat(used).as("packages used by %s, which may use only %s", e.getKey(), e.getValue())
                    .allSatisfy(u -> assertThat(e.getValue()).contains(u.substring(0, u.indexOf(' '))));
        }
        assertThat(Files.isDirectory(SOURCES.resolve("report"))).as("run from the module directory").isTrue();
    }
}
