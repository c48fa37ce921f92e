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
}
