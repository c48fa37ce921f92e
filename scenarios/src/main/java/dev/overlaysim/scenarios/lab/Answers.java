package dev.overlaysim.scenarios.lab;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

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
        StrictYaml y = new StrictYaml(sourceName, text);
        Optional<Node> root = y.root();
        y.throwIfAny();
        if (root.isEmpty()) {
            return none();
        }
        List<String> ids = lab.questions().stream().map(Lab.Question::id).toList();
        Map<String, NodeTuple> m = y.mapping(root.get(), "the answers file", ids);
        Map<String, String> out = new LinkedHashMap<>();
        if (root.get() instanceof MappingNode) {
            for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
                Node v = e.getValue().getValueNode();
                if (StrictYaml.isNull(v)) {
                    continue;
                }
                if (!(v instanceof ScalarNode s)) {
                    y.add(v, "expected the answer to '" + e.getKey() + "' as one value (a text or a number), found "
                            + StrictYaml.describe(v) + "; quote an answer that contains ': ' or starts with [ { - # &");
                    continue;
                }
                out.put(e.getKey(), s.getValue());
            }
        }
        y.throwIfAny();
        return new Answers(out);
    }

    /** The verdict on one answer. */
    record Verdict(boolean passed, Text expected, Text actual) {
    }

    /** Grades one question's answer; {@code expected} describes the form of the answer, never the answer itself. */
    static Verdict grade(Lab.Question q, Optional<String> given) {
        Text expected = expectedForm(q);
        if (given.isEmpty()) {
            return new Verdict(false, expected, Text.of("no answer", "未作答"));
        }
        String a = given.get();
        Text shown = Text.of("'" + a + "'", "“" + a + "”");
        return switch (q.kind()) {
            case EXACT -> new Verdict(same(q, a, q.answer()), expected, shown);
            case ONE_OF -> new Verdict(q.accept().stream().anyMatch(x -> same(q, a, x)), expected, shown);
            case REGEX -> new Verdict(Pattern.compile(q.answer(), q.ignoreCase()
                    ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0).matcher(normalize(a)).matches(), expected, shown);
            case NUMBER -> {
                Optional<BigDecimal> n = number(a);
                if (n.isEmpty()) {
                    yield new Verdict(false, expected, Text.of(shown.en() + " is not a number", shown.zh() + " 不是数字"));
                }
                BigDecimal want = number(q.answer()).orElseThrow();
                yield new Verdict(n.get().subtract(want).abs().compareTo(q.tolerance()) <= 0, expected, shown);
            }
        };
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
