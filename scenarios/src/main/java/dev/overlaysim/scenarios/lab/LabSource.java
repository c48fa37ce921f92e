package dev.overlaysim.scenarios.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a lab's files come from: the labs shipped in the jar, or a teacher's directory. */
public sealed interface LabSource {

    /** The text of a file of the lab, by its path relative to the lab directory ({@code /} separated). */
    Optional<String> read(String relativePath);

    /** How to name a file of the lab in messages. */
    String display(String relativePath);

    /** What a student directory records to find the lab again: the lab id, or the lab directory's absolute path. */
    String marker();

    /** A lab shipped inside overlaysim, under {@code /labs/<id>/} on the class path. */
    record Builtin(String id) implements LabSource {
        @Override
        public Optional<String> read(String relativePath) {
            try (InputStream in = LabSource.class.getResourceAsStream("/labs/" + id + "/" + relativePath)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String display(String relativePath) {
            return "labs/" + id + "/" + relativePath;
        }

        @Override
        public String marker() {
            return id;
        }
    }

    /** A lab in a directory of its own (a teacher's lab): {@code lab.yaml} plus its files. */
    record Directory(Path dir) implements LabSource {
        @Override
        public Optional<String> read(String relativePath) {
            Path p = dir.resolve(relativePath);
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new LabInputException(display(relativePath) + ":1:1: cannot read the file: " + e.getMessage());
            }
        }

        @Override
        public String display(String relativePath) {
            return dir.resolve(relativePath).toString();
        }

        @Override
        public String marker() {
            return dir.toAbsolutePath().normalize().toString();
        }
    }
}
