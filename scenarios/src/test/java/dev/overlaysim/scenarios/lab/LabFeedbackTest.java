package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** What a student reads back from a lab: feedback on blank and wrong answers, masked run checks, handouts, explanations. */
class LabFeedbackTest {

    static List<String> labs() {
        return Labs.builtinIds();
    }

    private static Lab.Question question(String lab, String id) {
        return Labs.byName(lab).questions().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aBlankAnswerGetsItsQuestionAWrongOneWhatIsWrongWithIt() {
        Lab.Question q = question("mtu", "overhead");
        Answers.Verdict blank = Answers.grade(q, Optional.empty());
        Answers.Verdict wrong = Answers.grade(q, Optional.of("8472"));
        Answers.Verdict words = Answers.grade(q, Optional.of("fifty bytes"));

        assertThat(blank.answered()).isFalse();
        assertThat(blank.feedback().en()).isEqualTo("not answered yet. The question: " + q.prompt().en().strip());
        assertThat(wrong.answered()).isTrue();
        assertThat(wrong.feedback().en()).startsWith("you wrote '8472'").doesNotContain("expected: a number");
        assertThat(words.feedback().en()).isEqualTo("you wrote 'fifty bytes', but the answer is a number: write it in digits (like 42), without units");
        assertThat(wrong.feedback().en()).isNotEqualTo(blank.feedback().en());
        assertThat(Answers.grade(q, Optional.of("50.0")).passed()).isTrue();
    }

    @Test
    void aKnownMistakeIsNamedInTheSubjectsWords(@TempDir Path tmp) throws Exception {
        Path lab = tmp.resolve("lab");
        Files.createDirectories(lab);
        Files.copy(Path.of(getClass().getResource("/teacher-lab/scenario.yaml").toURI()), lab.resolve("scenario.yaml"));
        Files.writeString(lab.resolve("lab.yaml"), """
                id: port
                title: {en: "Ports"}
                task: {en: "Which port?"}
                scenarios: [scenario.yaml]
                questions:
                  - id: udp-port
                    prompt: {en: "To which UDP port does flanneld of the UDP backend send?"}
                    kind: number
                    answer: 8285
                    hint: {en: "The walk shows flanneld's sendto()."}
                    mistakes:
                      - {answer: 8472, say: {en: "8472 is flannel's VXLAN port; the question asks for the UDP backend's port"}}
                  - id: letter
                    prompt: {en: "Which one?"}
                    kind: one-of
                    accept: [b]
                    choices: [a, b, c]
                    hint: {en: "H"}
                """);
        Lab l = Labs.byName(lab.toString());
        assertThat(Answers.grade(l.questions().get(0), Optional.of("8472")).feedback().en())
                .isEqualTo("you wrote '8472': 8472 is flannel's VXLAN port; the question asks for the UDP backend's port");
        assertThat(Answers.grade(l.questions().get(0), Optional.of("8473")).feedback().en())
                .isEqualTo("you wrote '8473'; that is not the number the question asks for");
        assertThat(Answers.grade(l.questions().get(1), Optional.of("a")).feedback().en()).isEqualTo("you wrote 'a'; that choice is not the right one");
        assertThat(Answers.grade(l.questions().get(1), Optional.of("e")).feedback().en())
                .isEqualTo("you wrote 'e', which is not one of the choices a, b, c");

        // A "mistake" that grades right is refused where it is written.
        Files.writeString(lab.resolve("lab.yaml"), Files.readString(lab.resolve("lab.yaml")).replace("{answer: 8472,", "{answer: 8285.0,"));
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> Labs.byName(lab.toString()), LabInputException.class)
                .problems()).anySatisfy(p -> assertThat(p).contains("lab.yaml:12:9: ").contains("the mistake '8285.0' of question 'udp-port' is graded right"));
    }

    @Test
    void aFailedRunCheckDoesNotGiveAwayOtherItemsAnswers(@TempDir Path tmp) {
        Lab lab = Labs.byName("mtu");
        Workspace.start(lab, tmp, Lang.EN, false);
        List<ItemResult> items = LabChecker.check(lab, tmp);
        ItemResult big = items.get(1);
        // The drop that answers drop-place (node1/eth0) and drop-reason (rx-length), and the MTU
        // that answers broken-flannel-mtu (8950), are masked while those questions are open.
        assertThat(big.passed()).isFalse();
        assertThat(big.actual().en()).contains("0 of 1 delivered").doesNotContain("rx-length").doesNotContain("node1/eth0").contains("…");
        assertThat(items.get(2).actual().en()).doesNotContain("8950");
    }

    @ParameterizedTest
    @MethodSource("labs")
    void aHandoutHoldsNoAnswerAndGradesTheReferenceSolutionAsTheLabDoes(String id, @TempDir Path tmp) throws Exception {
        Lab lab = Labs.byName(id);
        Path pack = tmp.resolve("pack");
        Handout.write(lab, pack, Lang.EN);
        String sealed = Files.readString(pack.resolve("lab.yaml"));
        assertThat(sealed).doesNotContain("\n    answer: ").doesNotContain("\n    accept:").doesNotContain("\n    why:");
        assertThat(pack.resolve("solution")).doesNotExist();

        // The reference solution, graded in the handout: every item a digest can grade passes.
        for (String f : lab.scenarios()) {
            Files.writeString(pack.resolve(f), lab.source().read(Lab.SOLUTION + "/" + f).orElseThrow());
        }
        Files.writeString(pack.resolve(Lab.ANSWERS), lab.source().read(Lab.SOLUTION + "/" + Lab.ANSWERS).orElseThrow());
        Lab handed = Labs.bind(pack).lab();
        List<ItemResult> items = LabChecker.check(handed, pack);
        long teacher = lab.questions().stream().filter(q -> !Answers.hashable(q)).count();
        assertThat(items).filteredOn(ItemResult::teacherGrades).hasSize((int) teacher);
        assertThat(items).filteredOn(r -> !r.teacherGrades()).allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());

        // A wrong answer fails in the handout as in the lab.
        Lab.Question q = lab.questions().stream().filter(Answers::hashable).findFirst().orElseThrow();
        Lab.Question hq = handed.questions().stream().filter(x -> x.id().equals(q.id())).findFirst().orElseThrow();
        assertThat(Answers.grade(hq, Optional.of("surely-wrong")).passed()).isFalse();
        assertThat(Answers.grade(q, Optional.of("surely-wrong")).passed()).isFalse();
    }

    @Test
    void aZipHandoutIsTheSameBytesEveryTime(@TempDir Path tmp) throws Exception {
        Lab lab = Labs.byName("vxlan-walk");
        Handout.write(lab, tmp.resolve("a.zip"), Lang.ZH);
        Handout.write(lab, tmp.resolve("b.zip"), Lang.ZH);
        assertThat(Files.readAllBytes(tmp.resolve("a.zip"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.zip")));
        try (ZipFile z = new ZipFile(tmp.resolve("a.zip").toFile())) {
            assertThat(z.stream().map(e -> e.getName()).toList())
                    .containsExactly("vxlan-walk/README.md", "vxlan-walk/scenario.yaml", "vxlan-walk/answers.yaml", "vxlan-walk/lab.yaml");
        }
        // It refuses to overwrite.
        assertThat(LabsTest.Cli.run("pack", "vxlan-walk", tmp.resolve("a.zip").toString()).exit()).isEqualTo(2);
    }

    @Test
    void checkRecordsTheStudentAndSolutionExplainsEachAnswer(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("w");
        assertThat(LabsTest.Cli.run("start", "udp-walk", dir.toString()).exit()).isZero();
        Path report = tmp.resolve("r.json");
        LabsTest.Cli c = LabsTest.Cli.run("check", dir.toString(), "--student", "Ada Lovelace", "--report", report.toString(), "--lang", "en");
        assertThat(c.out()).startsWith("lab udp-walk: UDP mode walk: flannel0, etcd and three copies (student: Ada Lovelace)");
        assertThat(Files.readString(report)).contains("\"student\" : \"Ada Lovelace\"");
        assertThat(LabsTest.Cli.run("check", dir.toString(), "--student", "   ").exit()).isEqualTo(2);

        LabsTest.Cli s = LabsTest.Cli.run("solution", "udp-walk", tmp.resolve("s").toString(), "--lang", "en");
        assertThat(s.exit()).isZero();
        Lab lab = Labs.byName("udp-walk");
        Lab.Question port = lab.questions().stream().filter(q -> q.id().equals("udp-port")).findFirst().orElseThrow();
        int n = lab.runChecks().size() + lab.questions().indexOf(port) + 1;
        assertThat(s.out()).contains("The answers, and why:").contains(n + ". udp-port: 8285\n   "
                + port.why().orElse(port.hint()).en().strip().split("\n")[0].strip());
    }

    @Test
    void packRefusesANonEmptyDirectory(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x"), "mine");
        LabsTest.Cli c = LabsTest.Cli.run("pack", "mtu", tmp.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("already there and not an empty directory");
        assertThat(Files.readString(tmp.resolve("x"))).isEqualTo("mine");
    }

    @Test
    void aHandoutPackedAgainKeepsItsDigests(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Handout.write(Labs.byName("mtu"), a, Lang.EN);
        Path b = tmp.resolve("b");
        Handout.write(Labs.byName(a.toString()), b, Lang.EN);
        assertThat(Files.readString(b.resolve("lab.yaml"))).isEqualTo(Files.readString(a.resolve("lab.yaml")));
    }

    @ParameterizedTest
    @MethodSource("labs")
    void everyShippedQuestionExplainsItsAnswerInBothLanguages(String id) {
        for (Lab.Question q : Labs.byName(id).questions()) {
            assertThat(q.why()).as(id + " " + q.id()).isPresent();
            assertThat(q.why().get().en()).as(id + " " + q.id()).isNotBlank();
            assertThat(q.why().get().zh()).as(id + " " + q.id()).containsPattern("\\p{IsHan}");
            assertThat(q.mistakes()).as(id + " " + q.id()).isNotEmpty();
        }
    }
}
