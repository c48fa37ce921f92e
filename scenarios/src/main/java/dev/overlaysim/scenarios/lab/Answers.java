package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.YamlNode;


import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A student's {@code answers.yaml}: one key per question, the answer as its value (a scalar; an
 * empty value means "not answered yet"). Read strictly: unknown keys, duplicate keys, lists or
 * mappings as answers and YAML errors are refused with {@code file:line:column}.
 */
public final class Answers {

    private final Map<String, String> answers;

    private Answers(Map<String, String> answers) {
        this.answers = answers;
    }

    /** The answer to a question, trimmed; empty when missing or blank. */
    public Optional<String> of(String questionId) {
        String a = answers.get(questionId);
        return a == null || a.isBlank() ? Optional.empty() : Optional.of(a.strip());
    }

    /** No answers at all (an absent answers file). */
    public static Answers none() {
        return new Answers(Map.of());
    }

    /** Reads answers.yaml text for a lab; {@code sourceName} is used in messages. */
    public static Answers parse(Lab lab, String text, String sourceName) {
        LabFields y = new LabFields(sourceName);
        Optional<YamlNode> root = y.root(text);
        y.throwIfAny();
        if (root.isEmpty()) {
            return none();
        }
        List<String> ids = lab.questions().stream().map(Lab.Question::id).toList();
        Map<String, YamlNode.Entry> m = y.mapping(root.get(), "the answers file", ids);
        Map<String, String> out = new LinkedHashMap<>();
        if (root.get() instanceof YamlNode.Mapping) {
            for (Map.Entry<String, YamlNode.Entry> e : m.entrySet()) {
                YamlNode v = e.getValue().value();
                if (LabFields.isNull(v)) {
                    continue;
                }
                if (!(v instanceof YamlNode.Scalar s)) {
                    y.add(v, "expected the answer to '" + e.getKey() + "' as one value (a text or a number), found "
                            + LabFields.describe(v) + "; quote an answer that contains ': ' or starts with [ { - # &");
                    continue;
                }
                out.put(e.getKey(), s.text());
            }
        }
        y.throwIfAny();
        return new Answers(out);
    }

    /**
     * The verdict on one answer.
     *
     * @param expected the form of the answer (never the answer itself)
     * @param actual   what the student wrote, quoted, or "no answer"
     * @param feedback what is wrong with it, in the subject's words when the lab knows the mistake;
     *                 for a blank answer, the question again
     */
    record Verdict(boolean passed, boolean answered, boolean teacherGrades, Text expected, Text actual, Text feedback) {
    }

    /** Grades one question's answer. */
    static Verdict grade(Lab.Question q, Optional<String> given) {
        Text expected = expectedForm(q);
        if (given.isEmpty()) {
            String p = LabChecker.oneLine(q.prompt().en());
            String pz = LabChecker.oneLine(q.prompt().in(Lang.ZH));
            return new Verdict(false, false, false, expected, Text.of("no answer", "未作答"),
                    Text.of("not answered yet. The question: " + p, "还没有作答。题目：" + pz));
        }
        String a = given.get();
        Text shown = Text.of("'" + a + "'", "“" + a + "”");
        if (q.seal() != null && q.seal().teacherGraded()) {
            return new Verdict(false, true, true, expected, shown, Text.of("answered; your teacher grades this one (its answer is not in this handout)",
                    "已作答；这一题由老师评分（答案不在这份实验材料中）"));
        }
        if (q.seal() != null) {
            boolean passed = q.seal().sha256().contains(sha256(q.seal().salt(), canonical(q, a)));
            return new Verdict(passed, true, false, expected, shown, passed ? shown : whatIsWrong(q, a));
        }
        boolean passed = switch (q.kind()) {
            case EXACT -> same(q, a, q.answer());
            case ONE_OF -> q.accept().stream().anyMatch(x -> same(q, a, x));
            case REGEX -> Pattern.compile(q.answer(), q.ignoreCase()
                    ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0).matcher(normalize(a)).matches();
            case NUMBER -> number(a).map(n -> n.subtract(number(q.answer()).orElseThrow()).abs().compareTo(q.tolerance()) <= 0)
                    .orElse(false);
        };
        return new Verdict(passed, true, false, expected, shown, passed ? shown : whatIsWrong(q, a));
    }

    /** What a handed-out lab's digests of question {@code questionId} of lab {@code labId} are salted with. */
    static String salt(String labId, String questionId) {
        return "overlaysim-lab-answer/1\n" + labId + "\n" + questionId + "\n";
    }

    /**
     * An answer as the question compares it, as one string: white space collapsed, lower case when
     * the question ignores case, a number in its plainest form (42.0 and 42 are one answer).
     */
    static String canonical(Lab.Question q, String answer) {
        String n = normalize(answer);
        if (q.kind() == Lab.AnswerKind.NUMBER) {
            Optional<BigDecimal> d = number(n);
            if (d.isPresent()) {
                return d.get().signum() == 0 ? "0" : d.get().stripTrailingZeros().toPlainString();
            }
        }
        return q.ignoreCase() ? n.toLowerCase(Locale.ROOT) : n;
    }

    /** SHA-256 of salt + text, lower-case hex. */
    static String sha256(String salt, String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest((salt + text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Whether a question's answer can be handed out as digests: one or more fixed answers compared exactly. */
    static boolean hashable(Lab.Question q) {
        return q.kind() == Lab.AnswerKind.EXACT || q.kind() == Lab.AnswerKind.ONE_OF
                || (q.kind() == Lab.AnswerKind.NUMBER && q.tolerance().signum() == 0);
    }

    /** Why a wrong answer is wrong: the lab's word for a known mistake, else what can be said without giving the answer away. */
    private static Text whatIsWrong(Lab.Question q, String a) {
        String en = "you wrote '" + a + "'";
        String zh = "你写的是“" + a + "”";
        for (Lab.Mistake m : q.mistakes()) {
            boolean hit = q.kind() == Lab.AnswerKind.NUMBER
                    ? number(a).isPresent() && number(m.answer()).isPresent() && number(a).get().compareTo(number(m.answer()).get()) == 0
                    : same(q, a, m.answer());
            if (hit) {
                return Text.of(en + ": " + m.say().en().strip(), zh + "：" + m.say().in(Lang.ZH).strip());
            }
        }
        if (q.kind() == Lab.AnswerKind.NUMBER) {
            if (number(a).isEmpty()) {
                return Text.of(en + ", but the answer is a number: write it in digits (like 42), without units",
                        zh + "，但答案是一个数：请只写阿拉伯数字（例如 42），不带单位");
            }
            return Text.of(en + "; that is not the number the question asks for", zh + "；这不是题目要的那个数");
        }
        if (!q.choices().isEmpty()) {
            boolean offered = q.choices().stream().anyMatch(c -> same(q, a, c));
            return offered ? Text.of(en + "; that choice is not the right one", zh + "；这个选项不对")
                    : Text.of(en + ", which is not one of the choices " + String.join(", ", q.choices()),
                    zh + "，它不是给出的选项（" + String.join("、", q.choices()) + "）之一");
        }
        List<String> right = q.seal() != null ? List.<String>of() : q.kind() == Lab.AnswerKind.ONE_OF ? q.accept()
                : q.kind() == Lab.AnswerKind.EXACT ? List.of(q.answer()) : List.of();
        for (String r : right) {
            String x = normalize(a).toLowerCase(Locale.ROOT);
            String y = normalize(r).toLowerCase(Locale.ROOT);
            if (x.equals(y) || x.replaceAll("[\\s\"'`]", "").equals(y.replaceAll("[\\s\"'`]", ""))) {
                return Text.of(en + ": close, but not exactly; copy it character by character (case, spaces, quotes)",
                        zh + "：很接近，但不完全一致；请逐字照抄（大小写、空格、引号）");
            }
        }
        return Text.of(en + "; that is not what the question asks for", zh + "；这不是题目要的答案");
    }

    static Text expectedForm(Lab.Question q) {
        return switch (q.kind()) {
            case NUMBER -> q.tolerance().signum() == 0 ? Text.of("a number", "一个数")
                    : Text.of("a number (within ±" + q.tolerance().toPlainString() + ")",
                    "一个数（允许误差 ±" + q.tolerance().toPlainString() + "）");
            case EXACT -> Text.of("a particular text", "一段特定的文字");
            case ONE_OF -> q.choices().isEmpty() ? Text.of("one of the accepted answers", "可接受的答案之一")
                    : Text.of("one of: " + String.join(", ", q.choices()), "以下之一：" + String.join(", ", q.choices()));
            case REGEX -> Text.of("a text of the expected form", "符合要求格式的文字");
        };
    }

    private static boolean same(Lab.Question q, String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        return q.ignoreCase() ? x.toLowerCase(Locale.ROOT).equals(y.toLowerCase(Locale.ROOT)) : x.equals(y);
    }

    /** Trims and collapses every run of white space to one space. */
    static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    /** A plain decimal number (like 148, 42.2, -3), or empty. */
    static Optional<BigDecimal> number(String s) {
        String t = s.strip();
        return DECIMAL.matcher(t).matches() ? Optional.of(new BigDecimal(t)) : Optional.empty();
    }
}
