package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Grades a directory against a lab: runs each of the lab's scenarios as found in the directory,
 * evaluates the lab's run checks on the results with the scenario runner's own {@code expect:}
 * vocabulary and wording, and grades the answers in {@code answers.yaml}.
 *
 * <p>A run check is read by the scenario loader together with the student's scenario (the
 * student's own {@code expect:} is set aside and the lab's item put in its place), so it means
 * exactly what the same line means in a scenario's {@code expect:}. A check the student's scenario
 * cannot support (say, a flow the student renamed) fails with the loader's message instead.
 */
public final class LabChecker {

    private LabChecker() {
    }

    /** The graded items, in order. Bad input (a refused scenario or answers file) is a {@link LabInputException}. */
    public static List<ItemResult> check(Lab lab, Path dir) {
        Answers answers = readAnswers(lab, dir);
        Map<String, ScenarioRun> runs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String file : lab.scenarios()) {
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p)) {
                problems.add(p + ":1:1: no such file; the lab '" + lab.id() + "' grades this scenario"
                        + " (`overlaysim lab start " + lab.id() + "` writes it)");
                continue;
            }
            try {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                ScenarioSpec spec = ScenarioLoader.load(p);
                runs.put(file, new ScenarioRun(p.toString(), text, Scenario.of(spec).run()));
            } catch (ScenarioException e) {
                e.problems().forEach(pr -> problems.add(pr.toString()));
            } catch (IOException e) {
                problems.add(p + ":1:1: cannot read the file: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new LabInputException(problems);
        }
        List<ItemResult> questions = new ArrayList<>();
        List<Lab.Question> open = new ArrayList<>();
        int n = lab.runChecks().size();
        for (Lab.Question q : lab.questions()) {
            n++;
            Answers.Verdict v = Answers.grade(q, answers.of(q.id()));
            questions.add(new ItemResult(n, q.id(), q.kind().word(), q.id(), v.passed(), v.expected(), v.actual(),
                    v.answered(), v.teacherGrades(), v.feedback(), q.hint()));
            if (!v.passed()) {
                open.add(q);
            }
        }
        List<ItemResult> out = new ArrayList<>();
        n = 0;
        for (Lab.RunCheck c : lab.runChecks()) {
            n++;
            out.add(withoutAnswers(evaluate(n, c, runs.get(c.scenario())), lab, open));
        }
        out.addAll(questions);
        return out;
    }

    /**
     * A failed run check shows what the run gave, and the run may print what another item asks for
     * (a failed delivery lists the drop that a question asks about): the answers of the questions
     * still open are masked in it, so that each item shows only what it asks about.
     */
    private static ItemResult withoutAnswers(ItemResult r, Lab lab, List<Lab.Question> open) {
        if (r.passed() || open.isEmpty()) {
            return r;
        }
        String actual = r.actual().en();
        for (Lab.Question q : open) {
            List<String> answers = switch (q.kind()) {
                case EXACT, NUMBER -> List.of(q.answer());
                case ONE_OF -> q.accept();
                case REGEX -> List.of(); // a pattern, not a value that could appear in the output
            };
            for (String a : q.seal() != null ? List.<String>of() : answers) {
                // A one- or two-character answer (a choice letter, a small count) is not findable in a
                // run's output without masking every digit of it; longer ones are masked as whole tokens.
                if (Answers.normalize(a).length() >= 3) {
                    actual = Pattern.compile("(?<![\\w./:-])" + Pattern.quote(Answers.normalize(a)) + "(?![\\w/:-])",
                            q.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0).matcher(actual).replaceAll("…");
                }
            }
        }
        // A handed-out lab knows its answers only as digests: mask each word of the output whose
        // digest is an open answer's (a table line as an answer is not caught this way).
        for (Lab.Question q : open) {
            if (q.seal() == null || q.seal().sha256().isEmpty()) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            java.util.regex.Matcher word = Pattern.compile("[^\\s{}=,;|()\"'\\[\\]]+").matcher(actual);
            int last = 0;
            while (word.find()) {
                String w = word.group();
                boolean hit = Answers.normalize(w).length() >= 3
                        && q.seal().sha256().contains(Answers.sha256(q.seal().salt(), Answers.canonical(q, w)));
                sb.append(actual, last, word.start()).append(hit ? "…" : w);
                last = word.end();
            }
            actual = sb.append(actual.substring(last)).toString();
        }
        if (actual.equals(r.actual().en())) {
            return r;
        }
        Text masked = same(actual);
        return new ItemResult(r.number(), r.id(), r.kind(), r.what(), false, r.expected(), masked, true, false,
                runFeedback(r.expected().en(), actual), r.hint());
    }

    /** A run check's feedback: what it expected and what the run gave (the runner's words, English). */
    private static Text runFeedback(String expected, String actual) {
        return Text.of("expected: " + expected + "; got: " + actual, "期望：" + expected + "；实际：" + actual);
    }

    private record ScenarioRun(String name, String text, ScenarioResult result) {
    }

    private static ItemResult evaluate(int n, Lab.RunCheck c, ScenarioRun run) {
        Expectation e;
        try {
            e = expectation(run.text(), run.name(), c);
        } catch (ScenarioException ex) {
            String why = ex.problems().stream().map(p -> p.message()).distinct().reduce((a, b) -> a + "; " + b).orElse("");
            return runItem(n, c, c.kind() + " (" + c.scenario() + ")", false,
                    "a scenario this check can be evaluated on: " + oneLine(c.yaml()),
                    "your scenario " + c.scenario() + " cannot take it: " + why);
        }
        CheckResult r;
        try {
            r = run.result().evaluate(List.of(e)).get(0);
        } catch (RuntimeException ex) {
            return runItem(n, c, c.kind() + " (" + c.scenario() + ")", false, oneLine(c.yaml()), String.valueOf(ex.getMessage()));
        }
        return runItem(n, c, r.check(), r.passed(), oneLine(r.expected()), oneLine(r.actual()));
    }

    private static ItemResult runItem(int n, Lab.RunCheck c, String what, boolean passed, String expected, String actual) {
        return new ItemResult(n, c.id(), "run", what, passed, same(expected), same(actual), true, false,
                runFeedback(expected, actual), c.hint());
    }

    private static Text same(String s) {
        return Text.of(s, s);
    }

    /**
     * Reads one lab check as the scenario loader reads an {@code expect:} item of this scenario:
     * bound by the loader's rules against the scenario's flows and hosts, in place of its own
     * {@code expect:}.
     */
    static Expectation expectation(String scenarioText, String scenarioName, Lab.RunCheck c) {
        ScenarioSpec spec = ScenarioLoader.withExpectations(scenarioText, scenarioName + " + " + c.where(), List.of(c.check()));
        return spec.expect().get(spec.expect().size() - 1);
    }

    private static Answers readAnswers(Lab lab, Path dir) {
        Path p = dir.resolve(Lab.ANSWERS);
        if (lab.questions().isEmpty() || !Files.isRegularFile(p)) {
            return Answers.none();
        }
        try {
            return Answers.parse(lab, Files.readString(p, StandardCharsets.UTF_8), p.toString());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new LabInputException(p + ":1:1: invalid UTF-8; expected a UTF-8 text file");
        } catch (IOException e) {
            throw new LabInputException(p + ":1:1: cannot read the file: " + e.getMessage());
        }
    }

    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\n\\s*", " | ");
    }

    /** For a lab's own files: checks every run check can be read with the lab's reference scenario. */
    static List<String> validateAgainstSolution(Lab lab) {
        List<String> problems = new ArrayList<>();
        for (Lab.RunCheck c : lab.runChecks()) {
            Optional<String> text = lab.source().read(Lab.SOLUTION + "/" + c.scenario());
            if (text.isEmpty()) {
                continue;
            }
            try {
                expectation(text.get(), lab.source().display(Lab.SOLUTION + "/" + c.scenario()), c);
            } catch (ScenarioException e) {
                e.problems().forEach(p -> problems.add(c.where() + ": run check '" + c.id() + "': " + p.message()));
            }
        }
        return problems;
    }
}
