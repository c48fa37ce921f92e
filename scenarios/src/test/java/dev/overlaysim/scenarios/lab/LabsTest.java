package dev.overlaysim.scenarios.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every shipped lab through start, check, solution, check; a teacher's lab; bad input; hints; reports. */
class LabsTest {

    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    record Cli(int exit, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new LabCommand());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Cli(exit, out.toString(), err.toString());
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static List<String> labs() {
        return Labs.builtinIds();
    }

    @Test
    void listShowsAllTwelveLabs() {
        Cli c = Cli.run("list", "--lang", "en");
        assertThat(c.exit()).as(c.toString()).isZero();
        assertThat(labs()).hasSize(12).containsExactly("udp-walk", "vxlan-walk", "broken-fdb", "host-gw-router", "mtu",
                "node-join", "backends-compared", "arp-vs-fdb", "l2-question", "lease-expiry", "tcp-black-hole", "tcp-backends");
        for (String id : labs()) {
            assertThat(c.out()).contains(id);
        }
        assertThat(Cli.run("list", "--lang", "zh").out()).contains("思考题：Flannel 能保证容器之间二层网络的连通性吗？");
    }

    @ParameterizedTest
    @MethodSource("labs")
    void startThenCheckFailsWithHintsAndSolutionPasses(String id, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve(id);
        Cli start = Cli.run("start", id, dir.toString(), "--lang", "en");
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(dir.resolve("README.md")).exists();
        assertThat(dir.resolve(".lab")).content().contains("lab: " + id);
        Lab lab = Labs.byName(id);
        for (String s : lab.scenarios()) {
            assertThat(dir.resolve(s)).exists();
        }
        String answers = Files.readString(dir.resolve("answers.yaml"));
        for (Lab.Question q : lab.questions()) {
            assertThat(answers).contains("\n" + q.id() + ":\n");
        }

        Cli check = Cli.run("check", dir.toString(), "--lang", "en");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        List<String> failLines = check.out().lines().filter(l -> l.matches("\\s*\\d+ FAIL .*")).toList();
        // A failed run check says what it expected, what the run gave and the hint; a blank answer gets
        // its question again and the way to the hint, not the hint itself.
        assertThat(failLines).isNotEmpty().allSatisfy(l -> assertThat(l).satisfiesAnyOf(
                x -> assertThat(x).contains("expected: ").contains("; got: ").contains("hint: "),
                x -> assertThat(x).contains("not answered yet. The question: ").containsPattern("`overlaysim lab hint \\d+` gives a hint")
                        .doesNotContain("hint: ")));
        assertThat(check.out().lines().filter(l -> l.matches("\\s*\\d+ (PASS|FAIL) .*")).count()).isEqualTo(lab.itemCount());
        boolean startsBroken = lab.runChecks().stream().anyMatch(c -> check.out().contains(c.hint().en().strip().split("\n")[0]));
        if (!startsBroken) {
            // a working scenario: only the empty answers fail
            assertThat(failLines).allSatisfy(l -> assertThat(l).contains("not answered yet"));
        }

        Cli solution = Cli.run("solution", id, dir.toString());
        assertThat(solution.exit()).as(solution.toString()).isZero();
        Cli again = Cli.run("check", dir.toString(), "--lang", "en");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("FAIL").contains(lab.itemCount() + " of " + lab.itemCount() + " items pass");
    }

    @ParameterizedTest
    @MethodSource("labs")
    void chineseTextsForEveryLab(String id, @TempDir Path tmp) throws Exception {
        Lab lab = Labs.byName(id);
        assertThat(lab.title().zh()).containsPattern(CJK);
        assertThat(lab.task().zh()).containsPattern(CJK);
        assertThat(lab.passage().quote()).containsPattern(CJK);
        lab.runChecks().forEach(c -> assertThat(c.hint().zh()).as(c.id()).containsPattern(CJK));
        lab.questions().forEach(q -> {
            assertThat(q.prompt().zh()).as(q.id()).containsPattern(CJK);
            assertThat(q.hint().zh()).as(q.id()).containsPattern(CJK);
        });
        Cli start = Cli.run("start", id, tmp.toString(), "--lang", "zh");
        assertThat(start.exit()).as(start.toString()).isZero();
        String readme = Files.readString(tmp.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(lab.title().zh()).contains(lab.task().zh().strip()).contains("评分项");
        Cli check = Cli.run("--lang", "zh", "check", tmp.toString());
        assertThat(check.out()).contains("还没有作答。题目：").contains("给出提示").containsPattern(CJK);
        Cli hint = Cli.run("hint", tmp.toString(), "1", "--lang", "zh");
        assertThat(hint.out()).containsPattern(CJK);
    }

    @Test
    void teacherLabInAPlainDirectory(@TempDir Path tmp) throws Exception {
        Path labDir = Path.of(LabsTest.class.getResource("/teacher-lab/lab.yaml").toURI()).getParent();
        Path work = tmp.resolve("student");
        Cli start = Cli.run("start", labDir.toString(), work.toString(), "--lang", "en");
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(work.resolve(".lab")).content().contains("lab: " + labDir.toAbsolutePath().normalize());
        Cli check = Cli.run("check", work.toString(), "--lang", "en");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("1 PASS  delivered: flow ping-1", "3 FAIL  question ttl — not answered yet");
        Files.writeString(work.resolve("answers.yaml"), "ttl: 64\nhops: two\n");
        Cli wrong = Cli.run("check", work.toString(), "--lang", "en");
        assertThat(wrong.out()).contains("3 FAIL  question ttl — you wrote '64'; that is not the number the question asks for;"
                + " hint: Read ping's output");
        Files.writeString(work.resolve("answers.yaml"), "ttl: 62\nhops: two\n");
        Cli pass = Cli.run("check", work.toString(), "--lang", "en");
        assertThat(pass.exit()).as(pass.toString()).isZero();

        Path sol = tmp.resolve("sol");
        assertThat(Cli.run("solution", labDir.toString(), sol.toString()).exit()).isZero();
        assertThat(Cli.run("check", sol.toString()).exit()).isZero();
        // the lab's own solution/ directory checks against its lab
        Cli own = Cli.run("check", labDir.resolve("solution").toString());
        assertThat(own.exit()).as(own.toString()).isZero();
        Cli hint = Cli.run("hint", work.toString(), "2", "--lang", "en");
        assertThat(hint.out()).isEqualTo("hint 2 (through-flannel): The packet goes through both VTEPs." + System.lineSeparator());
    }

    @Test
    void badAnswersFileIsExit2WithItsLocation(@TempDir Path tmp) throws Exception {
        assertThat(Cli.run("start", "vxlan-walk", tmp.toString()).exit()).isZero();
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "vni: 1\nvnii: 2\nroute: [a, b]\n");
        Cli c = Cli.run("check", tmp.toString(), "--lang", "en");
        assertThat(c.exit()).as(c.toString()).isEqualTo(2);
        assertThat(c.err()).contains(answers + ":2:1: unknown key 'vnii' in the answers file (did you mean 'vni'?)")
                .contains(answers + ":3:8: expected the answer to 'route' as one value")
                .doesNotContain("Exception").doesNotContain("\tat ");
        Files.writeString(answers, "vni: 1\nvni: 2\n");
        assertThat(Cli.run("check", tmp.toString()).err()).contains(answers + ":2:1: duplicate key 'vni'; it is first given at 1:1");
        Files.writeString(answers, "vni: [1\n");
        Cli syntax = Cli.run("check", tmp.toString());
        assertThat(syntax.exit()).isEqualTo(2);
        assertThat(syntax.err()).startsWith(answers + ":2:1: YAML syntax error");
    }

    @Test
    void badLabNamesAndDirectoriesAreExit2(@TempDir Path tmp) throws Exception {
        Cli unknown = Cli.run("start", "vxlan-wlak", tmp.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown lab 'vxlan-wlak' (did you mean 'vxlan-walk'?)");
        Cli notLab = Cli.run("check", tmp.toString());
        assertThat(notLab.exit()).isEqualTo(2);
        assertThat(notLab.err()).contains("not a lab directory");
        Files.writeString(tmp.resolve(".lab"), "# x\nlab: nope\n");
        assertThat(Cli.run("check", tmp.toString()).err()).contains(tmp.resolve(".lab") + ":2:6: unknown lab 'nope'");
        assertThat(Cli.run("start", "mtu", tmp.resolve("m").toString()).exit()).isZero();
        Cli again = Cli.run("start", "mtu", tmp.resolve("m").toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already there");
        Files.writeString(tmp.resolve("m").resolve("scenario.yaml"), "name: mtu\nnetwork: {cidr: 10.1.0.0/16}\n");
        Cli badScenario = Cli.run("check", tmp.resolve("m").toString());
        assertThat(badScenario.exit()).isEqualTo(2);
        assertThat(badScenario.err()).contains(tmp.resolve("m").resolve("scenario.yaml") + ":2:10: missing required key 'backend'");
    }

    @Test
    void hintNPrintsThatItemsHint(@TempDir Path tmp) {
        assertThat(Cli.run("start", "vxlan-walk", tmp.toString()).exit()).isZero();
        Lab lab = Labs.byName("vxlan-walk");
        Cli h = Cli.run("hint", tmp.toString(), "5", "--lang", "en");
        Lab.Question q = lab.questions().get(5 - lab.runChecks().size() - 1);
        assertThat(q.id()).isEqualTo("vni");
        assertThat(h.exit()).isZero();
        assertThat(h.out().strip()).isEqualTo("hint 5 (vni): " + q.hint().en().strip());
        Cli zh = Cli.run("hint", tmp.toString(), "5", "--lang", "zh");
        assertThat(zh.out().strip()).isEqualTo("提示 5 (vni): " + q.hint().zh().strip());
        assertThat(Cli.run("hint", tmp.toString(), "99").exit()).isEqualTo(2);
        assertThat(Cli.run("hint", tmp.toString(), "x").err()).contains("expected an item number from 1 to " + lab.itemCount());
    }

    @Test
    void reportIsByteIdenticalAcrossRuns(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(Cli.run("start", "broken-fdb", a.toString()).exit()).isZero();
        assertThat(Cli.run("start", "broken-fdb", b.toString()).exit()).isZero();
        Files.writeString(a.resolve("answers.yaml"), "stale-mac: 5e:f8:4f:00:e3:37\ndrop-reason: fdb-miss\n");
        Files.copy(a.resolve("answers.yaml"), b.resolve("answers.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path r1 = tmp.resolve("r1.json");
        Path r2 = tmp.resolve("r2.json");
        assertThat(Cli.run("check", a.toString(), "--report", r1.toString()).exit()).isEqualTo(1);
        assertThat(Cli.run("check", b.toString(), "--report", r2.toString(), "--lang", "zh").exit()).isEqualTo(1);
        assertThat(Files.readAllBytes(r1)).isEqualTo(Files.readAllBytes(r2));
        String json = Files.readString(r1);
        assertThat(json).contains("\"lab\" : \"broken-fdb\"", "\"passed\" : false", "\"kind\" : \"run\"", "\"kind\" : \"exact\"",
                "\"actual\" : \"'fdb-miss'\"").doesNotContain(tmp.toString());
    }

    @Test
    void runCheckTheStudentsScenarioCannotTakeFailsWithTheLoadersMessage(@TempDir Path tmp) throws Exception {
        assertThat(Cli.run("start", "vxlan-walk", tmp.toString()).exit()).isZero();
        Path s = tmp.resolve("scenario.yaml");
        Files.writeString(s, Files.readString(s).replace("name: ping-1", "name: my-ping")
                + "expect:\n  - delivered: {flow: my-ping}\n");
        Cli c = Cli.run("check", tmp.toString(), "--lang", "en");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.out()).contains("1 FAIL  delivered (scenario.yaml)", "unknown flow 'ping-1'");
    }

    /**
     * The latency answers of backends-compared are what the model prints for the lab's solution
     * scenarios: a change of the timing model that moves them must move the lab with it.
     */
    @Test
    void backendsComparedLatencyAnswersAreWhatTheSolutionsSummaryPrints() throws Exception {
        Path dir = Path.of("src", "main", "resources", "labs", "backends-compared");
        String answers = Files.readString(dir.resolve("solution").resolve("answers.yaml"));
        String lab = Files.readString(dir.resolve("lab.yaml"));
        for (String backend : List.of("udp", "vxlan", "host-gw")) {
            var result = dev.overlaysim.scenarios.run.Scenario.load(dir.resolve("solution").resolve(backend + ".yaml")).run();
            String mean = String.format(java.util.Locale.ROOT, "%.3f", result.flows().get(0).perPacket().latencyNanos() / 1000.0);
            assertThat(answers).as("%s in answers.yaml", backend).contains(backend + "-latency-us: " + mean);
            assertThat(lab).as("%s in lab.yaml", backend).containsPattern("id: " + backend + "-latency-us\\n(.*\\n){4}    answer: " + Pattern.quote(mean) + "\\n");
        }
    }

    @Test
    void everyShippedLabReadsItsChecksWithItsSolution() {
        for (Lab lab : Labs.builtin()) {
            assertThat(LabChecker.validateAgainstSolution(lab)).as(lab.id()).isEmpty();
        }
    }

    @Test
    void refusedLabDefinitionPointsAtTheLine(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("lab.yaml"), "id: x\ntitle: T\ntask: T\nscenarios: [s.yaml]\nquestions:\n"
                + "  - {id: q, prompt: P, kind: numbr, answer: 1, hint: H}\n");
        Cli c = Cli.run("start", tmp.toString(), tmp.resolve("w").toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("lab.yaml:4:13: scenario file 's.yaml' is missing")
                .contains("lab.yaml:6:30: unknown answer kind 'numbr' (did you mean 'number'?)");
    }


    /**
     * A lab's files go through the scenario loader's one YAML front end: the same limits and the
     * same messages as a scenario (duplicate keys, merge keys, tags), and a run check is bound
     * against the student's scenario by the loader's own rules, where the teacher wrote it.
     */
    @Test
    void labFilesAreReadByTheScenarioReader(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("lab.yaml"), "id: x\ntitle: T\ntitle: U\ntask: !!str T\nscenarios: [s.yaml]\n"
                + "questions:\n  - {<<: {id: q}, prompt: P, kind: number, answer: 1, hint: H}\n");
        Cli c = Cli.run("start", tmp.toString(), tmp.resolve("w").toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("lab.yaml:3:1: duplicate key 'title'; it is first given at 2:1")
                .contains("lab.yaml:4:7: YAML tags are not supported, found '!!str'; remove the tag")
                .contains("lab.yaml:7:6: merge keys ('<<') are not supported; write the keys out");
        assertThat(tmp.resolve("w")).doesNotExist();

        Lab udp = Labs.byName("udp-walk");
        Lab.RunCheck check = udp.runChecks().get(0);
        String scenario = udp.source().read(udp.runChecks().get(0).scenario()).orElseThrow();
        assertThat(LabChecker.expectation(scenario, "s.yaml", check)).isNotNull();
        String renamed = scenario.replace("ping-1", "ping-9");
        assertThat(catchThrowableOfType(() -> LabChecker.expectation(renamed, "s.yaml", check),
                dev.overlaysim.scenarios.load.ScenarioException.class).problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.message()).isEqualTo("unknown flow 'ping-1' (did you mean 'ping-9'?); expected one of: ping-9");
                    // Where the teacher wrote it in lab.yaml (line 25), not a line of a spliced text.
                    assertThat(p.line()).isEqualTo(check.check().location().line()).isEqualTo(25);
                    assertThat(p.file()).isEqualTo("s.yaml + " + check.where());
                });
    }

    @Test
    void startWritesTheStepThroughViewOfEachScenarioBesideIt(@TempDir Path tmp) throws Exception {
        Cli c = Cli.run("start", "backends-compared", tmp.resolve("w").toString());
        assertThat(c.exit()).as(c.err()).isZero();
        Lab lab = Labs.byName("backends-compared");
        assertThat(lab.scenarios()).hasSizeGreaterThan(1);
        for (String s : lab.scenarios()) {
            Path page = tmp.resolve("w").resolve(s.replace(".yaml", ".html"));
            assertThat(c.out()).contains(page.toString());
            String html = Files.readString(page);
            // The page of that scenario (its own file name in the header data), self-contained.
            assertThat(html).startsWith("<!DOCTYPE html>").contains(s).doesNotContain("src=\"http", "href=\"http");
        }
        assertThat(Files.readString(tmp.resolve("w").resolve("README.md"))).contains("open `udp.html`");
    }
}
