package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands docs/model.md and docs/scenario-format.md give in running text ({@code `overlaysim
 * run scenarios/examples/...`}, a span that may wrap onto the next line) run and exit 0, so a
 * renamed example or option breaks the build instead of the reader. A span is a command when it
 * names a file of the repository; one without (a command's name, {@code `overlaysim sweep FILE`})
 * is a mention. {@code twin} and {@code calibrate} need root and namespaces and are left to their
 * own tests. Files a command writes ({@code --chart}, {@code --json}, {@code --html}, {@code --pcap},
 * {@code --out}) go to a temporary directory.
 */
class InlineDocCommandsTest {
    static final List<Path> DOCS = List.of(Path.of("../docs/model.md"), Path.of("../docs/scenario-format.md"));
    static final Pattern SPAN = Pattern.compile("`(overlaysim [^`]+)`");
    static final Set<String> WRITES = Set.of("--chart", "--json", "--html", "--pcap", "--out");
    static final Set<String> NEEDS_ROOT = Set.of("twin", "calibrate");

    @TempDir
    Path dir;

    @Test
    void everyCommandInTheTextRuns() throws Exception {
        int ran = 0;
        for (Path doc : DOCS) {
            String text = Files.readString(doc);
            Matcher m = SPAN.matcher(text);
            while (m.find()) {
                List<String> words = List.of(m.group(1).trim().split("\\s+"));
                if (words.size() < 2 || NEEDS_ROOT.contains(words.get(1))) continue;
                if (words.stream().noneMatch(w -> w.startsWith("scenarios/"))) continue;
                String where = doc + ":" + (text.substring(0, m.start()).lines().count());
                List<String> args = new ArrayList<>();
                for (int w = 1; w < words.size(); w++) {
                    String a = words.get(w);
                    if (WRITES.contains(words.get(w - 1))) a = dir.resolve(Path.of(a).getFileName()).toString();
                    else if (a.startsWith("scenarios/")) a = "../" + a;
                    args.add(a);
                }
                Cli r = Cli.run(args.toArray(String[]::new));
                assertThat(r.exit()).as(where + ": " + m.group(1) + "\n" + r).isZero();
                ran++;
            }
        }
        assertThat(ran).as("commands given in the text of " + DOCS).isGreaterThanOrEqualTo(2);
    }
}
