package dev.overlaysim.protocols.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    // ---- IPv4 addresses ----

    @Test
    void ipv4ParsesAndPrintsCanonicalDottedQuad() {
        Ipv4Address a = Ipv4Address.parse("10.168.0.2");
        assertThat(a.value()).isEqualTo(0x0AA8_0002);
        assertThat(a).hasToString("10.168.0.2");
        assertThat(Ipv4Address.parse("255.255.255.255")).isEqualTo(Ipv4Address.BROADCAST);
        assertThat(Ipv4Address.parse("0.0.0.0")).isEqualTo(Ipv4Address.ANY);
        assertThat(Ipv4Address.of(10, 1, 16, 3)).hasToString("10.1.16.3");
    }

    @Test
    void ipv4OrdersUnsigned() {
        assertThat(Ipv4Address.parse("200.0.0.1")).isGreaterThan(Ipv4Address.parse("10.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.1.1.1", "10.01.1.1", "10.1.1.00", "256.1.1.1", "10.1.1.256", "10.1.1", "10.1.1.",
            "10..1.1", ".10.1.1.1", "10.1.1.1.1", "10.1.1.1/24", "", " 10.1.1.1", "10.1.1.-1", "1000.1.1.1",
            "10.1.1.a", "10.1.1.\u0661", "1.2.3.4.5.6.7.8"})
    void ipv4RejectsBadText(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("invalid IPv4 address '" + text + "': expected four decimal octets 0-255 separated by '.' like 10.168.0.2");
    }

    @Test
    void ipv4RejectsNull() {
        assertThatThrownBy(() -> Ipv4Address.parse(null)).hasMessageStartingWith("invalid IPv4 address 'null'");
    }

    @Property
    void ipv4PrintParseRoundTrip(@ForAll int value) {
        assertThat(Ipv4Address.parseInt(Ipv4Address.toString(value))).isEqualTo(value);
        assertThat(Ipv4Address.parse(Ipv4Address.of(value).toString())).isEqualTo(Ipv4Address.of(value));
    }

    // ---- MAC addresses ----

    @Test
    void macParsesAndPrintsLowercaseColonSeparated() {
        MacAddress m = MacAddress.parse("5E:F8:4F:00:E3:37");
        assertThat(m.value()).isEqualTo(0x5EF8_4F00_E337L);
        assertThat(m).hasToString("5e:f8:4f:00:e3:37");
        assertThat(MacAddress.parse("5e-f8-4f-00-e3-37")).isEqualTo(m);
        assertThat(m.isLocallyAdministered()).isTrue();
        assertThat(m.isMulticast()).isFalse();
        assertThat(MacAddress.BROADCAST).hasToString("ff:ff:ff:ff:ff:ff");
        assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
        assertThat(MacAddress.dockerMac(Ipv4Address.parseInt("10.1.15.2"))).hasToString("02:42:0a:01:0f:02");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5e:f8:4f:00:e3", "5e:f8:4f:00:e3:3", "5e:f8:4f:00:e3:377", "5e:f8:4f:00:e3:3g",
            "5e.f8.4f.00.e3.37", "5e:f8-4f:00:e3:37", "5ef84f00e337", "", "\uff15e:f8:4f:00:e3:37"})
    void macRejectsBadText(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("invalid MAC address '" + text + "': expected six hex byte pairs separated by ':' like 5e:f8:4f:00:e3:37");
    }

    @Test
    void macRejectsValuesWiderThan48Bits() {
        assertThatThrownBy(() -> MacAddress.of(1L << 48))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAC address value out of 48 bits: 0x1000000000000");
    }

    @Property
    void macPrintParseRoundTrip(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) long value) {
        assertThat(MacAddress.parse(MacAddress.toString(value)).value()).isEqualTo(value);
        assertThat(MacAddress.toString(value)).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    }

    // ---- IPv4 prefixes ----

    @Test
    void prefixParsesAndPrintsCanonically() {
        Ipv4Prefix p = Ipv4Prefix.parse("10.1.16.0/24");
        assertThat(p).hasToString("10.1.16.0/24");
        assertThat(p.address()).isEqualTo(0x0A01_1000);
        assertThat(p.length()).isEqualTo(24);
        assertThat(p.mask()).isEqualTo(0xFFFF_FF00);
        assertThat(p.broadcast()).isEqualTo(0x0A01_10FF);
        assertThat(p.size()).isEqualTo(256);
        assertThat(p.contains(Ipv4Address.parseInt("10.1.16.3"))).isTrue();
        assertThat(p.contains(Ipv4Address.parseInt("10.1.15.3"))).isFalse();
        assertThat(Ipv4Prefix.parse("10.1.0.0/16").contains(p)).isTrue();
        assertThat(Ipv4Prefix.parse("10.1.0.0/16").overlaps(p)).isTrue();
        assertThat(Ipv4Prefix.parse("10.168.0.2")).hasToString("10.168.0.2/32");
        assertThat(Ipv4Prefix.parse("0.0.0.0/0").contains(-1)).isTrue();
        assertThat(Ipv4Prefix.containing(Ipv4Address.parseInt("10.1.16.3"), 24)).isEqualTo(p);
    }

    @Test
    void prefixWithHostBitsSetSaysWhatWasMeant() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.1.16.1/24"))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("invalid IPv4 prefix '10.1.16.1/24': expected no host bits set after the prefix length (did you mean 10.1.16.0/24?)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.16.0/33", "10.1.16.0/", "10.1.16.0/-1", "10.1.16.0/024", "10.1.16.0/2a", "10.1.16.0/\u0662\u0664",
            "10.1.16.0/100"})
    void prefixRejectsBadLengths(String text) {
        assertThatThrownBy(() -> Ipv4Prefix.parse(text))
                .isInstanceOf(AddressFormatException.class)
                .hasMessageStartingWith("invalid IPv4 prefix '" + text + "': expected a prefix length 0-32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.16/24", "10.01.16.0/24", "/24", "256.1.16.0/24"})
    void prefixRejectsBadAddressesQuotingTheWholePrefix(String text) {
        assertThatThrownBy(() -> Ipv4Prefix.parse(text))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("invalid IPv4 prefix '" + text
                        + "': expected four decimal octets 0-255 separated by '.', then '/' and a length, like 10.1.16.0/24");
    }

    @Property
    void prefixPrintParseRoundTrip(@ForAll int address, @ForAll @IntRange(min = 0, max = 32) int length) {
        Ipv4Prefix p = Ipv4Prefix.containing(address, length);
        assertThat(Ipv4Prefix.parse(p.toString())).isEqualTo(p);
        assertThat(p.contains(address)).isTrue();
    }

    // ---- what the scenario loader builds on ----

    @Test
    void anExceptionKeepsWhatInputAndExpectedApart() {
        assertThatThrownBy(() -> Ipv4Address.parse("10.1.15"))
                .isInstanceOfSatisfying(AddressFormatException.class, e -> {
                    assertThat(e.what()).isEqualTo("IPv4 address");
                    assertThat(e.input()).isEqualTo("10.1.15");
                    assertThat(e.expected()).isEqualTo("four decimal octets 0-255 separated by '.' like 10.168.0.2");
                    assertThat(e.meant()).isEmpty();
                });
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.1.16.1/24"))
                .isInstanceOfSatisfying(AddressFormatException.class, e -> {
                    assertThat(e.what()).isEqualTo("IPv4 prefix");
                    assertThat(e.input()).isEqualTo("10.1.16.1/24");
                    assertThat(e.meant()).contains("10.1.16.0/24");
                });
    }

    @Test
    void aPrefixWithItsLengthWrittenOutRefusesABareAddress() {
        assertThat(Ipv4Prefix.parseWithLength("10.1.0.0/16")).isEqualTo(Ipv4Prefix.parse("10.1.0.0/16"));
        assertThatThrownBy(() -> Ipv4Prefix.parseWithLength("10.168.0.2"))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("invalid IPv4 prefix '10.168.0.2': expected an address/length like 10.1.16.0/24");
        assertThatThrownBy(() -> Ipv4Prefix.parseWithLength("10.1.16.1/24"))
                .hasMessage("invalid IPv4 prefix '10.1.16.1/24': expected no host bits set after the prefix length (did you mean 10.1.16.0/24?)");
    }

    @Test
    void prefixNetworkLastAddressAndContainsAnAddress() {
        Ipv4Prefix p = Ipv4Prefix.parse("10.1.0.0/16");
        assertThat(p.network()).isEqualTo(Ipv4Address.parse("10.1.0.0"));
        assertThat(p.lastAddress()).hasToString("10.1.255.255");
        assertThat(p.contains(Ipv4Address.parse("10.1.255.255"))).isTrue();
        assertThat(p.contains(Ipv4Address.parse("10.2.0.0"))).isFalse();
        assertThat(Ipv4Prefix.parse("0.0.0.0/0").lastAddress()).isEqualTo(Ipv4Address.BROADCAST);
    }

    @Test
    void ipv4PlusCountsUpAndWraps() {
        assertThat(Ipv4Address.parse("10.1.15.0").plus(1)).hasToString("10.1.15.1");
        assertThat(Ipv4Address.parse("10.1.15.255").plus(1)).hasToString("10.1.16.0");
        assertThat(Ipv4Address.BROADCAST.plus(1)).isEqualTo(Ipv4Address.ANY);
    }

    @Test
    void macColonSeparatedOnlyAndZero() {
        assertThat(MacAddress.parseColonSeparated("5E:F8:4F:00:E3:37")).isEqualTo(MacAddress.parse("5e:f8:4f:00:e3:37"));
        assertThatThrownBy(() -> MacAddress.parseColonSeparated("5e-f8-4f-00-e3-37"))
                .isInstanceOf(AddressFormatException.class)
                .hasMessage("invalid MAC address '5e-f8-4f-00-e3-37': expected six hex byte pairs separated by ':' like 5e:f8:4f:00:e3:37");
        assertThat(MacAddress.parse("00:00:00:00:00:00").isZero()).isTrue();
        assertThat(MacAddress.ZERO.isZero()).isTrue();
        assertThat(MacAddress.parse("00:00:00:00:00:01").isZero()).isFalse();
    }
}
