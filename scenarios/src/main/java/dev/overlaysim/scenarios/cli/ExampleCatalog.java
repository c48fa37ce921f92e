package dev.overlaysim.scenarios.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scenarios that ship with overlaysim, read from the classpath ({@code /examples/*.yaml} inside
 * the jar, from {@code scenarios/examples/}). {@value #DEMO} is the built-in demo.
 */
final class ExampleCatalog {
    static final String DEMO = "seed-vxlan.yaml";
    private static final String DIR = "/examples/";

    private ExampleCatalog() {}

    /** The examples' file names, sorted. */
    static List<String> names() {
        URL demo = ExampleCatalog.class.getResource(DIR + DEMO);
        if (demo == null) throw new IllegalStateException("the examples are missing from the classpath (no " + DIR + DEMO + ")");
        try {
            URI uri = demo.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return list(fs.provider().getPath(uri).getParent());
            }
            return list(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list the examples at " + demo, e);
        }
    }

    /** Whether {@code fileName} is one of the examples. */
    static boolean exists(String fileName) {
        return fileName.endsWith(".yaml") && !fileName.contains("/") && ExampleCatalog.class.getResource(DIR + fileName) != null;
    }

    /** The text of one example. */
    static String read(String fileName) {
        try (InputStream in = ExampleCatalog.class.getResourceAsStream(DIR + fileName)) {
            if (in == null) throw new IllegalArgumentException("no example named '" + fileName + "'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading example " + fileName, e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }
}
