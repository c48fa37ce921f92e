package dev.overlaysim.bench;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.Flow;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One container-to-container ping round trip per operation, per backend, two nodes built from
 * flannel's config. Next to the wall time, the AuxCounters report what the simulated packet cost,
 * from the ledger: copies on the send and receive paths, syscalls, mode switches, wake-ups and the
 * simulated round-trip time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 1, time = 5)
@Fork(1)
@State(Scope.Thread)
public class EndToEndBenchmark {
    static final long INTERVAL = 1_000_000L;

    @Param({"udp", "vxlan", "host-gw"})
    String backend;

    private World world;
    private Flow flow;

    /**
     * The simulated costs per delivered echo exchange, as the ledger counted them (running means).
     * JMH adds up an EVENTS counter over the measured iterations, so this benchmark measures in a
     * single (5 s) iteration: the value printed is then the per-packet figure itself.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SimulatedCosts {
        public double copiesSend;
        public double copiesReceive;
        public double syscallsPerPacket;
        public double modeSwitchesPerPacket;
        public double wakeupsPerPacket;
        public double simulatedRttMicros;
    }

    @Setup(Level.Trial)
    public void setUp() {
        FlannelCluster c = Topologies.cluster(backend, 2, 1);
        world = c.world();
        Container from = c.nodes().get(0).containers().get(0);
        Container to = c.nodes().get(1).containers().get(0);
        flow = world.addFlow(new Flow("ping", "ping", from.name(), to.name()));
        from.namespace().host().start(new Ping(from.namespace(), to.ip(), Integer.MAX_VALUE, 56, INTERVAL, flow));
    }

    @Benchmark
    public long pingRoundTrip(SimulatedCosts costs) {
        world.sim().runUntil(world.sim().now() + INTERVAL);
        costs.copiesSend = flow.perPacketSend(Cost.COPIES);
        costs.copiesReceive = flow.perPacketReceive(Cost.COPIES);
        costs.syscallsPerPacket = flow.perPacketSend(Cost.SYSCALLS) + flow.perPacketReceive(Cost.SYSCALLS);
        costs.modeSwitchesPerPacket = flow.perPacketSend(Cost.MODE_SWITCHES) + flow.perPacketReceive(Cost.MODE_SWITCHES);
        costs.wakeupsPerPacket = flow.perPacketSend(Cost.WAKEUPS) + flow.perPacketReceive(Cost.WAKEUPS);
        costs.simulatedRttMicros = flow.meanLatency() / 1000.0;
        return flow.delivered();
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf(java.util.Locale.ROOT,
                "%n[%s] per packet, from the ledger over %d echo exchanges: copies send %.0f receive %.0f, syscalls %.0f, "
                        + "mode switches %.0f, wake-ups %.0f, simulated RTT %.2f us%n",
                backend, flow.delivered(), flow.perPacketSend(Cost.COPIES), flow.perPacketReceive(Cost.COPIES),
                flow.perPacketSend(Cost.SYSCALLS) + flow.perPacketReceive(Cost.SYSCALLS),
                flow.perPacketSend(Cost.MODE_SWITCHES) + flow.perPacketReceive(Cost.MODE_SWITCHES),
                flow.perPacketSend(Cost.WAKEUPS) + flow.perPacketReceive(Cost.WAKEUPS), flow.meanLatency() / 1000.0);
    }
}
