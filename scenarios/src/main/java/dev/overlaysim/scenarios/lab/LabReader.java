package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.YamlNode;


import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a {@code lab.yaml} strictly (docs/labs.md describes the format). */
public final class LabReader {

    /** The definition's file name in a lab directory. */
    public static final String LAB_FILE = "lab.yaml";

    static final List<String> TOP = List.of("id", "title", "passage", "task", "scenarios", "runChecks", "questions");
    static final List<String> PASSAGE = List.of("section", "quote");
    static final List<String> RUN_CHECK = List.of("id", "scenario", "check", "hint");
    static final List<String> QUESTION = List.of("id", "prompt", "kind", "answer", "accept", "choices", "tolerance",
            "ignoreCase", "hint", "why", "mistakes", "answerSha256", "teacherGraded");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final List<String> MISTAKE = List.of("answer", "say");
    /** A run check is an expect: item: the same kinds, read and evaluated by the scenario's own rules. */
    static final List<String> CHECK_KINDS = dev.overlaysim.scenarios.load.ScenarioLoader.expectKinds();
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.ya?ml");

    private LabReader() {
    }

    /** Reads the lab from its source; a missing or refused lab.yaml is a {@link LabInputException}. */
    public static Lab read(LabSource source) {
        String text = source.read(LAB_FILE).orElseThrow(() -> new LabInputException(
                source.display(LAB_FILE) + ": no such file; a lab directory holds a lab.yaml (see docs/labs.md)"));
        return parse(source, text);
    }

    static Lab parse(LabSource source, String text) {
        LabFields y = new LabFields(source.display(LAB_FILE));
        Optional<YamlNode> rootNode = y.root(text);
        y.throwIfAny();
        if (rootNode.isEmpty()) {
            throw new LabInputException(y.source() + ":1:1: the file has no content; expected a mapping with at least "
                    + "id, title, task, scenarios");
        }
        YamlNode root = rootNode.get();
        Map<String, YamlNode.Entry> top = y.mapping(root, "lab.yaml", TOP);
        y.throwIfAny();
        String id = y.scalar(top, "id", "lab.yaml", true, root).orElse("lab");
        if (top.containsKey("id") && !NAME.matcher(id).matches()) {
            y.add(top.get("id").value(), "expected a lab id of a-z, 0-9 and '-' (like vxlan-walk), found '" + id + "'");
        }
        Text title = y.text(top, "title", "lab.yaml", true, root).orElse(null);
        Text task = y.text(top, "task", "lab.yaml", true, root).orElse(null);
        Lab.Passage passage = new Lab.Passage(null, "");
        if (top.containsKey("passage")) {
            YamlNode p = top.get("passage").value();
            Map<String, YamlNode.Entry> pm = y.mapping(p, "passage", PASSAGE);
            passage = new Lab.Passage(y.text(pm, "section", "passage", true, p).orElse(null),
                    y.scalar(pm, "quote", "passage", true, p).orElse(""));
        }
        List<String> scenarios = y.scalars(top, "scenarios", "lab.yaml", true, root).orElse(List.of());
        if (top.containsKey("scenarios")) {
            YamlNode sn = top.get("scenarios").value();
            if (sn instanceof YamlNode.Sequence seq) {
                if (seq.items().isEmpty()) {
                    y.add(sn, "scenarios is empty; expected at least one scenario file");
                }
                for (int i = 0; i < seq.items().size() && i < scenarios.size(); i++) {
                    String f = scenarios.get(i);
                    YamlNode at = seq.items().get(i);
                    if (!FILE.matcher(f).matches() || f.equals(LAB_FILE) || f.equals(Lab.ANSWERS)) {
                        y.add(at, "expected a scenario file name in the lab directory (like scenario.yaml, not lab.yaml"
                                + " or answers.yaml), found '" + f + "'");
                    } else if (scenarios.indexOf(f) != i) {
                        y.add(at, "duplicate scenario file '" + f + "'");
                    } else if (source.read(f).isEmpty()) {
                        y.add(at, "scenario file '" + f + "' is missing: expected " + source.display(f));
                    }
                }
            }
        }
        Map<String, String> ids = new HashMap<>();
        List<Lab.RunCheck> runChecks = new ArrayList<>();
        for (YamlNode item : list(y, top, "runChecks")) {
            Lab.RunCheck c = runCheck(y, item, runChecks.size() + 1, scenarios);
            if (c != null) {
                unique(y, ids, c.id(), item);
                runChecks.add(c);
            }
        }
        List<Lab.Question> questions = new ArrayList<>();
        for (YamlNode item : list(y, top, "questions")) {
            Lab.Question q = question(y, item, id);
            if (q != null) {
                unique(y, ids, q.id(), item);
                questions.add(q);
            }
        }
        if (runChecks.isEmpty() && questions.isEmpty() && !y.hasProblems()) {
            y.add(root, "the lab has no runChecks and no questions; expected at least one graded item");
        }
        y.throwIfAny();
        return new Lab(id, title, passage, task, scenarios, runChecks, questions, source);
    }

    private static void unique(LabFields y, Map<String, String> ids, String id, YamlNode at) {
        String first = ids.putIfAbsent(id, y.at(at));
        if (first != null) {
            y.add(at, "duplicate item id '" + id + "'; it is first used at " + first);
        }
    }

    private static List<YamlNode> list(LabFields y, Map<String, YamlNode.Entry> top, String key) {
        YamlNode.Entry t = top.get(key);
        if (t == null) {
            return List.of();
        }
        if (!(t.value() instanceof YamlNode.Sequence seq)) {
            y.add(t.value(), "expected a list for " + key + ", found " + LabFields.describe(t.value()));
            return List.of();
        }
        return seq.items();
    }

    private static Lab.RunCheck runCheck(LabFields y, YamlNode item, int n, List<String> scenarios) {
        String what = "run check " + n;
        Map<String, YamlNode.Entry> m = y.mapping(item, what, RUN_CHECK);
        if (!(item instanceof YamlNode.Mapping)) {
            return null;
        }
        String id = y.scalar(m, "id", what, false, item).orElse("run-" + n);
        checkId(y, m, id);
        String scenario = y.scalar(m, "scenario", what, false, item).orElse(scenarios.isEmpty() ? "" : scenarios.get(0));
        if (m.containsKey("scenario") && !scenarios.contains(scenario)) {
            y.add(m.get("scenario").value(), "unknown scenario '" + scenario + "'"
                    + LabFields.didYouMean(scenario, scenarios) + "; expected one of the lab's scenarios: "
                    + String.join(", ", scenarios));
        }
        if (!m.containsKey("scenario") && scenarios.size() > 1) {
            y.add(item, "missing key 'scenario' in " + what + ": the lab has " + scenarios.size()
                    + " scenarios, so each run check must name its own");
        }
        Text hint = y.text(m, "hint", what, true, item).orElse(null);
        YamlNode.Entry check = m.get("check");
        if (check == null) {
            y.add(item, "missing required key 'check' in " + what + " (an expect: item, like {delivered: {flow: ping-1}})");
            return null;
        }
        YamlNode c = check.value();
        Map<String, YamlNode.Entry> cm = y.mapping(c, "check of " + what, CHECK_KINDS);
        if (!(c instanceof YamlNode.Mapping)) {
            return null;
        }
        if (cm.size() != 1) {
            if (((YamlNode.Mapping) c).entries().size() == cm.size()) {
                y.add(c, "expected exactly one check kind in check of " + what + ", found " + cm.size()
                        + "; one of: " + String.join(", ", CHECK_KINDS));
            }
            return null;
        }
        String kind = cm.keySet().iterator().next();
        if (hint == null) {
            return null;
        }
        return new Lab.RunCheck(id, scenario, c, kind, hint, y.at(item));
    }

    private static void checkId(LabFields y, Map<String, YamlNode.Entry> m, String id) {
        if (m.containsKey("id") && !NAME.matcher(id).matches()) {
            y.add(m.get("id").value(), "expected an item id of a-z, 0-9 and '-' (like vni), found '" + id + "'");
        }
    }

    private static Lab.Question question(LabFields y, YamlNode item, String labId) {
        String what = "question";
        Map<String, YamlNode.Entry> m = y.mapping(item, what, QUESTION);
        if (!(item instanceof YamlNode.Mapping)) {
            return null;
        }
        Optional<String> idOpt = y.scalar(m, "id", what, true, item);
        String id = idOpt.orElse("?");
        what = "question '" + id + "'";
        checkId(y, m, id);
        Text prompt = y.text(m, "prompt", what, true, item).orElse(null);
        Text hint = y.text(m, "hint", what, true, item).orElse(null);
        Optional<Text> why = y.text(m, "why", what, false, item);
        List<Lab.Mistake> mistakes = new ArrayList<>();
        if (m.containsKey("mistakes")) {
            YamlNode mn = m.get("mistakes").value();
            if (!(mn instanceof YamlNode.Sequence seq)) {
                y.add(mn, "expected a list for mistakes of " + what + " (items like {answer: 8472, say: ...}), found "
                        + LabFields.describe(mn));
            } else {
                for (YamlNode e : seq.items()) {
                    String w = "a mistake of " + what;
                    Map<String, YamlNode.Entry> em = y.mapping(e, w, MISTAKE);
                    if (!(e instanceof YamlNode.Mapping)) {
                        continue;
                    }
                    Optional<String> a = y.scalar(em, "answer", w, true, e);
                    Optional<Text> say = y.text(em, "say", w, true, e);
                    if (a.isPresent() && say.isPresent()) {
                        mistakes.add(new Lab.Mistake(a.get(), say.get()));
                    }
                }
            }
        }
        Optional<String> kindText = y.scalar(m, "kind", what, true, item);
        Optional<Lab.AnswerKind> kind = kindText.flatMap(Lab.AnswerKind::of);
        List<String> words = List.of("exact", "number", "one-of", "regex");
        if (kindText.isPresent() && kind.isEmpty()) {
            y.add(m.get("kind").value(), "unknown answer kind '" + kindText.get() + "'"
                    + LabFields.didYouMean(kindText.get(), words) + "; expected one of: " + String.join(", ", words));
        }
        boolean ignoreCase = false;
        if (m.containsKey("ignoreCase")) {
            Optional<String> b = y.scalar(m, "ignoreCase", what, false, item);
            if (b.isPresent() && !b.get().equals("true") && !b.get().equals("false")) {
                y.add(m.get("ignoreCase").value(), "expected true or false, found '" + b.get() + "'");
            }
            ignoreCase = b.map("true"::equals).orElse(false);
        }
        List<String> choices = y.scalars(m, "choices", what, false, item).orElse(List.of());
        String answer = "";
        List<String> accept = List.of();
        BigDecimal tolerance = BigDecimal.ZERO;
        // A handed-out lab (lab pack) carries hashes of the answers, or nothing for a teacher-graded one.
        Lab.Seal seal = null;
        if (m.containsKey("answerSha256") || m.containsKey("teacherGraded")) {
            forbid(y, m, "answer", what, "a handed-out question keeps only answerSha256 or teacherGraded");
            forbid(y, m, "accept", what, "a handed-out question keeps only answerSha256 or teacherGraded");
            List<String> hashes = y.scalars(m, "answerSha256", what, false, item).orElse(List.of());
            for (String h : hashes) {
                if (!SHA256.matcher(h).matches()) {
                    y.add(m.get("answerSha256").value(), "expected SHA-256 digests as 64 lower-case hex digits, found '" + h + "'");
                }
            }
            boolean teacher = m.containsKey("teacherGraded");
            if (teacher) {
                forbid(y, m, "answerSha256", what, "a teacher-graded question has no answer in the file");
                Optional<String> b = y.scalar(m, "teacherGraded", what, false, item);
                if (b.isPresent() && !b.get().equals("true")) {
                    y.add(m.get("teacherGraded").value(), "expected true, found '" + b.get() + "'");
                }
            }
            seal = new Lab.Seal(hashes, teacher, Answers.salt(labId, id));
        }
        if (kind.isPresent() && seal == null) {
            Lab.AnswerKind k = kind.get();
            if (k == Lab.AnswerKind.ONE_OF) {
                forbid(y, m, "answer", what, "one-of takes 'accept' (a list)");
                accept = y.scalars(m, "accept", what, true, item).orElse(List.of());
                if (m.containsKey("accept") && accept.isEmpty() && m.get("accept").value() instanceof YamlNode.Sequence) {
                    y.add(m.get("accept").value(), "accept is empty; expected at least one accepted answer");
                }
            } else {
                forbid(y, m, "accept", what, k.word() + " takes 'answer'");
                answer = y.scalar(m, "answer", what, true, item).orElse("");
            }
            if (k != Lab.AnswerKind.NUMBER) {
                forbid(y, m, "tolerance", what, "only a number question has a tolerance");
            }
            if (k == Lab.AnswerKind.NUMBER) {
                if (m.containsKey("answer") && Answers.number(answer).isEmpty()) {
                    y.add(m.get("answer").value(), "expected a number for the answer of a number question, found '" + answer + "'");
                }
                Optional<String> tol = y.scalar(m, "tolerance", what, false, item);
                if (tol.isPresent()) {
                    Optional<BigDecimal> t = Answers.number(tol.get());
                    if (t.isEmpty() || t.get().signum() < 0) {
                        y.add(m.get("tolerance").value(), "expected a number of 0 or more for the tolerance, found '" + tol.get() + "'");
                    } else {
                        tolerance = t.get();
                    }
                }
            }
            if (k == Lab.AnswerKind.REGEX && m.containsKey("answer")) {
                try {
                    Pattern.compile(answer);
                } catch (PatternSyntaxException e) {
                    y.add(m.get("answer").value(), "the answer is not a valid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }
        }
        if (idOpt.isEmpty() || prompt == null || hint == null || kind.isEmpty()) {
            return null;
        }
        Lab.Question q = new Lab.Question(id, prompt, kind.get(), answer, accept, choices, tolerance, ignoreCase, hint, why,
                mistakes, seal, y.at(item));
        // A "mistake" that is graded right would tell a right answer it is wrong.
        for (int i = 0; i < mistakes.size(); i++) {
            if (Answers.grade(q, Optional.of(mistakes.get(i).answer())).passed()) {
                y.add(((YamlNode.Sequence) m.get("mistakes").value()).items().get(i),
                        "the mistake '" + mistakes.get(i).answer() + "' of " + what + " is graded right; a mistake must be a wrong answer");
            }
        }
        return q;
    }

    private static void forbid(LabFields y, Map<String, YamlNode.Entry> m, String key, String what, String why) {
        if (m.containsKey(key)) {
            y.add(m.get(key).key(), "'" + key + "' does not belong in " + what + ": " + why);
        }
    }
}
