package dev.overlaysim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forwarding benchmark measures what it says: its setup runs (CI does not run JMH, so a broken
 * setup would go unnoticed) and each operation delivers exactly one frame to container-2's socket.
 */
class ForwardingBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"vxlan", "host-gw"})
    void eachOperationDeliversOneFrame(String backend) {
        ForwardingBenchmark b = new ForwardingBenchmark();
        b.backend = backend;
        b.setUp();
        assertThat(b.delivered).isZero();
        for (int i = 1; i <= 100; i++) {
            assertThat(b.forwardOneFrame()).as("frames delivered after %d operations", i).isEqualTo(i);
        }
    }
}
