package dev.overlaysim.protocols.buffer;

import dev.overlaysim.protocols.codec.MalformedPacketException;

/**
 * A packet in one byte array with headroom and tailroom, shaped like the kernel's sk_buff:
 * {@code [0, head)} is headroom, {@code [head, tail)} is the packet, {@code [tail, capacity)} is
 * tailroom. Encapsulation {@link #push pushes} a header into the headroom and decapsulation
 * {@link #pull pulls} it off; neither moves the payload. Offsets handed out are absolute indexes
 * into {@link #array()}, so they stay valid across push and pull.
 *
 * <p>The only method that copies packet bytes is {@link #copy()} (and the explicit
 * {@link #copyIn}/{@link #copyOut} used where a user process and the kernel exchange bytes), so a
 * copy in the simulator happens exactly where Linux copies.
 */
public final class PacketBuffer {
    /** Room for an outer Ethernet + IPv4 + UDP + VXLAN (50 bytes) in front of an inner Ethernet frame, and more. */
    public static final int DEFAULT_HEADROOM = 128;
    public static final int DEFAULT_CAPACITY = 2048;

    private final byte[] data;
    private int head;
    private int tail;

    /** Where the layer-3 header starts, like skb->network_header; -1 when unset. */
    private int networkHeader = -1;
    /** Where the layer-4 header starts, like skb->transport_header; -1 when unset. */
    private int transportHeader = -1;

    public PacketBuffer(int capacity, int headroom) {
        if (headroom < 0 || capacity < headroom) {
            throw new IllegalArgumentException("capacity " + capacity + " must hold headroom " + headroom);
        }
        this.data = new byte[capacity];
        this.head = headroom;
        this.tail = headroom;
    }

    public static PacketBuffer allocate() {
        return new PacketBuffer(DEFAULT_CAPACITY, DEFAULT_HEADROOM);
    }

    /** A buffer big enough for {@code length} packet bytes plus the default headroom. */
    public static PacketBuffer allocate(int length) {
        return new PacketBuffer(DEFAULT_HEADROOM + Math.max(length, DEFAULT_CAPACITY - DEFAULT_HEADROOM), DEFAULT_HEADROOM);
    }

    /** Wraps bytes received from outside (a file, a test) into a new buffer with default headroom. */
    public static PacketBuffer of(byte[] bytes) {
        PacketBuffer b = allocate(bytes.length);
        b.copyIn(bytes, 0, bytes.length);
        return b;
    }

    public byte[] array() { return data; }
    public int offset() { return head; }
    public int end() { return tail; }
    public int length() { return tail - head; }
    public int headroom() { return head; }
    public int tailroom() { return data.length - tail; }
    public int capacity() { return data.length; }

    /** Grows the packet at the front by {@code n} bytes (into the headroom); returns the new start offset. */
    public int push(int n) {
        if (n < 0 || n > head) {
            throw new IllegalStateException("push " + n + " bytes with only " + head + " bytes of headroom");
        }
        head -= n;
        return head;
    }

    /** Removes {@code n} bytes from the front; returns the new start offset. Too short a packet is malformed. */
    public int pull(int n) {
        if (n < 0 || n > length()) {
            throw new MalformedPacketException(head, "packet length", length() + " bytes", n + "+ bytes to pull");
        }
        head += n;
        return head;
    }

    /** Grows the packet at the end by {@code n} bytes (into the tailroom); returns where they start. */
    public int put(int n) {
        if (n < 0 || n > tailroom()) {
            throw new IllegalStateException("put " + n + " bytes with only " + tailroom() + " bytes of tailroom");
        }
        int at = tail;
        tail += n;
        return at;
    }

    /** Cuts the packet to {@code newLength} bytes (drops tail bytes, e.g. Ethernet padding). */
    public void trim(int newLength) {
        if (newLength < 0 || newLength > length()) {
            throw new MalformedPacketException(head, "packet length", length() + " bytes", newLength + "+ bytes to trim to");
        }
        tail = head + newLength;
    }

    /** Empties the buffer, leaving {@code headroom} bytes in front. */
    public void reset(int headroom) {
        if (headroom < 0 || headroom > data.length) {
            throw new IllegalArgumentException("headroom " + headroom + " outside capacity " + data.length);
        }
        head = headroom;
        tail = headroom;
        networkHeader = -1;
        transportHeader = -1;
    }

    /** Replaces the packet with bytes copied from {@code src}: a real copy (user to kernel). */
    public void copyIn(byte[] src, int off, int len) {
        if (len > data.length - head) {
            throw new IllegalStateException("packet of " + len + " bytes does not fit capacity " + (data.length - head));
        }
        System.arraycopy(src, off, data, head, len);
        tail = head + len;
    }

    /** Copies the packet bytes out to {@code dst}: a real copy (kernel to user). Returns the bytes copied. */
    public int copyOut(byte[] dst, int off) {
        int len = Math.min(length(), dst.length - off);
        System.arraycopy(data, head, dst, off, len);
        return len;
    }

    /** A deep copy, with the same headroom and header marks: where Linux clones the data (skb_copy). */
    public PacketBuffer copy() {
        PacketBuffer c = new PacketBuffer(data.length, head);
        System.arraycopy(data, head, c.data, head, length());
        c.tail = tail;
        c.networkHeader = networkHeader;
        c.transportHeader = transportHeader;
        return c;
    }

    /** The packet bytes as a new array, for tests, traces and pcaps (never on the forwarding path). */
    public byte[] toByteArray() {
        byte[] out = new byte[length()];
        System.arraycopy(data, head, out, 0, out.length);
        return out;
    }

    public int networkHeader() { return networkHeader; }
    public void networkHeader(int offset) { this.networkHeader = offset; }
    public int transportHeader() { return transportHeader; }
    public void transportHeader(int offset) { this.transportHeader = offset; }

    @Override public String toString() {
        return "PacketBuffer[headroom=" + head + " length=" + length() + " tailroom=" + tailroom() + "]";
    }
}
