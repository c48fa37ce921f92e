package dev.overlaysim.protocols.testing;

import java.io.ByteArrayOutputStream;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;

/**
 * Expected wire bytes written field by field, big-endian, independently of the codecs under test
 * (datastax native-protocol style): {@code bytes().u8(0x45) // version 4, IHL 5}.
 */
public final class WireBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private WireBytes() {}

    public static WireBytes bytes() { return new WireBytes(); }

    public WireBytes u8(int v) {
        out.write(v);
        return this;
    }

    public WireBytes u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    public WireBytes u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    public WireBytes mac(String mac) {
        long v = MacAddress.parse(mac).value();
        return u16((int) (v >>> 32)).u32(v & 0xFFFF_FFFFL);
    }

    public WireBytes ip(String ip) {
        return u32(Ipv4Address.parseInt(ip) & 0xFFFF_FFFFL);
    }

    /** Space-separated hex bytes, {@code "08 00 00 00"}. */
    public WireBytes hex(String hex) {
        for (String b : hex.trim().split("\\s+")) {
            if (!b.isEmpty()) out.write(Integer.parseInt(b, 16));
        }
        return this;
    }

    public WireBytes raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public WireBytes zeros(int n) {
        for (int i = 0; i < n; i++) out.write(0);
        return this;
    }

    public int size() { return out.size(); }

    public byte[] build() { return out.toByteArray(); }

    /** Parses space-separated hex into bytes. */
    public static byte[] fromHex(String hex) {
        return bytes().hex(hex).build();
    }
}
