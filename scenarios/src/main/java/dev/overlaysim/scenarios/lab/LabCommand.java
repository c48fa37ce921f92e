package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.IoErrors;
import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Subcommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code overlaysim lab}: graded exercises. {@code list}, {@code start NAME [DIR]},
 * {@code check [DIR] [--report FILE]}, {@code hint [DIR] N}, {@code solution NAME [DIR]}; texts in
 * English or Chinese ({@code --lang en|zh}, default from the locale). Exit codes: 0 every item
 * passes, 1 an item fails, 2 bad input, 3 internal error. See docs/labs.md.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        header = "Graded labs: a task, a scenario to run or fix, questions; immediate verdicts with hints.",
        description = {
                "Each lab is tied to a passage of the source document (flannel-overlay-notes.zh.md). `start` writes"
                        + " the task (README.md), a starting scenario and answers.yaml into a directory; `check` runs the"
                        + " scenario, checks the run and the answers, and prints PASS or FAIL with a hint per item.",
                "NAME is a shipped lab (see `overlaysim lab list`) or a directory holding a teacher's lab.yaml."},
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {LabCommand.ListLabs.class, LabCommand.Start.class, LabCommand.Check.class, LabCommand.Hint.class,
                LabCommand.Solution.class, LabCommand.Pack.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every graded item passes (or the command did its work)",
                "1:some item fails",
                "2:bad input: unknown lab, not a lab directory, a refused answers file or scenario",
                "3:internal error"})
public final class LabCommand implements Callable<Integer> {

    public static final int OK = ExitCodes.OK;
    public static final int ITEM_FAILED = ExitCodes.EXPECT_FAILED;
    public static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    public static final int INTERNAL_ERROR = ExitCodes.INTERNAL_ERROR;

    @Option(names = "--lang", paramLabel = "en|zh", scope = ScopeType.INHERIT, converter = LangConverter.class,
            description = "Language of the lab texts: en or zh (default: zh when the locale's language is Chinese, else en).")
    Lang lang;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The language asked for, else the locale's. */
    Lang lang() {
        return lang != null ? lang : Lang.fromLocale(Locale.getDefault());
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("overlaysim lab: missing a command (list, start, check, hint, solution, pack)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** Parses {@code --lang}. */
    public static final class LangConverter implements CommandLine.ITypeConverter<Lang> {
        @Override
        public Lang convert(String value) {
            try {
                return Lang.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Shared by the subcommands: the language. Output streams, exit codes and the mapping of failures
     * ({@link LabInputException}: its problems, exit 2; anything else: an internal error, exit 3,
     * the stack trace with {@code --debug}) are the command line's ({@link Subcommand}).
     */
    abstract static class Sub extends Subcommand {
        @ParentCommand
        LabCommand parent;

        Lang lang() {
            return parent.lang();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List the shipped labs.")
    static final class ListLabs extends Sub {
        @Override
        protected int execute() {
            List<Lab> labs = Labs.builtin();
            int width = labs.stream().mapToInt(l -> l.id().length()).max().orElse(0);
            for (Lab l : labs) {
                Text section = l.passage().section();
                out().println(String.format("%-" + width + "s  %s", l.id(), l.title().in(lang()))
                        + (section == null ? "" : "  [" + section.in(lang()) + "]"));
            }
            out().println();
            out().println(lang() == Lang.ZH ? "开始一个实验：overlaysim lab start NAME [DIR]"
                    : "Start one: overlaysim lab start NAME [DIR]");
            return OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            header = "Write a lab's task (README.md), starting scenario and answers.yaml into DIR.")
    static final class Start extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "A shipped lab, or a directory holding a lab.yaml.")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "Where to write (default: ./NAME).")
        Path dir;

        @Option(names = "--force", description = "Overwrite files already in DIR.")
        boolean force;

        @Override
        protected int execute() {
            Lab lab = Labs.byName(name);
            Path target = dir != null ? dir : Path.of(lab.id());
            List<String> files = new java.util.ArrayList<>(Workspace.start(lab, target, lang(), force));
            // Beside each scenario, its step-through view (the same page `overlaysim view` writes),
            // so a student can follow the packet the lab asks about; derived, so rewritten freely.
            for (String s : lab.scenarios()) {
                String page = dev.overlaysim.scenarios.report.HtmlView.render(
                        dev.overlaysim.scenarios.run.Scenario.load(target.resolve(s)),
                        dev.overlaysim.scenarios.run.RunOptions.DEFAULT, s, lang());
                try {
                    java.nio.file.Files.writeString(target.resolve(Ui.view(s)), page, java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new LabInputException(target.resolve(Ui.view(s)) + ": cannot write the view: " + e.getMessage());
                }
                files.add(Ui.view(s));
            }
            out().println((lang() == Lang.ZH ? "实验 " : "lab ") + lab.id() + ": " + lab.title().in(lang()));
            for (String f : files) {
                out().println("  " + target.resolve(f));
            }
            out().println(lang() == Lang.ZH
                    ? "先读 " + target.resolve(Workspace.README) + "；完成后运行：overlaysim lab check " + target
                    : "Read " + target.resolve(Workspace.README) + "; when done: overlaysim lab check " + target);
            return OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            header = "Run the scenario in DIR, check the run and the answers: PASS or FAIL with a hint per item.")
    static final class Check extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "The lab directory (default: .).")
        Path dir;

        @Option(names = "--report", paramLabel = "FILE", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "Also write the verdicts as JSON to FILE (for a teacher).")
        Path report;

        @Option(names = "--student", paramLabel = "NAME", description = "Your name, printed with the verdicts and recorded in the report.")
        String student;

        @Override
        protected int execute() {
            if (student != null && (student.isBlank() || student.length() > 100 || student.chars().anyMatch(Character::isISOControl))) {
                throw new LabInputException("--student: expected a name of 1 to 100 printable characters, found '"
                        + student.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            String name = student == null ? null : student.strip();
            Labs.Bound b = Labs.bind(dir != null ? dir : Path.of("."));
            List<ItemResult> items = LabChecker.check(b.lab(), b.dir());
            Ui ui = Ui.of(lang());
            PrintWriter o = out();
            o.println((lang() == Lang.ZH ? "实验 " : "lab ") + b.lab().id() + ": " + b.lab().title().in(lang())
                    + (name == null ? "" : (lang() == Lang.ZH ? "（学生：" + name + "）" : " (student: " + name + ")")));
            int width = String.valueOf(items.size()).length();
            for (ItemResult r : items) {
                String label = r.kind().equals("run") ? r.what() : ui.questionWord() + " " + r.id();
                String num = String.format("%" + width + "d", r.number());
                if (r.passed()) {
                    o.println(num + " PASS  " + label);
                } else if (r.teacherGrades()) {
                    o.println(num + " SENT  " + label + " — " + r.feedback().in(lang()));
                } else {
                    // A blank answer gets its question again and the way to a hint; a wrong one what is
                    // wrong with it and the hint.
                    o.println(num + " FAIL  " + label + " — " + r.feedback().in(lang()) + (r.answered()
                            ? "; " + ui.hint() + ": " + LabChecker.oneLine(r.hint().in(lang()))
                            : " (" + ui.hintFor(r.number()) + ")"));
                }
            }
            long passed = items.stream().filter(ItemResult::passed).count();
            long teacher = items.stream().filter(ItemResult::teacherGrades).count();
            long failed = items.size() - passed - teacher;
            o.println(ui.summary((int) passed, items.size()) + (teacher == 0 ? "" : ui.teacherGrades((int) teacher)) + ui.stop()
                    + (failed == 0 ? "" : " " + ui.hintTip()));
            if (report != null) {
                try {
                    Path parent = report.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(report, LabReport.json(b.lab(), name, items), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new LabInputException(report + ": cannot write the report: " + IoErrors.describe(e));
                }
            }
            return failed == 0 ? OK : ITEM_FAILED;
        }
    }

    @Command(name = "hint", mixinStandardHelpOptions = true, header = "Print the hint of item N of the lab in DIR.")
    static final class Hint extends Sub {
        @Parameters(arity = "1..2", paramLabel = "[DIR] N", description = "The lab directory (default: .) and the item's number.")
        List<String> args;

        @Override
        protected int execute() {
            Path d = args.size() == 2 ? Path.of(args.get(0)) : Path.of(".");
            String nText = args.get(args.size() - 1);
            Labs.Bound b = Labs.bind(d);
            int total = b.lab().itemCount();
            int n;
            try {
                n = Integer.parseInt(nText);
            } catch (NumberFormatException e) {
                throw new LabInputException("expected an item number from 1 to " + total + ", found '" + nText + "'");
            }
            if (n < 1 || n > total) {
                throw new LabInputException("expected an item number from 1 to " + total + ", found " + n);
            }
            Lab lab = b.lab();
            String id;
            Text hint;
            if (n <= lab.runChecks().size()) {
                Lab.RunCheck c = lab.runChecks().get(n - 1);
                id = c.id();
                hint = c.hint();
            } else {
                Lab.Question q = lab.questions().get(n - lab.runChecks().size() - 1);
                id = q.id();
                hint = q.hint();
            }
            out().println((lang() == Lang.ZH ? "提示 " : "hint ") + n + " (" + id + "): " + hint.in(lang()).strip());
            return OK;
        }
    }

    @Command(name = "solution", mixinStandardHelpOptions = true,
            header = "Write a lab's reference solution (scenario and answers.yaml) into DIR.")
    static final class Solution extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "A shipped lab, or a directory holding a lab.yaml.")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "Where to write (default: ./NAME-solution); files there are overwritten.")
        Path dir;

        @Override
        protected int execute() {
            Lab lab = Labs.byName(name);
            Path target = dir != null ? dir : Path.of(lab.id() + "-solution");
            List<String> files = Workspace.solution(lab, target);
            out().println((lang() == Lang.ZH ? "实验 " : "lab ") + lab.id() + (lang() == Lang.ZH ? " 的参考答案：" : ": reference solution"));
            for (String f : files) {
                out().println("  " + target.resolve(f));
            }
            // The answers with their reasons: a bare value teaches nothing.
            Answers answers = Answers.parse(lab, lab.source().read(Lab.SOLUTION + "/" + Lab.ANSWERS).orElse(""),
                    lab.source().display(Lab.SOLUTION + "/" + Lab.ANSWERS));
            int n = lab.runChecks().size();
            if (!lab.questions().isEmpty()) {
                out().println();
                out().println(lang() == Lang.ZH ? "答案及原因：" : "The answers, and why:");
            }
            for (Lab.Question q : lab.questions()) {
                n++;
                out().println(n + ". " + q.id() + ": " + answers.of(q.id()).orElse("?"));
                Text why = q.why().orElse(q.hint());
                for (String line : why.in(lang()).strip().split("\n")) {
                    out().println("   " + line.strip());
                }
            }
            return OK;
        }
    }

    @Command(name = "pack", mixinStandardHelpOptions = true,
            header = "Write a lab as a handout for students, without its answers: a directory, or a .zip.",
            description = {"The handout holds README.md, the starting scenario(s), answers.yaml to fill and a lab.yaml"
                    + " whose answers are SHA-256 digests (salted with the lab's and question's id), so that"
                    + " `overlaysim lab check` in the handout grades without the file holding any answer. A question"
                    + " no digest can grade (a pattern, a number within a tolerance) is left out of it: check reports"
                    + " it as SENT and the teacher grades it from the --report JSON. The reference solution and the"
                    + " explanations stay with the teacher. Digests stop answers being read off the file, not"
                    + " guessed: a number from a small range can be found by trying."})
    static final class Pack extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "A shipped lab, or a directory holding a lab.yaml.")
        String name;

        @Parameters(index = "1", paramLabel = "OUT", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "A directory to write (must be empty or new), or a file ending in .zip.")
        Path out;

        @Override
        protected int execute() {
            Lab lab = Labs.byName(name);
            List<String> files = Handout.write(lab, out, lang());
            out().println((lang() == Lang.ZH ? "实验 " : "lab ") + lab.id() + (lang() == Lang.ZH ? " 的学生材料（不含答案）：" : ": handout for students, without the answers"));
            for (String f : files) {
                out().println("  " + f);
            }
            return OK;
        }
    }
}
