package dev.overlaysim.linux.tcp;

import dev.overlaysim.protocols.codec.TcpHeader;

/**
 * The segments a sender has sent and not yet had acknowledged (tcp_rtx_queue), oldest first, each
 * with its sequence range, when it was last sent and its scoreboard marks (TCPCB_SACKED_ACKED,
 * TCPCB_LOST, TCPCB_SACKED_RETRANS, TCPCB_EVER_RETRANS). Parallel arrays in a ring, grown only
 * while more is in flight than ever before: memory follows the window, not the packets sent.
 * The bytes are not kept: a segment's payload is a function of its sequence number
 * ({@link TcpSocket#payloadByte}), which is what the write queue's pages hold.
 */
final class RetransmitQueue {
    static final int SACKED = 1;
    static final int LOST = 2;
    static final int RETRANS = 4;
    static final int EVER_RETRANS = 8;
    /** The FIN's sequence number: never merged with data. */
    static final int FIN = 16;
    /** The segment carried PSH. */
    static final int PSH = 32;
    /**
     * The segment's data came from a write that was pushed (its skb had PSH): when the kernel cuts
     * such an skb to resend it, the piece at its end carries PSH (captured: the 150-byte tail of a
     * resent run is [P.] although the 1448-byte segment it replaced was not).
     */
    static final int PUSHED = 64;

    private int[] seq = new int[64];
    private int[] len = new int[64];
    private long[] sentAt = new long[64];
    private int[] marks = new int[64];
    private int head;
    private int size;
    /** sacked_out, lost_out, retrans_out: segments with each mark, kept as marks change so that no ACK walks the queue to count. */
    private int sacked;
    private int lost;
    private int retrans;

    int size() { return size; }
    boolean isEmpty() { return size == 0; }

    private int at(int i) { return (head + i) & (seq.length - 1); }

    int seq(int i) { return seq[at(i)]; }
    int len(int i) { return len[at(i)]; }
    int end(int i) { return seq[at(i)] + len[at(i)]; }
    long sentAt(int i) { return sentAt[at(i)]; }
    /** Whether segment {@code i} has any of {@code mark}'s bits. */
    boolean has(int i, int mark) { return (marks[at(i)] & mark) != 0; }
    void mark(int i, int mark) { set(at(i), marks[at(i)] | mark); }
    void unmark(int i, int mark) { set(at(i), marks[at(i)] & ~mark); }

    private void set(int j, int m) {
        int old = marks[j];
        sacked += bit(m, SACKED) - bit(old, SACKED);
        lost += bit(m, LOST) - bit(old, LOST);
        retrans += bit(m, RETRANS) - bit(old, RETRANS);
        marks[j] = m;
    }

    private static int bit(int m, int mark) { return (m & mark) != 0 ? 1 : 0; }

    int sackedOut() { return sacked; }

    /** tcp_packets_in_flight(): packets_out − (sacked_out + lost_out) + retrans_out. */
    int inFlight() { return size - sacked - lost + retrans; }
    void sentAt(int i, long t) { sentAt[at(i)] = t; }

    void add(int s, int l, long t) {
        if (size == seq.length) grow();
        int j = at(size);
        seq[j] = s;
        len[j] = l;
        sentAt[j] = t;
        marks[j] = 0;
        size++;
    }

    /** Drops the oldest segment (acknowledged in full). */
    void removeFirst() {
        set(head, 0);
        head = (head + 1) & (seq.length - 1);
        size--;
    }

    /** The oldest segment was acknowledged up to {@code ack} inside it: tcp_trim_head(). */
    void trimFirst(int ack) {
        int j = at(0);
        len[j] -= ack - seq[j];
        seq[j] = ack;
    }

    /** Segments marked {@code mark}. */
    int count(int mark) {
        int n = 0;
        for (int i = 0; i < size; i++) if (has(i, mark)) n++;
        return n;
    }

    /**
     * tcp_simple_retransmit() after the path MTU fell to an MSS of {@code mss}: a segment larger
     * than {@code mss}, not SACKed, is lost; each run of consecutive such segments (as the kernel
     * holds them: one GSO skb per write) is laid out again in segments of at most {@code mss},
     * which is what cutting the skb to the new gso_size sends (captured: three lost 1448-byte
     * segments went out again as 1398, 1398, 1398, 150, while the 656-byte one after them was
     * left alone). Returns whether any segment was lost so.
     */
    boolean resegment(int mss) {
        boolean larger = false;
        for (int i = 0; i < size; i++) if (!has(i, SACKED | FIN) && len(i) > mss) larger = true;
        if (!larger) return false;
        int n = size;
        int[] oSeq = new int[n];
        int[] oLen = new int[n];
        long[] oSent = new long[n];
        int[] oMarks = new int[n];
        for (int i = 0; i < n; i++) {
            oSeq[i] = seq(i);
            oLen[i] = len(i);
            oSent[i] = sentAt(i);
            oMarks[i] = marks[at(i)];
        }
        head = 0;
        size = 0;
        sacked = 0;
        lost = 0;
        retrans = 0;
        int i = 0;
        while (i < n) {
            if ((oMarks[i] & (SACKED | FIN)) != 0 || oLen[i] <= mss) {
                add(oSeq[i], oLen[i], oSent[i]);
                set(at(size - 1), oMarks[i]);
                i++;
                continue;
            }
            int start = oSeq[i];
            int end = oSeq[i] + oLen[i];
            long sent = oSent[i];
            int kept = oMarks[i] & (EVER_RETRANS | PUSHED);
            i++;
            while (i < n && (oMarks[i] & (SACKED | FIN)) == 0 && oLen[i] > mss && oSeq[i] == end) {
                end = oSeq[i] + oLen[i];
                kept |= oMarks[i] & (EVER_RETRANS | PUSHED);
                i++;
            }
            for (int s = start; TcpHeader.before(s, end); s += mss) {
                add(s, Math.min(mss, end - s), sent);
                set(at(size - 1), LOST | kept);
            }
            if ((kept & PUSHED) != 0) mark(size - 1, PSH);
        }
        return true;
    }

    private void grow() {
        int n = seq.length * 2;
        int[] s = new int[n];
        int[] l = new int[n];
        long[] t = new long[n];
        int[] m = new int[n];
        for (int i = 0; i < size; i++) {
            int j = at(i);
            s[i] = seq[j];
            l[i] = len[j];
            t[i] = sentAt[j];
            m[i] = marks[j];
        }
        seq = s;
        len = l;
        sentAt = t;
        marks = m;
        head = 0;
    }
}
