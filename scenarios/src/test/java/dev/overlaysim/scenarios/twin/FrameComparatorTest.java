package dev.overlaysim.scenarios.twin;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.protocols.codec.Checksums;
import dev.overlaysim.protocols.pcap.LinkType;
import dev.overlaysim.protocols.pcap.PcapWriter;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The comparison without a kernel: the simulation against itself, and against deliberately tampered copies. */
class FrameComparatorTest {
    private static ScenarioResult run(String name) {
        return Scenario.load(Path.of("examples", name + ".yaml")).run(RunOptions.DEFAULT.withCapture(true));
    }

    private static List<byte[]> frames(ScenarioResult r, String iface) {
        List<byte[]> out = new ArrayList<>();
        for (Tracer.Capture c : r.captures()) {
            if (c.name().equals(iface)) for (Tracer.Frame f : c.frames()) out.add(f.bytes().clone());
        }
        assertThat(out).as("frames captured on " + iface).isNotEmpty();
        return out;
    }

    private static List<byte[]> copy(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] b : in) out.add(b.clone());
        return out;
    }

    private static Set<Long> pinned(ScenarioResult r) {
        Set<Long> s = new HashSet<>();
        r.world().hosts().forEach(h -> h.namespaces().forEach(ns -> ns.devices().forEach(d -> s.add(d.mac()))));
        s.remove(0L);
        return s;
    }

    /** The first frame on the interface that is not ARP. */
    private static int firstIp(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) if ((frames.get(i)[12] & 0xFF) == 0x08 && frames.get(i)[13] == 0) return i;
        throw new AssertionError("no IPv4 frame");
    }

    @Test
    void theSimulationEqualsItselfOnEveryInterface() {
        ScenarioResult r = run("seed-vxlan");
        FrameComparator cmp = new FrameComparator(new FrameFields(8472, 0), pinned(r));
        for (Tracer.Capture c : r.captures()) {
            List<byte[]> f = frames(r, c.name());
            FrameComparator.Result res = cmp.compare(c.name(), f, copy(f), c.linkType() == LinkType.ETHERNET, c.name().endsWith("-eth0"));
            assertThat(res.differences()).as(c.name()).isEmpty();
        }
    }

    @Test
    void aTamperedInnerTtlIsReportedWithTheFieldNameAndBothValues() {
        ScenarioResult r = run("seed-vxlan");
        List<byte[]> sim = frames(r, "node1-eth0");
        List<byte[]> kernel = copy(sim);
        int i = firstIp(kernel);
        byte[] f = kernel.get(i);
        // eth 14 + ip 20 + udp 8 + vxlan 8 + inner eth 14 = 64: the inner IPv4 header; its TTL is byte 8.
        int ttlAt = 64 + 8;
        int before = f[ttlAt] & 0xFF;
        f[ttlAt] = (byte) (before - 1);
        FrameComparator.Result res = new FrameComparator(new FrameFields(8472, 0), pinned(r)).compare("node1-eth0", sim, kernel, true, true);
        assertThat(res.equal()).isFalse();
        // the tampered copy's inner checksum no longer verifies, and the field itself differs
        assertThat(res.differences()).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("inner.ip.ttl");
            assertThat(d.simValue()).isEqualTo(Integer.toString(before));
            assertThat(d.kernelValue()).isEqualTo(Integer.toString(before - 1));
        });
        assertThat(res.differences()).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("inner.ip.checksum");
            assertThat(d.kernelValue()).endsWith("INVALID");
        });
    }

    @Test
    void maskedFieldsMayDifferButTheirChecksumsMustStillVerify() {
        ScenarioResult r = run("seed-vxlan");
        List<byte[]> sim = frames(r, "node1-eth0");
        List<byte[]> kernel = copy(sim);
        byte[] f = kernel.get(firstIp(kernel));
        // another outer IP ID and another VXLAN source port, with both checksums recomputed, as a kernel would
        f[14 + 4] ^= 0x5A;
        f[14 + 10] = 0;
        f[14 + 11] = 0;
        int ipSum = Checksums.compute(f, 14, 20);
        f[14 + 10] = (byte) (ipSum >>> 8);
        f[14 + 11] = (byte) ipSum;
        f[34] = (byte) 0xC0; // source port 0xC0xx: 49152+, inside 32768-60999
        int udpLen = ((f[38] & 0xFF) << 8) | (f[39] & 0xFF);
        f[40] = 0;
        f[41] = 0;
        long s = Checksums.pseudoHeader(ByteBuffer.wrap(f, 26, 4).getInt(), ByteBuffer.wrap(f, 30, 4).getInt(), 17, udpLen);
        int udpSum = Checksums.finish(Checksums.add(s, f, 34, udpLen));
        f[40] = (byte) (udpSum >>> 8);
        f[41] = (byte) udpSum;
        FrameComparator.Result res = new FrameComparator(new FrameFields(8472, 0), pinned(r)).compare("node1-eth0", sim, kernel, true, true);
        assertThat(res.differences()).isEmpty();
        assertThat(res.masksUsed()).contains(FrameFields.Mask.IP_ID, FrameFields.Mask.VXLAN_SOURCE_PORT, FrameFields.Mask.CHECKSUM_OVER_MASKED);

        // ... but a port outside the kernel's range is reported.
        f[34] = (byte) 0x10;
        FrameComparator.Result out = new FrameComparator(new FrameFields(8472, 0), pinned(r)).compare("node1-eth0", sim, kernel, true, true);
        assertThat(out.differences()).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("udp.srcport");
            assertThat(d.note()).contains("32768-60999");
        });
    }

    /**
     * A frame missing from the middle of the TCP groups (the final ACK of the first connection's
     * first direction, as a kernel capture that lost it) is named as the frame only the sim has,
     * and shifts no later group: no frame of one direction is compared with the other's.
     */
    @Test
    void aFrameMissingFromOneTcpDirectionIsTheOneReported() {
        ScenarioResult r = run("tcp-mss");
        FrameFields ff = new FrameFields(8472, 0);
        List<byte[]> sim = frames(r, "container-1-eth0");
        String first = null;
        int last = -1;
        for (int i = 0; i < sim.size(); i++) {
            String stream = ff.dissect(sim.get(i), true).stream();
            if (stream.isEmpty()) continue;
            if (first == null) first = stream;
            if (stream.equals(first)) last = i;
        }
        assertThat(last).as("the first direction's last segment").isPositive();
        List<byte[]> kernel = copy(sim);
        kernel.remove(last);
        FrameComparator.Result res = new FrameComparator(ff, pinned(r)).compare("container-1-eth0", sim, kernel, true, false);
        assertThat(res.differences()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("count");
            assertThat(d.simValue()).isEqualTo(Integer.toString(sim.size() - countArp(sim, ff)));
            assertThat(d.kernelValue()).isEqualTo(Integer.toString(sim.size() - countArp(sim, ff) - 1));
        });
        int missing = last;
        assertThat(res.differences().get(0).note()).isEqualTo("first frame only the sim has: #" + (missing + 1) + " "
                + ff.dissect(sim.get(missing), true).summary());
    }

    private static int countArp(List<byte[]> frames, FrameFields ff) {
        int n = 0;
        for (byte[] f : frames) if (ff.dissect(f, true).arp()) n++;
        return n;
    }

    @Test
    void flannelUdpFramesAreDissectedDownToTheInnerPacket() {
        ScenarioResult r = run("seed-udp");
        List<byte[]> sim = frames(r, "node1-eth0");
        FrameFields.Dissected d = new FrameFields(0, 8285).dissect(sim.get(firstIp(sim)), true);
        assertThat(d.fields()).extracting(FrameFields.Field::name).contains("udp.srcport", "inner.ip.ttl", "inner.icmp.sequence", "inner.icmp.data");
        assertThat(d.fields()).filteredOn(fl -> fl.checksum() != null).allSatisfy(fl -> assertThat(fl.checksum().valid()).as(fl.name()).isTrue());
        assertThat(d.summary()).startsWith("flannel UDP 8285 [ICMP echo request");
    }

    @Test
    void arpFramesMatchInAnyOrderOtherFramesOnlyInOrder() {
        ScenarioResult r = run("host-gw");
        List<byte[]> sim = frames(r, "container-1-eth0");
        List<byte[]> arpFirst = new ArrayList<>();
        List<byte[]> rest = new ArrayList<>();
        for (byte[] f : sim) ((f[12] == 0x08 && f[13] == 0x06) ? arpFirst : rest).add(f.clone());
        List<byte[]> reordered = new ArrayList<>(rest);
        java.util.Collections.reverse(arpFirst);
        reordered.addAll(0, arpFirst);
        FrameComparator cmp = new FrameComparator(new FrameFields(0, 0), pinned(r));
        assertThat(cmp.compare("container-1-eth0", sim, reordered, true, false).differences()).isEmpty();
        List<byte[]> swapped = copy(sim);
        int a = firstIp(swapped);
        int b = a + 1;
        while ((swapped.get(b)[12] & 0xFF) != 0x08 || swapped.get(b)[13] != 0) b++;
        byte[] t = swapped.get(a);
        swapped.set(a, swapped.get(b));
        swapped.set(b, t);
        assertThat(cmp.compare("container-1-eth0", sim, swapped, true, false).differences()).isNotEmpty();
    }
}
