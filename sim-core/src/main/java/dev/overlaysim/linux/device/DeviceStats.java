package dev.overlaysim.linux.device;

import dev.overlaysim.trace.DropReason;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The counters {@code ip -s link} shows, plus drops broken down by reason. */
public final class DeviceStats {
    /** Reasons the kernel counts against a device's tx_dropped rather than rx_dropped. */
    private static final Set<DropReason> TX_SIDE = EnumSet.of(DropReason.FDB_MISS, DropReason.NEIGH_FAILED,
            DropReason.NEIGH_QUEUE_FULL, DropReason.LINK_DOWN, DropReason.DEVICE_DOWN, DropReason.LINK_LOSS, DropReason.TUN_QUEUE_FULL);

    long rxPackets;
    long rxBytes;
    long txPackets;
    long txBytes;
    long rxDropped;
    long txDropped;
    long rxErrors;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    long rxOtherhostDropped;
    long qdiscDropped;
    long rxMissed;
    /** The longest the transmit queue (qdisc) has been, in packets. */
    long txQueueMax;

    public long qdiscDropped() { return qdiscDropped; }
    public long rxMissed() { return rxMissed; }
    public long txQueueMax() { return txQueueMax; }

    public void drop(DropReason reason) {
        // Since Linux 5.19, ip_rcv_core() counts frames for another host apart (rx_otherhost_dropped,
        // the "otherhost" column of ip -s -s link), not in rx_dropped.
        if (reason == DropReason.OTHERHOST) rxOtherhostDropped++;
        // A full qdisc counts in the qdisc's statistics, not the device's; a full receive ring in rx_missed_errors.
        else if (reason == DropReason.QDISC_DROP) qdiscDropped++;
        else if (reason == DropReason.RX_MISSED) rxMissed++;
        else if (TX_SIDE.contains(reason)) txDropped++;
        else rxDropped++;
        drops.merge(reason, 1L, Long::sum);
    }

    public long rxPackets() { return rxPackets; }
    public long rxBytes() { return rxBytes; }
    public long txPackets() { return txPackets; }
    public long txBytes() { return txBytes; }
    public long rxDropped() { return rxDropped; }
    public long txDropped() { return txDropped; }
    public long rxErrors() { return rxErrors; }
    public long rxOtherhostDropped() { return rxOtherhostDropped; }
    public long drops(DropReason reason) { return drops.getOrDefault(reason, 0L); }
    public Map<DropReason, Long> drops() { return Collections.unmodifiableMap(drops); }
}
