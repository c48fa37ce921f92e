package dev.overlaysim.scenarios.twin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.stream.Stream;

/**
 * Whether this machine's CPUs share a last-level cache, as the scheduler sees it: from
 * {@code /sys/devices/system/cpu/cpuN/cache/indexK/{level,shared_cpu_list}}, the cache of the
 * highest level each CPU lists. Linux builds {@code sd_llc} from the same CPUID data; where a
 * machine lists no caches at all (some VMs), no two CPUs share one, {@code cpus_share_cache()} is
 * false, and {@code select_idle_sibling()} searches for no idle CPU: a woken process stays on the
 * CPU {@code wake_affine()} picked (the waker's, or its own previous one) even with another idle.
 * The model's wake-up placement assumes a shared cache (docs/model.md), so the twin says which
 * this machine has.
 */
final class CacheTopology {
    /** What the CPUs of a machine share. */
    enum Llc {
        /** Every CPU's highest-level cache spans every CPU. */
        SHARED,
        /** The CPUs list caches, but some pair shares none. */
        SPLIT,
        /** No CPU lists a cache. */
        NONE
    }

    private CacheTopology() {}

    /** {@code cpuDir}: {@code /sys/devices/system/cpu}; {@code cpus}: the CPUs to look at, 0..cpus-1. */
    static Llc of(Path cpuDir, int cpus) {
        BitSet all = new BitSet();
        all.set(0, cpus);
        boolean any = false;
        for (int c = 0; c < cpus; c++) {
            BitSet shared = highestLevelShared(cpuDir.resolve("cpu" + c).resolve("cache"));
            if (shared == null) continue;
            any = true;
            BitSet missing = (BitSet) all.clone();
            missing.andNot(shared);
            if (!missing.isEmpty()) return Llc.SPLIT;
        }
        if (!any) return Llc.NONE;
        return Llc.SHARED;
    }

    /** This machine's. */
    static Llc ofThisMachine(int cpus) { return of(Path.of("/sys/devices/system/cpu"), cpus); }

    /** The line the twin prints under its placement line. */
    static String line(Llc llc) {
        return switch (llc) {
            case SHARED -> "its CPUs share a last-level cache, as the model's wake-up placement assumes";
            case SPLIT, NONE -> (llc == Llc.NONE ? "its CPUs list no caches (/sys/devices/system/cpu/cpu0/cache), so they share"
                    : "some of its CPUs share") + " no last-level cache: Linux then keeps a woken process on the waker's CPU or its own"
                    + " even with another idle, and the model, which searches for an idle CPU, places processes otherwise"
                    + " (docs/twin.md, where a woken process runs)";
        };
    }

    /** The CPUs the highest-level cache listed under {@code cacheDir} spans; null if it lists none. */
    private static BitSet highestLevelShared(Path cacheDir) {
        if (!Files.isDirectory(cacheDir)) return null;
        int best = -1;
        BitSet out = null;
        try (Stream<Path> indexes = Files.list(cacheDir)) {
            for (Path index : (Iterable<Path>) indexes.filter(p -> p.getFileName().toString().startsWith("index")).sorted()::iterator) {
                try {
                    int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                    BitSet cpus = cpuList(Files.readString(index.resolve("shared_cpu_list")).trim());
                    if (level > best) {
                        best = level;
                        out = cpus;
                    }
                } catch (IOException | NumberFormatException e) {
                    // an index without these files (or unreadable) says nothing about sharing
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out;
    }

    /** A kernel cpu list, {@code 0-3,8,10-11}. */
    static BitSet cpuList(String list) {
        BitSet out = new BitSet();
        if (list.isEmpty()) return out;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                out.set(Integer.parseInt(part.trim()));
            } else {
                out.set(Integer.parseInt(part.substring(0, dash).trim()), Integer.parseInt(part.substring(dash + 1).trim()) + 1);
            }
        }
        return out;
    }
}
