package dev.overlaysim.protocols.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import dev.overlaysim.protocols.dissect.WireField.Role;
import dev.overlaysim.protocols.pcap.LinkType;
import dev.overlaysim.protocols.testing.Frames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link Dissector#fields}: the field-by-field walk the twin compares captures with. */
class FieldWalkTest {
    private final Dissector dissector = new Dissector();

    private static WireField field(FieldDissection d, String name) {
        return d.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + d));
    }

    @Test
    void vxlanPingFieldsInWireOrderWithTheirRoles() {
        byte[] f = Frames.vxlanPing().toByteArray();
        FieldDissection d = dissector.fields(f, LinkType.ETHERNET);
        assertThat(d.summary()).isEqualTo("VXLAN vni 1 [ICMP echo request 10.1.15.2 > 10.1.16.3 id 3388 seq 1 length 56]");
        assertThat(d.arp()).isFalse();
        assertThat(d.length()).isEqualTo(f.length);
        // wire order: each field starts where the previous ended, and they cover the frame
        int at = 0;
        for (WireField w : d.fields()) {
            assertThat(w.offset()).as(w.name()).isEqualTo(at);
            assertThat(w.raw()).isEqualTo(Arrays.copyOfRange(f, w.offset(), w.offset() + w.length()));
            at += w.length();
        }
        assertThat(at).isEqualTo(f.length);
        assertThat(field(d, "udp.srcport").role()).isEqualTo(Role.TUNNEL_SOURCE_PORT);
        assertThat(field(d, "udp.srcport").value()).isEqualTo("49957");
        assertThat(field(d, "ip.id").role()).isEqualTo(Role.IP_ID);
        assertThat(field(d, "inner.ip.id").value()).isEqualTo(String.valueOf(Frames.PING_IP_ID));
        assertThat(field(d, "inner.icmp.data.timestamp").role()).isEqualTo(Role.ECHO_TIMESTAMP);
        assertThat(field(d, "inner.icmp.data.timestamp").length()).isEqualTo(16);
        assertThat(field(d, "vxlan.vni").value()).isEqualTo("1");
        assertThat(field(d, "inner.ip.src").value()).isEqualTo("10.1.15.2");
        assertThat(field(d, "inner.eth.dst").value()).isEqualTo("5e:f8:4f:00:e3:37");
        assertThat(d.fields()).filteredOn(w -> w.checksum() != null).extracting(WireField::name)
                .containsExactly("ip.checksum", "udp.checksum", "inner.ip.checksum", "inner.icmp.checksum");
        assertThat(d.fields()).filteredOn(w -> w.checksum() != null).allSatisfy(w -> assertThat(w.checksum().valid()).isTrue());
    }

    @Test
    void aDamagedChecksumIsFoundAndTheRestStillDissected() {
        byte[] f = Frames.vxlanPing().toByteArray();
        f[f.length - 1] ^= 0x01;
        FieldDissection d = dissector.fields(f, LinkType.ETHERNET);
        assertThat(field(d, "inner.icmp.checksum").checksum().valid()).isFalse();
        assertThat(field(d, "udp.checksum").checksum().valid()).isFalse();
        assertThat(field(d, "ip.checksum").checksum().valid()).isTrue();
    }

    @Test
    void flannelUdpNeedsBothPortsToBeFlannelds() {
        byte[] f = Frames.flannelUdpPing();
        assertThat(dissector.fields(f, LinkType.ETHERNET).summary())
                .isEqualTo("flannel UDP 8285 [ICMP echo request 10.1.15.2 > 10.1.16.3 id 3388 seq 1 length 56]");
        byte[] otherSource = f.clone();
        otherSource[34] = 0x13; // UDP source port 0x135d = 4957: not flanneld's
        FieldDissection d = dissector.fields(otherSource, LinkType.ETHERNET);
        assertThat(d.summary()).startsWith("UDP 10.168.0.2:4957 > 10.168.0.3:8285");
        assertThat(d.fields()).extracting(WireField::name).doesNotContain("inner.ip.ttl");
    }

    @Test
    void arpAndItsPaddingAndTheRawLinkType() {
        byte[] padded = Arrays.copyOf(Frames.arpRequest(), 60);
        FieldDissection d = dissector.fields(padded, LinkType.ETHERNET);
        assertThat(d.arp()).isTrue();
        assertThat(d.summary()).isEqualTo("ARP who-has 10.1.15.1 tell 10.1.15.2");
        WireField pad = d.fields().get(d.fields().size() - 1);
        assertThat(pad.name()).isEqualTo("eth.padding");
        assertThat(pad.role()).isEqualTo(Role.PADDING);
        assertThat(pad.length()).isEqualTo(18);
        FieldDissection tun = dissector.fields(Frames.tunPing(), LinkType.RAW);
        assertThat(tun.fields().get(0).name()).isEqualTo("ip.version_ihl");
        assertThat(tun.summary()).startsWith("ICMP echo request 10.1.15.2 > 10.1.16.3");
    }

    @Test
    void anIcmpErrorsQuoteIsDissectedUnderItsPrefix() {
        FieldDissection d = dissector.fields(Frames.fragNeeded(), LinkType.ETHERNET);
        assertThat(d.summary()).isEqualTo("ICMP type 3 code 4 10.1.15.1 > 10.1.15.2");
        assertThat(field(d, "icmp.rest_of_header").value()).isEqualTo("1450");
        assertThat(field(d, "icmp.quote.ip.dst").value()).isEqualTo("10.1.16.3");
        // the quote is cut short: its checksums cannot be verified, and say so
        WireField.Checksum quoted = field(d, "icmp.quote.udp.checksum").checksum();
        assertThat(quoted.verifiable()).isFalse();
        assertThat(quoted.fails()).isFalse();
        assertThat(field(d, "icmp.checksum").checksum().verifiable()).isTrue();
    }

    @Test
    void theFirstOfSeveralFragmentsCarriesAnUnverifiableSum() {
        byte[] f = Frames.vxlanPing().toByteArray();
        int inner = 14 + 20 + 8 + 8 + 14;
        f[inner + 6] |= 0x20; // MF: the echo request continues in another fragment
        FieldDissection d = dissector.fields(f, LinkType.ETHERNET);
        assertThat(field(d, "inner.ip.checksum").checksum().verifiable()).isTrue();
        WireField.Checksum icmp = field(d, "inner.icmp.checksum").checksum();
        assertThat(icmp.verifiable()).isFalse();
        assertThat(icmp.covers().get(0)).containsExactly(inner + 20, f.length - inner - 20);
    }

    @Test
    void truncatedLayersBecomePayloadFields() {
        byte[] f = Frames.vxlanPing().toByteArray();
        assertThat(dissector.fields(Arrays.copyOf(f, 10), LinkType.ETHERNET).fields()).extracting(WireField::name)
                .containsExactly("eth.truncated");
        List<WireField> cut = dissector.fields(Arrays.copyOf(f, 38), LinkType.ETHERNET).fields();
        assertThat(cut.get(cut.size() - 1).name()).isEqualTo("udp.truncated");
    }

    @Property(tries = 10_000)
    void neverThrowsAndNeverLeavesTheFrame(@ForAll("frames") byte[] frame, @ForAll @IntRange(max = 147) int at1, @ForAll byte v1,
                                          @ForAll @IntRange(max = 147) int at2, @ForAll byte v2, @ForAll @IntRange(max = 148) int cut,
                                          @ForAll LinkType linkType) {
        byte[] f = frame.clone();
        f[at1 % f.length] = v1;
        f[at2 % f.length] = v2;
        byte[] g = Arrays.copyOf(f, Math.min(cut, f.length));
        for (WireField w : dissector.fields(g, linkType).fields()) {
            assertThat(w.offset() + w.length()).isLessThanOrEqualTo(g.length);
            assertThat(w.raw()).hasSize(w.length());
        }
    }

    @Property(tries = 5_000)
    void randomBytesNeverThrow(@ForAll @Size(max = 100) byte[] a, @ForAll LinkType linkType) {
        assertThat(dissector.fields(a, linkType).length()).isEqualTo(a.length);
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.of(Frames.vxlanPing().toByteArray(), Frames.fragNeeded(), Frames.timeExceeded(), Frames.arpRequest(),
                Frames.udpWithChecksum(), Frames.flannelUdpPing(), Frames.echoReply());
    }
}
