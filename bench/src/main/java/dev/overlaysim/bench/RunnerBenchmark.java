package dev.overlaysim.bench;

import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.Scenario;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The whole runner, per backend: {@link Scenario#run()} of {@link RunnerFlood}'s scenario, a
 * 1,000,000-datagram UDP flow (1400 bytes every 20 µs, container to container over two nodes), as
 * {@code overlaysim run} runs a file: world, flanneld, Docker, the flow, the result and its checks.
 * One invocation takes seconds, so it is measured single-shot: the score is wall milliseconds per
 * 1M-datagram run (packets per second = 1e9 / score). The scenario is parsed once, in setup; parsing
 * costs milliseconds ({@code RunnerFlood} prints it as load_s).
 *
 * <p>{@code java -jar benchmarks.jar RunnerBenchmark} (about 2 minutes; {@code -p backend=host-gw} for one).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Thread)
public class RunnerBenchmark {
    static final int PACKETS = 1_000_000;

    @Param({"udp", "vxlan", "host-gw"})
    String backend;

    private Scenario scenario;

    @Setup
    public void setUp() {
        scenario = Scenario.fromYaml(RunnerFlood.yaml(backend, PACKETS, false), "runner-flood.yaml");
    }

    @Benchmark
    public long run() {
        FlowResult f = scenario.run().flow("flood");
        // A run that lost datagrams measured something else: refuse it rather than report it.
        if (f.sent() != PACKETS || f.delivered() != PACKETS) {
            throw new IllegalStateException("flood over " + backend + ": sent " + f.sent() + ", delivered " + f.delivered() + ", drops " + f.drops());
        }
        return f.delivered();
    }
}
