package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command docs/cli.md shows as {@code $ ./overlaysim ...} in a code block runs, in the order
 * shown, and exits 0; each output line the doc shows under it is a line of what it printed, in that
 * order (a doc may cut rows, never change them). {@code $ for k in $(seq A B); do ./overlaysim ...
 * $k ...; done} runs the command for each k. Paths of the repository ({@code scenarios/...}) are
 * read where they are; the directories a command writes ({@code --out}, {@code --emit k8s DIR},
 * {@code sweep merge DIR}) are made in a temporary directory, under the name the doc gives them.
 */
class DocCommandsTest {
    static final Path DOC = Path.of("../docs/cli.md");
    static final Pattern FOR = Pattern.compile("for (\\w+) in \\$\\(seq (\\d+) (\\d+)\\); do (\\./overlaysim .*); done");

    @TempDir
    Path dir;

    @Test
    void everyShownCommandRunsAndPrintsWhatTheDocShows() throws Exception {
        List<String> lines = Files.readAllLines(DOC);
        boolean inBlock = false;
        int ran = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !line.startsWith("$ ")) continue;
            List<String> shown = new ArrayList<>();
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).startsWith("```"); j++) {
                if (!lines.get(j).isBlank()) shown.add(lines.get(j).stripTrailing());
            }
            String command = line.substring(2);
            Matcher loop = FOR.matcher(command);
            if (loop.matches()) {
                for (int k = Integer.parseInt(loop.group(2)); k <= Integer.parseInt(loop.group(3)); k++) {
                    run(DOC + ":" + (i + 1) + " (" + loop.group(1) + "=" + k + ")", loop.group(4).replace("$" + loop.group(1), String.valueOf(k)), shown);
                }
            } else {
                assertThat(command).as(DOC + ":" + (i + 1)).startsWith("./overlaysim ");
                run(DOC + ":" + (i + 1), command, shown);
            }
            ran++;
        }
        assertThat(ran).as("commands shown in " + DOC).isGreaterThanOrEqualTo(8);
    }

    private void run(String where, String command, List<String> shown) {
        List<String> words = new ArrayList<>(List.of(command.substring("./overlaysim ".length()).split(" +")));
        List<String> args = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            String a = words.get(w);
            String before = w > 0 ? words.get(w - 1) : "";
            boolean written = before.equals("--out") || (w > 1 && words.get(w - 2).equals("--emit")) || before.equals("merge");
            if (a.startsWith("scenarios/")) a = "../" + a;
            else if (written) a = dir.resolve(a).toString();
            args.add(a);
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(where + ": " + command + "\n" + r).isZero();
        // Trailing blanks are not compared: ip route ends its lines with one, as iproute2 does; a doc's lines are trimmed.
        List<String> printed = r.out().replace(dir + "/", "").lines().map(String::stripTrailing).toList();
        if (!shown.isEmpty()) assertThat(printed).as(where + ": " + command + " prints the lines the doc shows").containsSubsequence(shown);
    }
}
