package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;

import dev.overlaysim.scenarios.cli.Overlaysim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command a lab gives a student works as printed. The commands are the backquoted spans that
 * start with {@code overlaysim} in every text a student reads, in English and Chinese: the README
 * that {@code lab start} writes (task, items, how to work), every hint, every explanation. Each is
 * run through the real command line, in the student's directory: file names of the lab are resolved
 * in that directory and {@code lab check}/{@code lab hint}/{@code lab start} get it as their DIR, as
 * if the student had typed the command there. In the reference solution every command exits 0; in
 * the starting directory the only failures allowed are verdicts (exit 1 of {@code run} or
 * {@code lab check} on a lab that starts broken), never a usage error or a crash.
 */
class LabTextCommandsTest {

    private static final Pattern SPAN = Pattern.compile("`(overlaysim\\s[^`]*)`");

    static List<String> labs() {
        return Labs.builtinIds();
    }

    /** Every backquoted overlaysim command in the texts a student of {@code lab} reads, white space collapsed. */
    static Set<String> commands(Lab lab) {
        List<String> texts = new ArrayList<>();
        for (Lang lang : Lang.values()) {
            texts.add(Workspace.readme(lab, lang));
            texts.add(Workspace.answersTemplate(lab, lang));
            for (Lab.RunCheck c : lab.runChecks()) texts.add(c.hint().in(lang));
            for (Lab.Question q : lab.questions()) {
                texts.add(q.hint().in(lang));
                q.why().ifPresent(w -> texts.add(w.in(lang)));
                for (Lab.Mistake m : q.mistakes()) texts.add(m.say().in(lang));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : texts) {
            Matcher m = SPAN.matcher(t);
            while (m.find()) out.add(m.group(1).strip().replaceAll("\\s+", " "));
        }
        return out;
    }

    record Run(int exit, String out, String err) {
        @Override public String toString() { return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err; }
    }

    /** Runs {@code command} (as printed) as if typed in {@code dir}. */
    static Run runIn(Lab lab, Path dir, String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        assertThat(args.remove(0)).isEqualTo("overlaysim");
        Set<String> files = new LinkedHashSet<>(lab.scenarios());
        files.add(Lab.ANSWERS);
        for (String s : lab.scenarios()) files.add(Ui.view(s));
        for (int i = 0; i < args.size(); i++) {
            if (files.contains(args.get(i))) args.set(i, dir.resolve(args.get(i)).toString());
        }
        if (args.size() >= 2 && args.get(0).equals("lab")) {
            switch (args.get(1)) {
                case "check" -> args.add(2, dir.toString());
                case "hint" -> args.add(2, dir.toString());
                case "start", "solution" -> args.add(dir.resolve("again-" + args.get(2)).toString());
                default -> { }
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Overlaysim());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @MethodSource("labs")
    void everyCommandInTheLabsTextsWorksAsPrinted(String id, @TempDir Path tmp) {
        Lab lab = Labs.byName(id);
        Set<String> commands = commands(lab);
        // Every lab at least says how to run, show and check.
        assertThat(commands).as(id).anyMatch(c -> c.startsWith("overlaysim run "))
                .anyMatch(c -> c.startsWith("overlaysim show ")).contains("overlaysim lab check");

        Path start = tmp.resolve("start");
        Workspace.start(lab, start, Lang.EN, false);
        Path solved = tmp.resolve("solved");
        Workspace.start(lab, solved, Lang.EN, false);
        Workspace.solution(lab, solved);

        for (String c : commands) {
            Run r = runIn(lab, solved, c);
            assertThat(r.exit()).as(id + ", in the solved directory: " + c + "\n" + r).isZero();
            Run s = runIn(lab, start, c);
            boolean verdict = c.startsWith("overlaysim run ") || c.equals("overlaysim lab check");
            assertThat(s.exit()).as(id + ", in the starting directory: " + c + "\n" + s).isIn(verdict ? List.of(0, 1) : List.of(0));
        }
    }

    @Test
    void theExtractionSeesCommandsSplitAcrossLines() {
        Lab lab = Labs.byName("mtu");
        // The mtu task breaks `overlaysim show scenario.yaml node2 -- ip link show flannel.1` over two lines.
        assertThat(commands(lab)).contains("overlaysim show scenario.yaml node2 -- ip link show flannel.1");
    }

    @Test
    void aBrokenCommandIsCaught(@TempDir Path tmp) {
        // The guard itself: the command the issue found broken fails without its `--`.
        Lab lab = Labs.byName("vxlan-walk");
        Workspace.start(lab, tmp, Lang.EN, false);
        assertThat(runIn(lab, tmp, "overlaysim show scenario.yaml node1 ip -d link show flannel.1").exit()).isEqualTo(2);
        assertThat(runIn(lab, tmp, "overlaysim show scenario.yaml node1 -- ip -d link show flannel.1").exit()).isZero();
    }
}
