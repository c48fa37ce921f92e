package dev.overlaysim.linux.table;

/**
 * A hash table of fixed-width rows of {@code long}s plus one object per row, keyed by the row's
 * first long: open addressing, linear probing, backward-shift deletion. The tables keep the
 * entries that never change state this way (flannel's permanent neighbours and FDB entries, one
 * per peer, millions across a large mesh) as a few arrays instead of an object per entry, which
 * is what lets a 5,000-node mesh fit its 25 million entries per table in memory and the GC.
 *
 * <p>A slot is in use when its object is not null. Slot order depends on the hash: callers sort
 * what they show. Single-threaded. Package-private: a tool of the tables, not an API.
 */
final class LongRows {
    private static final int MIN_CAPACITY = 8;

    private final int width;
    private final int refWidth;
    private long[] data;    // row i at [i * width, (i + 1) * width); column 0 is the key
    private Object[] refs;  // row i at [i * refWidth, (i + 1) * refWidth); a null first object marks a free slot
    private int size;
    private int mask;

    LongRows(int width) { this(width, 1); }

    LongRows(int width, int refWidth) {
        if (width < 1 || refWidth < 1) throw new IllegalArgumentException("row width " + width + " + " + refWidth);
        this.width = width;
        this.refWidth = refWidth;
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        data = new long[capacity * width];
        refs = new Object[capacity * refWidth];
        mask = capacity - 1;
    }

    /** murmur3's fmix64: keys such as (ifindex, address) differ in a few bits only. */
    private static int home(long key, int mask) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    int size() { return size; }

    /** Slots run 0 .. capacity − 1; {@link #inUse} tells which hold a row. */
    int capacity() { return mask + 1; }

    boolean inUse(int slot) { return refs[slot * refWidth] != null; }

    /** The slot holding {@code key}, or −1. */
    int find(long key) {
        for (int i = home(key, mask); ; i = (i + 1) & mask) {
            if (refs[i * refWidth] == null) return -1;
            if (data[i * width] == key) return i;
        }
    }

    /**
     * The slot for {@code key} with {@code ref} set: the row it had, or a new row whose other
     * columns are zero. Slots found before an insert are invalid after it (it may grow the table).
     */
    int insert(long key, Object ref) {
        if (ref == null) throw new NullPointerException("ref");
        if (size + 1 > (mask + 1) * 3 / 4 && find(key) < 0) grow();
        int i = home(key, mask);
        for (; refs[i * refWidth] != null; i = (i + 1) & mask) {
            if (data[i * width] == key) {
                refs[i * refWidth] = ref;
                return i;
            }
        }
        data[i * width] = key;
        refs[i * refWidth] = ref;
        size++;
        return i;
    }

    long get(int slot, int column) { return data[slot * width + column]; }
    void set(int slot, int column, long value) { data[slot * width + column] = value; }
    Object ref(int slot) { return refs[slot * refWidth]; }
    Object ref(int slot, int column) { return refs[slot * refWidth + column]; }
    /** Sets an object other than the first (the first is set by {@link #insert}). */
    void setRef(int slot, int column, Object value) {
        if (column == 0) throw new IllegalArgumentException("the first object is set by insert");
        refs[slot * refWidth + column] = value;
    }

    /** Removes the row with {@code key}; false when there is none. */
    boolean remove(long key) {
        int slot = find(key);
        if (slot < 0) return false;
        removeAt(slot);
        return true;
    }

    /** Removes the row in {@code slot}, moving later rows of its probe run back (backward shift). */
    void removeAt(int hole) {
        for (int i = (hole + 1) & mask; refs[i * refWidth] != null; i = (i + 1) & mask) {
            int h = home(data[i * width], mask);
            if (((i - h) & mask) >= ((i - hole) & mask)) {
                System.arraycopy(data, i * width, data, hole * width, width);
                System.arraycopy(refs, i * refWidth, refs, hole * refWidth, refWidth);
                hole = i;
            }
        }
        java.util.Arrays.fill(refs, hole * refWidth, (hole + 1) * refWidth, null);
        java.util.Arrays.fill(data, hole * width, (hole + 1) * width, 0L);
        size--;
    }

    private void grow() {
        long[] oldData = data;
        Object[] oldRefs = refs;
        int oldCapacity = mask + 1;
        allocate(oldCapacity * 2);
        for (int j = 0; j < oldCapacity; j++) {
            if (oldRefs[j * refWidth] == null) continue;
            int i = home(oldData[j * width], mask);
            while (refs[i * refWidth] != null) i = (i + 1) & mask;
            System.arraycopy(oldData, j * width, data, i * width, width);
            System.arraycopy(oldRefs, j * refWidth, refs, i * refWidth, refWidth);
        }
    }
}
