package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.YamlNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A lab, as read from its {@code lab.yaml}: the task, the passage of the source document it is tied
 * to, the scenario files it hands out, and its graded items: checks on the run (the scenario
 * {@code expect:} vocabulary) and questions. Items are numbered from 1 in that order, run checks
 * first; {@code overlaysim lab hint N} and the check output use those numbers.
 *
 * @param id        the lab's name, {@code [a-z0-9-]}
 * @param title     one line
 * @param passage   where in the source document the lab comes from
 * @param task      the task, Markdown
 * @param scenarios the scenario files handed out (relative to the lab directory), at least one
 * @param runChecks checks on the run of the student's scenario(s)
 * @param questions questions answered in {@code answers.yaml}
 * @param source    where the lab was read from
 */
public record Lab(String id, Text title, Passage passage, Text task, List<String> scenarios,
                  List<RunCheck> runChecks, List<Question> questions, LabSource source) {

    /** The name of the answers file in a lab and a student's directory. */
    public static final String ANSWERS = "answers.yaml";
    /** The folder of a lab that holds the reference solution. */
    public static final String SOLUTION = "solution";

    public Lab {
        scenarios = List.copyOf(scenarios);
        runChecks = List.copyOf(runChecks);
        questions = List.copyOf(questions);
    }

    /** Number of graded items. */
    public int itemCount() {
        return runChecks.size() + questions.size();
    }

    /**
     * A passage of the source document ({@code flannel-overlay-notes.zh.md}, written in Chinese).
     *
     * @param section the heading it sits under: {@code zh} as the document spells it ({@code VXLAN 模式}),
     *                {@code en} in English ({@code VXLAN mode}) for the English texts
     *                null when the lab names no passage
     * @param quote   a short phrase quoted from it, in Chinese; empty when the lab names no passage
     */
    public record Passage(Text section, String quote) {
    }

    /**
     * A check on the run: one {@code expect:} item, kept as the located YAML tree the teacher wrote
     * so the scenario loader binds it with the student's scenario (same vocabulary, same messages).
     *
     * @param id       unique among the lab's items
     * @param scenario the scenario file it applies to
     * @param check    the item, e.g. {@code {delivered: {flow: ping-1}}}, as read from lab.yaml
     * @param kind     the check's key, e.g. {@code table}
     * @param hint     shown when it fails
     * @param where    {@code lab.yaml:line:column} of the item
     */
    public record RunCheck(String id, String scenario, YamlNode check, String kind, Text hint, String where) {
        /** The check as one line of flow YAML, as students see it and a handout writes it. */
        public String yaml() {
            return LabFields.flow(check);
        }
    }

    /** How an answer is compared. */
    public enum AnswerKind {
        /** The same text, compared after trimming and collapsing runs of white space. */
        EXACT("exact"),
        /** A number within {@code tolerance} of the answer. */
        NUMBER("number"),
        /** Any one of the accepted texts (compared as {@link #EXACT}). */
        ONE_OF("one-of"),
        /** The whole answer (trimmed, white space collapsed) matches a regular expression. */
        REGEX("regex");

        private final String word;

        AnswerKind(String word) {
            this.word = word;
        }

        /** The word used in lab.yaml and in reports. */
        public String word() {
            return word;
        }

        public static Optional<AnswerKind> of(String word) {
            for (AnswerKind k : values()) {
                if (k.word.equals(word)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A question.
     *
     * @param id         the key in answers.yaml
     * @param prompt     the question
     * @param kind       how the answer is compared
     * @param answer     the expected answer (exact, regex: the text or pattern; number: the number);
     *                   empty for one-of
     * @param accept     one-of: the accepted answers
     * @param choices    the choices offered to the student (shown with the prompt), may be empty
     * @param tolerance  number: the largest accepted difference
     * @param ignoreCase exact, one-of, regex: compare ignoring case
     * @param hint       shown when the answer is wrong (and by {@code lab hint N})
     * @param why        why the answer is what it is, shown by {@code lab solution}; empty when the lab gives none
     * @param mistakes   answers students are known to give, each with what is wrong with it in the subject's words
     * @param seal       for a lab handed out by {@code lab pack}: the answers' hashes instead of the
     *                   answers (then {@code answer} and {@code accept} are empty); null for a full lab
     * @param where      {@code lab.yaml:line:column} of the question
     */
    public record Question(String id, Text prompt, AnswerKind kind, String answer, List<String> accept,
                           List<String> choices, BigDecimal tolerance, boolean ignoreCase, Text hint,
                           Optional<Text> why, List<Mistake> mistakes, Seal seal, String where) {
        public Question {
            accept = List.copyOf(accept);
            choices = List.copyOf(choices);
            mistakes = List.copyOf(mistakes);
        }
    }

    /**
     * What a handed-out lab keeps of a question's answer ({@link Seal}): the SHA-256 of each accepted
     * answer in its canonical form ({@link Answers#canonical}), salted with the lab's and the
     * question's id, so that {@code lab check} can grade without the file holding the answer; or,
     * for an answer no hash can grade (a pattern, a number within a tolerance), nothing: the
     * teacher grades it from the report.
     *
     * @param sha256        lower-case hex digests; empty when {@code teacherGraded}
     * @param teacherGraded the answer is not in the handout at all
     * @param salt          what the digests are salted with: the lab's id and the question's
     */
    public record Seal(List<String> sha256, boolean teacherGraded, String salt) {
        public Seal {
            sha256 = List.copyOf(sha256);
        }
    }

    /**
     * A wrong answer students are known to give, and what to tell them:
     * {@code {answer: 8472, say: "8472 is flannel's VXLAN port; the question asks for the UDP backend's"}}.
     * Matched the way the question compares answers (white space collapsed, case as the question says).
     */
    public record Mistake(String answer, Text say) {
    }
}
