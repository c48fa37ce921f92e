package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.YamlNode;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code lab pack}: a lab as students get it, without its answers. The handout is a lab directory
 * of its own (its {@code lab.yaml} makes {@code lab check} grade the files beside it), whose
 * questions carry {@link Lab.Seal digests} of the answers instead of the answers, and no
 * explanations and no reference solution. The same lab gives the same bytes, directory or zip.
 */
final class Handout {

    /** Zip entries carry this time, so that a pack does not depend on when it was made. */
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private Handout() {
    }

    /** Writes the handout of {@code lab} to {@code out} (a new or empty directory, or a new .zip); returns what was written. */
    static List<String> write(Lab lab, Path out, Lang lang) {
        Map<String, String> files = files(lab, lang);
        List<String> written = new ArrayList<>();
        try {
            if (out.getFileName() != null && out.getFileName().toString().endsWith(".zip")) {
                if (Files.exists(out)) {
                    throw new LabInputException(out + ": already there; `pack` does not overwrite (choose another name)");
                }
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(os)) {
                    for (Map.Entry<String, String> e : files.entrySet()) {
                        ZipEntry entry = new ZipEntry(lab.id() + "/" + e.getKey());
                        entry.setTimeLocal(ZIP_TIME);
                        zip.putNextEntry(entry);
                        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                        zip.closeEntry();
                        written.add(out + ":" + entry.getName());
                    }
                }
                return written;
            }
            if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
                throw new LabInputException(out + ": already there and not an empty directory; `pack` writes a new"
                        + " directory (or a file ending in .zip)");
            }
            Files.createDirectories(out);
            for (Map.Entry<String, String> e : files.entrySet()) {
                Files.writeString(out.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
                written.add(out.resolve(e.getKey()).toString());
            }
            return written;
        } catch (IOException e) {
            throw new LabInputException(out + ": cannot write the handout: " + e.getMessage());
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** The handout's files, in the order they are written. */
    static Map<String, String> files(Lab lab, Lang lang) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(Workspace.README, Workspace.readme(lab, lang));
        for (String s : lab.scenarios()) {
            files.put(s, lab.source().read(s).orElseThrow(() -> new LabInputException(lab.source().display(s) + ": no such file")));
        }
        if (!lab.questions().isEmpty()) {
            files.put(Lab.ANSWERS, Workspace.answersTemplate(lab, lang));
        }
        files.put(LabReader.LAB_FILE, sealedLabYaml(lab));
        return files;
    }

    /** The lab's definition with each answer replaced by its digests (or left out), explanations dropped. */
    static String sealedLabYaml(Lab lab) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", lab.id());
        doc.put("title", text(lab.title()));
        if (lab.passage().section() != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("section", text(lab.passage().section()));
            p.put("quote", lab.passage().quote());
            doc.put("passage", p);
        }
        doc.put("task", text(lab.task()));
        doc.put("scenarios", lab.scenarios());
        List<Object> checks = new ArrayList<>();
        for (Lab.RunCheck c : lab.runChecks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("scenario", c.scenario());
            m.put("check", checkOf(c.check()));
            m.put("hint", text(c.hint()));
            checks.add(m);
        }
        if (!checks.isEmpty()) {
            doc.put("runChecks", checks);
        }
        List<Object> questions = new ArrayList<>();
        for (Lab.Question q : lab.questions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", q.id());
            m.put("prompt", text(q.prompt()));
            m.put("kind", q.kind().word());
            if (!q.choices().isEmpty()) {
                m.put("choices", q.choices());
            }
            if (q.ignoreCase()) {
                m.put("ignoreCase", true);
            }
            m.put("hint", text(q.hint()));
            if (!q.mistakes().isEmpty()) {
                List<Object> ms = new ArrayList<>();
                for (Lab.Mistake x : q.mistakes()) {
                    Map<String, Object> mm = new LinkedHashMap<>();
                    mm.put("answer", x.answer());
                    mm.put("say", text(x.say()));
                    ms.add(mm);
                }
                m.put("mistakes", ms);
            }
            if (q.seal() != null) {
                // Packing a handout again keeps what it has.
                if (q.seal().teacherGraded()) {
                    m.put("teacherGraded", true);
                } else {
                    m.put("answerSha256", q.seal().sha256());
                }
            } else if (Answers.hashable(q)) {
                Set<String> digests = new LinkedHashSet<>();
                for (String a : q.kind() == Lab.AnswerKind.ONE_OF ? q.accept() : List.of(q.answer())) {
                    digests.add(Answers.sha256(Answers.salt(lab.id(), q.id()), Answers.canonical(q, a)));
                }
                m.put("answerSha256", new ArrayList<>(digests));
            } else {
                m.put("teacherGraded", true);
            }
            questions.add(m);
        }
        if (!questions.isEmpty()) {
            doc.put("questions", questions);
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setAllowUnicode(true);
        o.setWidth(1000);
        o.setSplitLines(false);
        return "# A lab handed out by `overlaysim lab pack`: the answers are SHA-256 digests, the solution stays with the teacher.\n"
                + new Yaml(o).dump(doc);
    }

    /**
     * A run check's item as the dumper's objects: mappings, lists, and each plain scalar typed as
     * YAML would resolve it (so {@code count: 1} is written plain and reads back as the number the
     * loader wants), quoted ones as strings.
     */
    private static Object checkOf(YamlNode n) {
        if (n instanceof YamlNode.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach(e -> out.put(e.key().text(), checkOf(e.value())));
            return out;
        }
        if (n instanceof YamlNode.Sequence s) {
            return s.items().stream().map(Handout::checkOf).toList();
        }
        YamlNode.Scalar s = (YamlNode.Scalar) n;
        if (!s.plain()) {
            return s.text();
        }
        Tag tag = new Resolver().resolve(NodeId.scalar, s.text(), true);
        if (tag.equals(Tag.NULL)) return null;
        if (tag.equals(Tag.BOOL)) return Boolean.valueOf(s.text().toLowerCase(java.util.Locale.ROOT));
        if (tag.equals(Tag.INT) && s.text().matches("-?[0-9]+")) return new java.math.BigInteger(s.text());
        if (tag.equals(Tag.FLOAT) && s.text().matches("-?[0-9]+\\.[0-9]+")) return Double.valueOf(s.text());
        return s.text();
    }

    private static Map<String, String> text(Text t) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!t.en().isEmpty()) {
            m.put("en", t.en());
        }
        if (!t.zh().isEmpty()) {
            m.put("zh", t.zh());
        }
        return m;
    }
}
