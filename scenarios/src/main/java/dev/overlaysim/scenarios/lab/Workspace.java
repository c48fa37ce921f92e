package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;

import dev.overlaysim.scenarios.load.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a student's directory ({@code start}) and a lab's reference solution ({@code solution}). */
public final class Workspace {

    public static final String README = "README.md";

    private Workspace() {
    }

    /**
     * The files {@code start} writes: README.md, the scenarios, answers.yaml and .lab.
     *
     * @return the files written, relative to {@code dir}
     */
    public static List<String> start(Lab lab, Path dir, Lang lang, boolean force) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(README, readme(lab, lang));
        for (String s : lab.scenarios()) {
            files.put(s, lab.source().read(s).orElseThrow(() -> new LabInputException(lab.source().display(s) + ": no such file")));
        }
        if (!lab.questions().isEmpty()) {
            files.put(Lab.ANSWERS, answersTemplate(lab, lang));
        }
        files.put(Labs.MARKER, Labs.markerText(lab));
        if (!force) {
            List<String> clash = new ArrayList<>();
            for (String f : files.keySet()) {
                if (Files.exists(dir.resolve(f))) {
                    clash.add(dir.resolve(f).toString());
                }
            }
            if (!clash.isEmpty()) {
                throw new LabInputException(String.join(", ", clash) + ": already there; `start` does not overwrite"
                        + " work (choose another directory, or add --force)");
            }
        }
        write(dir, files);
        return List.copyOf(files.keySet());
    }

    /** Writes the reference solution (the fixed scenarios and the answers) into {@code dir}, overwriting. */
    public static List<String> solution(Lab lab, Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>(lab.scenarios());
        if (!lab.questions().isEmpty()) {
            wanted.add(Lab.ANSWERS);
        }
        List<String> missing = new ArrayList<>();
        for (String f : wanted) {
            String rel = Lab.SOLUTION + "/" + f;
            lab.source().read(rel).ifPresentOrElse(t -> files.put(f, t), () -> missing.add(lab.source().display(rel)));
        }
        if (!missing.isEmpty()) {
            throw new LabInputException(String.join(", ", missing) + ": missing; the lab '" + lab.id()
                    + "' has no complete reference solution");
        }
        if (!Files.exists(dir.resolve(Labs.MARKER)) && !Files.exists(dir.resolve(LabReader.LAB_FILE))) {
            files.put(Labs.MARKER, Labs.markerText(lab));
        }
        write(dir, files);
        return List.copyOf(files.keySet());
    }

    private static void write(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : files.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new LabInputException(dir + ": cannot write the lab's files: " + IoErrors.describe(e));
        }
    }

    /** The task as README.md, in one language. */
    public static String readme(Lab lab, Lang lang) {
        Ui ui = Ui.of(lang);
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(lab.title().in(lang)).append("\n\n");
        if (!lab.passage().quote().isEmpty()) {
            sb.append(ui.passage()).append(" (`flannel-overlay-notes.zh.md`, ").append(ui.section(lab.passage().section())).append("):\n\n");
            sb.append("> ").append(lab.passage().quote().strip().replace("\n", "\n> ")).append("\n\n");
        }
        sb.append(lab.task().in(lang).strip()).append("\n\n");
        sb.append("## ").append(ui.itemsHeading()).append("\n\n");
        int n = 0;
        for (Lab.RunCheck c : lab.runChecks()) {
            n++;
            sb.append(n).append(". ").append(ui.runCheck()).append(" (").append(c.scenario()).append("): `")
                    .append(LabChecker.oneLine(c.yaml())).append("`\n");
        }
        for (Lab.Question q : lab.questions()) {
            n++;
            sb.append(n).append(". ").append(ui.question()).append(" `").append(q.id()).append("`: ")
                    .append(q.prompt().in(lang).strip().replace("\n", "\n   ")).append(choices(q)).append("\n");
        }
        sb.append("\n## ").append(ui.howHeading()).append("\n\n");
        sb.append(ui.how(lab)).append("\n");
        return sb.toString();
    }

    private static String choices(Lab.Question q) {
        return q.choices().isEmpty() ? "" : " [" + String.join(" | ", q.choices()) + "]";
    }

    /** answers.yaml with every question as an empty key, its prompt above it as a comment. */
    public static String answersTemplate(Lab lab, Lang lang) {
        Ui ui = Ui.of(lang);
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(ui.answersHeader(lab)).append("\n");
        int n = lab.runChecks().size();
        for (Lab.Question q : lab.questions()) {
            n++;
            sb.append("\n");
            for (String line : (n + ". " + q.prompt().in(lang).strip() + choices(q)).split("\n")) {
                sb.append(("# " + line).stripTrailing()).append("\n");
            }
            sb.append(q.id()).append(":\n");
        }
        return sb.toString();
    }
}
