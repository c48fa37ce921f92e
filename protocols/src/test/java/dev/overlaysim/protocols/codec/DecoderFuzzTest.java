package dev.overlaysim.protocols.codec;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.testing.Frames;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Random bytes, offsets and lengths (valid or not) make decoders throw MalformedPacketException and nothing else. */
class DecoderFuzzTest {

    private static void onlyMalformed(ThrowingCallable call) {
        try {
            call.call();
        } catch (MalformedPacketException expected) {
            // the one allowed failure
        } catch (Throwable t) {
            throw new AssertionError("decoder leaked " + t, t);
        }
    }

    @Property(tries = 10_000)
    void everyDecodeThrowsOnlyMalformed(@ForAll @Size(max = 100) byte[] a, @ForAll @IntRange(min = -8, max = 108) int off,
                                        @ForAll @IntRange(min = -8, max = 108) int len) {
        onlyMalformed(() -> new EthernetHeader().decode(a, off, len).etherType());
        onlyMalformed(() -> new ArpPacket().decode(a, off, len).targetIp());
        onlyMalformed(() -> {
            Ipv4Header h = new Ipv4Header().decode(a, off, len);
            h.checksumValid();
            h.payloadLength();
        });
        onlyMalformed(() -> new IcmpMessage().decode(a, off, len).checksumValid());
        onlyMalformed(() -> new UdpHeader().decode(a, off, len).checksumValid(1, 2));
        onlyMalformed(() -> new VxlanHeader().decode(a, off, len).flagsValid());
        onlyMalformed(() -> VxlanEncapsulation.flowHash(a, off, len));
    }

    @Property(tries = 10_000)
    void decapsulateThrowsOnlyMalformed(@ForAll @Size(max = 100) byte[] a, @ForAll @IntRange(max = 100) int pull) {
        PacketBuffer b = PacketBuffer.of(a);
        VxlanEncapsulation v = new VxlanEncapsulation();
        onlyMalformed(() -> {
            b.pull(Math.min(pull, b.length()));
            v.decapsulate(b);
            v.lastUdpChecksumValid();
        });
    }

    /** Random bytes rarely get past the IPv4 version check: mutate a valid VXLAN packet instead. */
    @Property(tries = 10_000)
    void decapsulateOfAMutatedPacketThrowsOnlyMalformed(@ForAll @IntRange(max = 133) int at1, @ForAll byte v1,
                                                        @ForAll @IntRange(max = 133) int at2, @ForAll byte v2,
                                                        @ForAll @IntRange(max = 140) int cut) {
        PacketBuffer b = Frames.vxlanPing();
        b.pull(14);
        b.array()[b.offset() + at1] = v1;
        b.array()[b.offset() + at2] = v2;
        b.trim(Math.min(cut, b.length()));
        VxlanEncapsulation v = new VxlanEncapsulation();
        onlyMalformed(() -> {
            v.decapsulate(b);
            v.lastIpChecksumValid();
            v.lastUdpChecksumValid();
            v.lastFlagsValid();
        });
    }

    @Property(tries = 1_000)
    void flowHashNeverThrowsForValidRanges(@ForAll @Size(max = 100) byte[] a) {
        assertThatCode(() -> VxlanEncapsulation.flowHash(a, 0, a.length)).doesNotThrowAnyException();
    }
}
