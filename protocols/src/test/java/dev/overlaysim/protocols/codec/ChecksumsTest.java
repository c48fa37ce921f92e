package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.fromHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.protocols.testing.RefChecksum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum (with end-around carry) to ddf2.
        byte[] data = fromHex("00 01 f2 03 f4 f5 f6 f7");
        assertThat(Checksums.add(0, data, 0, data.length)).isEqualTo(0x0001 + 0xf203 + 0xf4f5 + 0xf6f7);
        assertThat(Checksums.compute(data, 0, data.length)).isEqualTo(~0xddf2 & 0xFFFF).isEqualTo(0x220d);
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        assertThat(Checksums.compute(fromHex("01 02 03"), 0, 3)).isEqualTo(~(0x0102 + 0x0300) & 0xFFFF);
    }

    @Test
    void rfc1624Example() {
        // RFC 1624 section 4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000.
        assertThat(Checksums.update(0xdd2f, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Property
    void matchesANaiveImplementation(@ForAll @Size(max = 200) byte[] data) {
        assertThat(Checksums.compute(data, 0, data.length)).isEqualTo(RefChecksum.of(data));
    }

    @Property
    void dataWithItsChecksumInsertedSumsToZero(@ForAll @Size(min = 4, max = 200) byte[] data,
                                               @ForAll @IntRange(min = 0, max = 98) int wordIndex) {
        int at = (wordIndex * 2) % (data.length & ~1);
        data[at] = 0;
        data[at + 1] = 0;
        int c = Checksums.compute(data, 0, data.length);
        Bytes.put16(data, at, c);
        assertThat(Checksums.compute(data, 0, data.length)).isZero();
    }

    /** The plain sum of the 16-bit big-endian words, an odd last byte padded: what add() must return. */
    private static long wordSum(long sum, byte[] a, int off, int len) {
        for (int i = 0; i + 1 < len; i += 2) sum += ((a[off + i] & 0xFF) << 8) | (a[off + i + 1] & 0xFF);
        if ((len & 1) != 0) sum += (a[off + len - 1] & 0xFF) << 8;
        return sum;
    }

    @Property
    void addReturnsTheExactWordSumAtAnyOffsetAndLength(@ForAll @Size(max = 300) byte[] data,
                                                       @ForAll @IntRange(min = 0, max = 300) int from,
                                                       @ForAll @IntRange(min = 0, max = 300) int length,
                                                       @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int initial) {
        // add() reads 8 bytes at a time; the partial sum it returns is still the 16-bit loop's, bit for bit
        int off = Math.min(from, data.length);
        int len = Math.min(length, data.length - off);
        assertThat(Checksums.add(initial, data, off, len)).isEqualTo(wordSum(initial, data, off, len));
    }

    @Test
    void allOnesLongerThanALaneBlockDoesNotCarryAcrossLanes() {
        // 0xFF everywhere is the largest word sum: 1 MiB + 7 bytes covers several lane flushes and every tail
        byte[] data = new byte[(1 << 20) + 8];
        java.util.Arrays.fill(data, (byte) 0xFF);
        for (int len : new int[] {(1 << 20) + 7, 262_144, 262_152, 262_151, 7, 8, 9}) {
            assertThat(Checksums.add(5, data, 1, len)).as("len %d", len).isEqualTo(wordSum(5, data, 1, len));
        }
    }

    @Test
    void aNegativeLengthSumsNothing() {
        assertThat(Checksums.add(42, new byte[16], 4, -2)).isEqualTo(42);
    }
}
