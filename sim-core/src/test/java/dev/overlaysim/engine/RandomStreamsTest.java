package dev.overlaysim.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One seed, many named streams: reproducible, and independent of each other. */
class RandomStreamsTest {

    private static long[] draw(SplittableRandom r, int n) {
        return LongStream.generate(r::nextLong).limit(n).toArray();
    }

    @Test
    void theSameSeedAndNameGiveTheSameSequenceInAnotherInstance() {
        long[] a = draw(new RandomStreams(42).stream("ip-id:node1:node1"), 100);
        long[] b = draw(new RandomStreams(42).stream("ip-id:node1:node1"), 100);
        assertThat(a).containsExactly(b);
    }

    @Test
    void askingForAStreamTwiceContinuesTheSameStreamRatherThanRestartingIt() {
        RandomStreams streams = new RandomStreams(42);
        long first = streams.stream("docker:node1").nextLong();
        long second = streams.stream("docker:node1").nextLong();
        long[] fresh = draw(new RandomStreams(42).stream("docker:node1"), 2);
        assertThat(new long[] {first, second}).containsExactly(fresh);
        assertThat(streams.stream("docker:node1")).isSameAs(streams.stream("docker:node1"));
    }

    @Test
    void drawingFromOneStreamDoesNotShiftAnother() {
        RandomStreams quiet = new RandomStreams(9);
        long[] alone = draw(quiet.stream("subnets"), 20);

        RandomStreams busy = new RandomStreams(9);
        draw(busy.stream("ip-id"), 10_000);
        long[] interleaved = new long[20];
        for (int i = 0; i < 20; i++) {
            interleaved[i] = busy.stream("subnets").nextLong();
            busy.stream("ip-id").nextLong();
            busy.stream("loss:lan").nextDouble();
        }
        assertThat(interleaved).containsExactly(alone);
    }

    @Test
    void differentNamesGiveDifferentSequences() {
        RandomStreams streams = new RandomStreams(9);
        assertThat(draw(streams.stream("a"), 8)).isNotEqualTo(draw(streams.stream("b"), 8));
        assertThat(draw(streams.stream("loss:lan"), 8)).isNotEqualTo(draw(streams.stream("loss:lan2"), 8));
    }

    @Test
    void differentSeedsGiveDifferentSequencesForTheSameName() {
        assertThat(draw(new RandomStreams(1).stream("subnets"), 8))
                .isNotEqualTo(draw(new RandomStreams(2).stream("subnets"), 8));
        assertThat(new RandomStreams(3).seed()).isEqualTo(3);
    }

    @Test
    void theNameHashIsFnv1a64OverUtf8AndSoStableAcrossJvms() {
        // FNV-1a 64 reference values: "" is the offset basis; "a" is a published test vector
        assertThat(RandomStreams.fnv1a64("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(RandomStreams.fnv1a64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(RandomStreams.fnv1a64("foobar")).isEqualTo(0x85944171f73967e8L);
        // non-ASCII names hash their UTF-8 bytes (µ is C2 B5), not one Latin-1 or UTF-16 unit
        assertThat(RandomStreams.fnv1a64("µ")).isEqualTo(fnv1a64Bytes(0xC2, 0xB5))
                .isNotEqualTo(fnv1a64Bytes(0xB5));
    }

    /** FNV-1a 64 as its specification writes it: xor the byte, then multiply by the 64-bit prime. */
    private static long fnv1a64Bytes(int... bytes) {
        long h = 0xcbf29ce484222325L;
        for (int b : bytes) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void theSimulatorExposesStreamsOfItsOwnSeed() {
        Simulator sim = new Simulator(77);
        assertThat(sim.random().seed()).isEqualTo(77);
        assertThat(draw(sim.random().stream("x"), 5)).containsExactly(draw(new RandomStreams(77).stream("x"), 5));
    }
}
