package dev.overlaysim.scenarios.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds labs: the ones shipped in the jar ({@code /labs/index.txt} lists their ids in order, each
 * lab under {@code /labs/<id>/}), a teacher's lab directory, and the lab a work directory belongs to.
 */
public final class Labs {

    /** The file a student's directory records its lab in. */
    public static final String MARKER = ".lab";

    private Labs() {
    }

    /** The ids of the shipped labs, in teaching order. */
    public static List<String> builtinIds() {
        try (InputStream in = Labs.class.getResourceAsStream("/labs/index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the shipped labs are missing from the class path (/labs/index.txt)");
            }
            List<String> ids = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    ids.add(l);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped labs, read. */
    public static List<Lab> builtin() {
        return builtinIds().stream().map(id -> LabReader.read(new LabSource.Builtin(id))).toList();
    }

    /**
     * A lab by name: a shipped lab's id, or the path of a directory holding a lab.yaml.
     */
    public static Lab byName(String name) {
        if (builtinIds().contains(name)) {
            return LabReader.read(new LabSource.Builtin(name));
        }
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
            if (!Files.isRegularFile(p.resolve(LabReader.LAB_FILE))) {
                throw new LabInputException(p + ": not a lab directory: it has no " + LabReader.LAB_FILE + " (see docs/labs.md)");
            }
            return LabReader.read(new LabSource.Directory(p.toAbsolutePath().normalize()));
        }
        throw new LabInputException("unknown lab '" + name + "'" + dev.overlaysim.scenarios.load.Suggest.didYouMean(name, builtinIds())
                + "; expected one of: " + String.join(", ", builtinIds()) + " (or a directory holding a lab.yaml)");
    }

    /** Where a directory's work is graded against: the lab, and the directory the files are read from. */
    public record Bound(Lab lab, Path dir) {
    }

    /**
     * The lab a directory belongs to: a student's directory records it in {@code .lab}; a directory
     * holding a {@code lab.yaml} is a lab itself (its own files are checked); a lab's
     * {@code solution/} directory is checked against its lab.
     */
    public static Bound bind(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LabInputException(dir + ": no such directory");
        }
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            return new Bound(fromMarker(marker), dir);
        }
        if (Files.isRegularFile(dir.resolve(LabReader.LAB_FILE))) {
            return new Bound(LabReader.read(new LabSource.Directory(dir.toAbsolutePath().normalize())), dir);
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getFileName() != null && abs.getFileName().toString().equals(Lab.SOLUTION) && abs.getParent() != null
                && Files.isRegularFile(abs.getParent().resolve(LabReader.LAB_FILE))) {
            return new Bound(LabReader.read(new LabSource.Directory(abs.getParent())), dir);
        }
        throw new LabInputException(dir + ": not a lab directory: it has neither a " + MARKER + " file (written by"
                + " `overlaysim lab start`) nor a " + LabReader.LAB_FILE);
    }

    private static Lab fromMarker(Path marker) {
        List<String> lines;
        try {
            lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabInputException(marker + ":1:1: cannot read the file: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (!l.startsWith("lab:")) {
                throw new LabInputException(marker + ":" + (i + 1) + ":1: expected 'lab: <id or directory>', found '" + l + "'");
            }
            String name = l.substring(4).strip();
            if (builtinIds().contains(name)) {
                return LabReader.read(new LabSource.Builtin(name));
            }
            Path p = Path.of(name);
            if (p.isAbsolute() && Files.isRegularFile(p.resolve(LabReader.LAB_FILE))) {
                return LabReader.read(new LabSource.Directory(p));
            }
            int col = lines.get(i).indexOf(name) + 1;
            throw new LabInputException(marker + ":" + (i + 1) + ":" + col + ": unknown lab '" + name + "'"
                    + dev.overlaysim.scenarios.load.Suggest.didYouMean(name, builtinIds()) + "; expected a shipped lab (" + String.join(", ", builtinIds())
                    + ") or the absolute path of a directory holding a lab.yaml");
        }
        throw new LabInputException(marker + ":1:1: the file names no lab; expected 'lab: <id or directory>'");
    }

    /** The marker text written into a student's directory. */
    static String markerText(Lab lab) {
        return "# overlaysim lab: the lab this directory was started from (`overlaysim lab check` reads it)\n"
                + "lab: " + lab.source().marker() + "\n";
    }
}
