package dev.overlaysim.scenarios.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/assertions.md cannot drift from the assertion classes: every public class of the package has
 * a {@code ## ClassName} section, every public method of it a {@code ### `ReturnType name(Type arg, ...)`}
 * heading in that section (and every heading names a method that exists), every method has an
 * example, and every example is in {@link AssertionsDocExamplesTest}, where it runs.
 */
class AssertionsDocTest {
    // Tests run in the module's directory.
    static final Path DOC = Path.of("../docs/assertions.md");
    static final Path SOURCES = Path.of("src/main/java/dev/overlaysim/scenarios/assertions");
    static final Path EXAMPLES_TEST = Path.of("src/test/java/dev/overlaysim/scenarios/assertions/AssertionsDocExamplesTest.java");

    private static final Pattern SECTION = Pattern.compile("(?m)^## (\\w+)\\s*$");
    private static final Pattern METHOD_HEADING = Pattern.compile("(?m)^### `(\\w+) (\\w+)\\(([^)]*)\\)`\\s*$");
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");

    static String doc;
    /** Section text by class name, in the page's order. */
    static final Map<String, String> sections = new LinkedHashMap<>();

    @BeforeAll
    static void readDoc() throws IOException {
        doc = Files.readString(DOC);
        Matcher m = SECTION.matcher(doc);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < names.size() ? starts.get(i + 1) : doc.length();
            sections.put(names.get(i), doc.substring(starts.get(i), end));
        }
    }

    /** The public classes of dev.overlaysim.scenarios.assertions, found from its source files. */
    static List<Class<?>> publicAssertionClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".java") || name.equals("package-info.java")) continue;
                Class<?> c = Class.forName(ScenarioAssertions.class.getPackageName() + "." + name.replace(".java", ""));
                if (Modifier.isPublic(c.getModifiers())) out.add(c);
            }
        }
        return out;
    }

    /** {@code FlowAssert latencyBetween(long, long)}, {@code FlowAssert crossed(String...)}. */
    static String signature(Method m) {
        Class<?>[] types = m.getParameterTypes();
        List<String> params = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            params.add(m.isVarArgs() && i == types.length - 1
                    ? types[i].getComponentType().getSimpleName() + "..."
                    : types[i].getSimpleName());
        }
        return m.getReturnType().getSimpleName() + " " + m.getName() + "(" + String.join(", ", params) + ")";
    }

    /** The same form from a heading: the parameter names dropped, the types kept. */
    static String signature(String returnType, String name, String params) {
        String types = params.isBlank() ? "" : Arrays.stream(params.split(","))
                .map(p -> p.trim().split("\\s+")[0])
                .collect(Collectors.joining(", "));
        return returnType + " " + name + "(" + types + ")";
    }

    static TreeSet<String> documented(String section) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = METHOD_HEADING.matcher(section);
        while (m.find()) out.add(signature(m.group(1), m.group(2), m.group(3)));
        return out;
    }

    static TreeSet<String> publicMethods(Class<?> c) {
        TreeSet<String> out = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) out.add(signature(m));
        }
        return out;
    }

    @Test
    void everyPublicClassHasASection() throws Exception {
        List<String> classes = publicAssertionClasses().stream().map(Class::getSimpleName).toList();
        assertThat(classes).as("public classes of the assertions package").contains(
                "ScenarioAssertions", "ScenarioResultAssert", "FlowAssert", "TableAssert", "TableOutputAssert");
        assertThat(sections.keySet()).as("## sections of %s", DOC).containsAll(classes);
    }

    @Test
    void everyPublicMethodIsDocumentedAndEveryHeadingIsAMethod() throws Exception {
        for (Class<?> c : publicAssertionClasses()) {
            TreeSet<String> actual = publicMethods(c);
            TreeSet<String> inDoc = documented(sections.getOrDefault(c.getSimpleName(), ""));
            TreeSet<String> missing = new TreeSet<>(actual);
            missing.removeAll(inDoc);
            TreeSet<String> stale = new TreeSet<>(inDoc);
            stale.removeAll(actual);
            assertThat(missing).as("public methods of %s missing from %s (add a ### `ReturnType name(Type arg)` heading in its section)",
                    c.getSimpleName(), DOC).isEmpty();
            assertThat(stale).as("headings in the %s section of %s that name no public method of it",
                    c.getSimpleName(), DOC).isEmpty();
        }
    }

    @Test
    void everyMethodHasAnExample() {
        String[] parts = doc.split("(?m)^(?=#{2,3} )");
        for (String part : parts) {
            Matcher h = METHOD_HEADING.matcher(part);
            if (h.lookingAt()) {
                assertThat(JAVA_BLOCK.matcher(part).find()).as("an example (```java block) under %s", h.group()).isTrue();
            }
        }
    }

    @Test
    void everyExampleRunsInTheExamplesTest() throws IOException {
        String test = normalized(Files.readString(EXAMPLES_TEST));
        Matcher m = JAVA_BLOCK.matcher(doc);
        int blocks = 0;
        while (m.find()) {
            // The first block is the page's set-up (imports and loading a run), not an example.
            if (blocks++ == 0) continue;
            assertThat(test).as("%s has the example of %s", EXAMPLES_TEST.getFileName(), DOC)
                    .contains(normalized(m.group(1)));
        }
        assertThat(blocks).isGreaterThan(30);
    }

    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
