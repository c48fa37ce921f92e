package dev.overlaysim.scenarios.twin;

import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.scenarios.twin.FrameFields.Dissected;
import dev.overlaysim.scenarios.twin.FrameFields.Field;
import dev.overlaysim.scenarios.twin.FrameFields.Mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what one interface carried in the simulation with what it carried in the kernel.
 *
 * <p>Ordering rule: frames other than ARP and TCP are compared in capture order, one for one. The
 * segments of each direction of each TCP connection are compared in their order, one for one,
 * but not interleaved with anything else: when an ACK crosses the data it acknowledges on a
 * wire depends on timing, while what each side sends, in what order, does not. ARP frames
 * are compared as a multiset: each simulated ARP frame must match a distinct kernel ARP frame on
 * the same interface, in any order, because when the kernel resolves a neighbour relative to
 * other traffic depends on timers and scheduling, while what it sends does not. Every checksum is
 * verified on both sides; a checksum is compared as a value only when none of the bytes it covers
 * is masked. MACs that the simulation did not pin are matched through one mapping (sim → kernel)
 * shared by every interface of the run; pinned MACs must be equal.
 */
public final class FrameComparator {
    /** A difference: where (frame, field) and the two values. */
    public record Difference(String frame, String field, String simValue, String kernelValue, String note) {
        public String format() {
            return frame + ": " + field + ": sim " + simValue + ", kernel " + kernelValue + (note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    /** The verdict for one interface. */
    public record Result(String iface, int simFrames, int kernelFrames, int simArp, int kernelArp,
                         List<Difference> differences, Set<Mask> masksUsed) {
        public boolean equal() { return differences.isEmpty(); }
    }

    private final FrameFields fields;
    private final Set<Long> pinnedMacs;
    private final Map<Long, Long> macMap = new LinkedHashMap<>();

    /**
     * @param fields     the dissector (knows the scenario's VXLAN and flannel UDP ports)
     * @param pinnedMacs MACs the twin set itself: they must appear unchanged
     */
    public FrameComparator(FrameFields fields, Set<Long> pinnedMacs) {
        this.fields = fields;
        this.pinnedMacs = pinnedMacs;
    }

    /** MACs the kernel chose itself, as matched so far (sim → kernel). */
    public Map<Long, Long> macMapping() { return Map.copyOf(macMap); }

    /**
     * @param underlay true for a node's eth0: Ethernet padding is then a property of the medium
     *                 (a physical NIC in the model, a veth in the twin) and not compared
     */
    public Result compare(String iface, List<byte[]> sim, List<byte[]> kernel, boolean ethernet, boolean underlay) {
        List<Dissected> s = new ArrayList<>();
        List<Dissected> k = new ArrayList<>();
        for (byte[] f : sim) s.add(fields.dissect(f, ethernet));
        for (byte[] f : kernel) k.add(fields.dissect(f, ethernet));
        List<Difference> diffs = new ArrayList<>();
        Set<Mask> masks = EnumSet.noneOf(Mask.class);
        // Each side on its own: checksums valid, the VXLAN source port in range, padding zero.
        for (int i = 0; i < s.size(); i++) checkOne("sim", i, s.get(i), diffs, masks, underlay);
        for (int i = 0; i < k.size(); i++) checkOne("kernel", i, k.get(i), diffs, masks, underlay);
        List<Integer> sOther = new ArrayList<>(), kOther = new ArrayList<>(), sArp = new ArrayList<>(), kArp = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) (s.get(i).arp() ? sArp : sOther).add(i);
        for (int i = 0; i < k.size(); i++) (k.get(i).arp() ? kArp : kOther).add(i);
        // The rest in capture order, then each TCP direction on its own, in order of first appearance;
        // the i-th group of one side is paired with the i-th of the other. Pairing group by group
        // (not the groups run together) gives the same verdict — a frame's group follows from its
        // compared addresses and ports — but a frame missing from one group no longer shifts the
        // next group against it, so the report names the frame that is missing: with the groups
        // run together, a lost final ACK of one direction read as "only the sim has" the FIN that
        // ends the last group, and as its ACK compared with the other direction's SYN-ACK.
        List<List<Integer>> sGroups = byStream(s, sOther);
        List<List<Integer>> kGroups = byStream(k, kOther);
        boolean stepped = false;
        String countField = null;
        String only = null;
        for (int g = 0; g < Math.max(sGroups.size(), kGroups.size()); g++) {
            List<Integer> sg = g < sGroups.size() ? sGroups.get(g) : List.of();
            List<Integer> kg = g < kGroups.size() ? kGroups.get(g) : List.of();
            int n = Math.min(sg.size(), kg.size());
            for (int j = 0; j < n && !stepped; j++) {
                Dissected a = s.get(sg.get(j));
                Dissected b = k.get(kg.get(j));
                Difference d = firstDifference(label(sg.get(j), kg.get(j), a), a, b, underlay, true);
                if (d != null) {
                    diffs.add(d);
                    stepped = true; // one frame out of step makes the rest noise: report the first
                }
            }
            if (sg.size() != kg.size() && only == null) {
                boolean simMore = sg.size() > kg.size();
                int extra = (simMore ? sg : kg).get(n);
                String key = (simMore ? s : k).get(extra).stream();
                countField = sOther.size() != kOther.size() || key.isEmpty() ? "count" : "count of " + key;
                only = "first frame only the " + (simMore ? "sim" : "kernel") + " has: #" + (extra + 1) + " " + (simMore ? s : k).get(extra).summary();
            }
        }
        if (only != null) {
            boolean total = countField.equals("count");
            String key = countField.startsWith("count of ") ? countField.substring("count of ".length()) : "";
            diffs.add(new Difference("non-ARP frames", countField,
                    Integer.toString(total ? sOther.size() : count(s, sOther, key)), Integer.toString(total ? kOther.size() : count(k, kOther, key)), only));
        }
        // ARP frames as a multiset.
        List<Integer> unmatchedK = new ArrayList<>(kArp);
        List<Integer> unmatchedS = new ArrayList<>();
        for (int si : sArp) {
            Integer hit = null;
            for (int ki : unmatchedK) {
                if (firstDifference("", s.get(si), k.get(ki), underlay, false) == null) {
                    hit = ki;
                    break;
                }
            }
            if (hit == null) unmatchedS.add(si);
            else unmatchedK.remove(hit);
        }
        for (int j = 0; j < Math.min(unmatchedS.size(), unmatchedK.size()); j++) {
            int si = unmatchedS.get(j), ki = unmatchedK.get(j);
            Difference d = firstDifference("ARP frame sim #" + (si + 1) + "/kernel #" + (ki + 1) + " (" + s.get(si).summary()
                    + " | " + k.get(ki).summary() + ")", s.get(si), k.get(ki), underlay, true);
            if (d != null) diffs.add(d);
        }
        if (unmatchedS.size() != unmatchedK.size()) {
            boolean simMore = unmatchedS.size() > unmatchedK.size();
            List<Integer> rest = simMore ? unmatchedS.subList(unmatchedK.size(), unmatchedS.size())
                    : unmatchedK.subList(unmatchedS.size(), unmatchedK.size());
            List<String> what = new ArrayList<>();
            for (int i : rest) what.add("#" + (i + 1) + " " + (simMore ? s : k).get(i).summary());
            diffs.add(new Difference("ARP frames", "count", Integer.toString(sArp.size()), Integer.toString(kArp.size()),
                    "only the " + (simMore ? "sim" : "kernel") + " has: " + String.join("; ", what)));
        }
        for (Dissected d : s) for (Field f : d.fields()) if (f.masked() && (underlay || f.mask() != Mask.UNDERLAY_PADDING)) masks.add(f.mask());
        for (Dissected d : k) for (Field f : d.fields()) if (f.masked() && (underlay || f.mask() != Mask.UNDERLAY_PADDING)) masks.add(f.mask());
        return new Result(iface, s.size(), k.size(), sArp.size(), kArp.size(), List.copyOf(diffs), masks);
    }

    /** {@code order} grouped: the frames of no TCP stream first, then each stream's, in order of first appearance. */
    private static List<List<Integer>> byStream(List<Dissected> frames, List<Integer> order) {
        Map<String, List<Integer>> streams = new LinkedHashMap<>();
        streams.put("", new ArrayList<>());
        for (int i : order) streams.computeIfAbsent(frames.get(i).stream(), x -> new ArrayList<>()).add(i);
        return new ArrayList<>(streams.values());
    }

    private static int count(List<Dissected> frames, List<Integer> order, String stream) {
        int n = 0;
        for (int i : order) if (frames.get(i).stream().equals(stream)) n++;
        return n;
    }

    private static String label(int si, int ki, Dissected d) {
        return (si == ki ? "frame #" + (si + 1) : "frame sim #" + (si + 1) + "/kernel #" + (ki + 1)) + " (" + d.summary() + ")";
    }

    private void checkOne(String side, int i, Dissected d, List<Difference> diffs, Set<Mask> masks, boolean underlay) {
        for (Field f : d.fields()) {
            if (f.checksum() != null && f.checksum().fails()) {
                diffs.add(new Difference(side + " frame #" + (i + 1) + " (" + d.summary() + ")", f.name(),
                        side.equals("sim") ? f.value() + " INVALID" : "-", side.equals("kernel") ? f.value() + " INVALID" : "-",
                        "checksum " + f.checksum().detail() + " does not verify"));
            }
            if (f.mask() == Mask.VXLAN_SOURCE_PORT) {
                int port = Bytes.u16(f.raw(), 0);
                if (port < 32768 || port > 60999) {
                    diffs.add(new Difference(side + " frame #" + (i + 1) + " (" + d.summary() + ")", f.name(),
                            side.equals("sim") ? Integer.toString(port) : "-", side.equals("kernel") ? Integer.toString(port) : "-",
                            "outside 32768-60999"));
                }
            }
            if (f.mask() == Mask.UNDERLAY_PADDING && underlay) {
                boolean zero = true;
                for (byte b : f.raw()) zero &= b == 0;
                if (!zero || d.length() > 60) {
                    diffs.add(new Difference(side + " frame #" + (i + 1) + " (" + d.summary() + ")", f.name(),
                            side.equals("sim") ? f.value() : "-", side.equals("kernel") ? f.value() : "-",
                            "padding must be zeros up to a 60-byte frame"));
                }
            }
        }
    }

    /** The first field in which two frames differ, or null. {@code bind}: record new MAC pairs (false while searching). */
    Difference firstDifference(String frame, Dissected a, Dissected b, boolean underlay, boolean bind) {
        List<Field> fa = comparable(a, underlay);
        List<Field> fb = comparable(b, underlay);
        Map<Long, Long> tentative = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(fa.size(), fb.size()); i++) {
            Field x = fa.get(i), y = fb.get(i);
            if (!x.name().equals(y.name())) {
                return new Difference(frame, "layout at field " + (i + 1), x.name() + " = " + x.value(), y.name() + " = " + y.value(),
                        "the frames are built differently");
            }
            if ((x.masked() || y.masked()) && x.mask() != Mask.UNDERLAY_PADDING && y.mask() != Mask.UNDERLAY_PADDING) {
                if (x.mask() == Mask.CHECKSUM_OVER_MASKED || y.mask() == Mask.CHECKSUM_OVER_MASKED) continue;
                if (x.mask() != Mask.NONE && x.mask() == y.mask() && x.raw().length == y.raw().length) continue;
                if (x.mask() != Mask.NONE && x.mask() == y.mask()) {
                    return new Difference(frame, x.name() + ".length", Integer.toString(x.raw().length), Integer.toString(y.raw().length), "");
                }
            }
            if (isMac(x) && x.raw().length == 6 && y.raw().length == 6) {
                long sm = Bytes.u48(x.raw(), 0), km = Bytes.u48(y.raw(), 0);
                if (sm == km && (pinnedMacs.contains(sm) || !macMap.containsKey(sm))) continue;
                if (!pinnedMacs.contains(sm) && sm != 0xFFFF_FFFF_FFFFL && sm != 0) {
                    Long known = macMap.containsKey(sm) ? macMap.get(sm) : tentative.get(sm);
                    boolean taken = macMap.containsValue(km) || tentative.containsValue(km);
                    if (known == null && !taken) {
                        tentative.put(sm, km);
                        continue;
                    }
                    if (known != null && known == km) continue;
                }
                return new Difference(frame, x.name(), x.value(), y.value(),
                        pinnedMacs.contains(sm) ? "a MAC the twin pinned" : "MAC mapping: " + MacAddress.toString(sm) + " → "
                                + (macMap.containsKey(sm) ? MacAddress.toString(macMap.get(sm)) : "?"));
            }
            if (!Arrays.equals(x.raw(), y.raw())) {
                if (x.payload() && y.payload()) {
                    int at = Arrays.mismatch(x.raw(), y.raw());
                    if (at >= x.raw().length || at >= y.raw().length) {
                        return new Difference(frame, x.name() + ".length", Integer.toString(x.raw().length), Integer.toString(y.raw().length), "");
                    }
                    return new Difference(frame, x.name() + "[" + at + "]", String.format("0x%02x", x.raw()[at] & 0xFF),
                            String.format("0x%02x", y.raw()[at] & 0xFF), "byte " + (x.offset() + at) + " of the frame");
                }
                return new Difference(frame, x.name(), x.value(), y.value(), "");
            }
        }
        if (fa.size() != fb.size()) {
            boolean simMore = fa.size() > fb.size();
            Field extra = (simMore ? fa : fb).get(Math.min(fa.size(), fb.size()));
            return new Difference(frame, extra.name(), simMore ? extra.value() : "(absent)", simMore ? "(absent)" : extra.value(),
                    "frame lengths " + a.length() + " and " + b.length());
        }
        if (bind) macMap.putAll(tentative);
        return null;
    }

    private static List<Field> comparable(Dissected d, boolean underlay) {
        if (!underlay) return d.fields();
        List<Field> out = new ArrayList<>();
        for (Field f : d.fields()) if (f.mask() != Mask.UNDERLAY_PADDING) out.add(f);
        return out;
    }

    private static boolean isMac(Field f) {
        String n = f.name();
        return n.endsWith("eth.dst") || n.endsWith("eth.src") || n.endsWith("arp.sha") || n.endsWith("arp.tha");
    }
}
