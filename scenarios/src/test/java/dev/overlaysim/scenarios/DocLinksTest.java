package dev.overlaysim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link of README.md and docs/*.md leads to a file of the repository. */
class DocLinksTest {
    // Tests run in the module's directory; the repository's root is one up.
    static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void relativeLinksResolveToFiles() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            // Code is not prose: links inside fences or backticks are examples, not links.
            String text = Files.readString(doc).replaceAll("(?s)```.*?```", "").replaceAll("`[^`\\n]*`", "");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("#") || target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue;
                String file = target.replaceFirst("#.*", "");
                checked++;
                if (!Files.isRegularFile(doc.getParent().resolve(file))) broken.add(doc.normalize() + ": " + target);
            }
        }
        assertThat(broken).as("relative links that lead to no file").isEmpty();
        assertThat(checked).isGreaterThan(10);
    }
}
