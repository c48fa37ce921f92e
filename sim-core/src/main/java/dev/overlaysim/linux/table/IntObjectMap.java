package dev.overlaysim.linux.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link LongObjectMap} with {@code int} keys: the routes of one prefix length, keyed by address.
 *
 * <p>Iteration order is the slot order, which depends on the hash: callers must sort what they show
 * ({@link #values()} is for listings that sort and for scans whose result does not depend on order).
 * Single-threaded, like the engine. Also used for sockets by port, where boxing a key per packet
 * would allocate on the forwarding path.
 */
public final class IntObjectMap<V> {
    private static final int MIN_CAPACITY = 8;

    private int[] keys;
    private Object[] values; // null marks a free slot
    private int size;
    private int mask;

    public IntObjectMap() { allocate(MIN_CAPACITY); }

    private void allocate(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    /** murmur3's fmix32: route keys are prefix addresses whose low bits are all zero. */
    private static int slot(int key, int mask) {
        int h = key;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & mask;
    }

    public int size() { return size; }
    public boolean isEmpty() { return size == 0; }

    @SuppressWarnings("unchecked")
    public V get(int key) {
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    /** Maps {@code key} to {@code value} (not null); returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    public V put(int key, V value) {
        if (value == null) throw new NullPointerException("value");
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size > (mask + 1) * 3 / 4) grow();
        return null;
    }

    /** Removes the mapping for {@code key}; returns the value it had, or null. */
    @SuppressWarnings("unchecked")
    public V remove(int key) {
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return (V) v;
            }
        }
    }

    /** Backward-shift deletion: moves later entries of the probe run into the hole at {@code hole}. */
    private void shiftBack(int hole) {
        for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int home = slot(keys[i], mask);
            // the entry at i may move to the hole if its home is not in (hole, i] (cyclically)
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
        keys[hole] = 0;
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldValues.length * 2);
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] == null) continue;
            int i = slot(oldKeys[j], mask);
            while (values[i] != null) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }

    /** The values, in no meaningful order (see the class comment). */
    @SuppressWarnings("unchecked")
    public List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) if (v != null) out.add((V) v);
        return out;
    }

    /** Removes every value {@code remove} accepts; returns how many went. */
    @SuppressWarnings("unchecked")
    public int removeIf(Predicate<? super V> remove) {
        int[] doomed = new int[8];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && remove.test((V) values[i])) {
                if (n == doomed.length) doomed = Arrays.copyOf(doomed, n * 2);
                doomed[n++] = keys[i];
            }
        }
        for (int j = 0; j < n; j++) remove(doomed[j]);
        return n;
    }
}
