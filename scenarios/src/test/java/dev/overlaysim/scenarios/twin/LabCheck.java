package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test class that builds network namespaces needs (root, the tools), checked once in its
 * {@code @BeforeAll}. Without it each test is skipped with the reason, printed on stderr and kept
 * in the report, so the run says so: an abort in {@code @BeforeAll} alone reaches Maven's summary
 * as "Tests run: 0, Skipped: 0", nothing at all. In CI ({@code CI=true}), which runs as root and
 * installs the tools, a missing one is a failure.
 */
final class LabCheck {
    private final String skip;

    /** @param tests what needs it ("kernel twin tests"), for the message */
    LabCheck(String tests, List<String> missing) {
        if (missing.isEmpty()) {
            skip = null;
            return;
        }
        String msg = tests + " need: " + String.join("; ", missing);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg + " (CI=true: .ci/run must install them, and CI runs as root)");
        System.err.println("SKIPPED: " + msg);
        skip = msg;
    }

    /** In {@code @BeforeEach}: skips the test, with the reason, when the machine cannot run it. */
    void assumeReady() { Assumptions.assumeTrue(skip == null, skip); }
}
