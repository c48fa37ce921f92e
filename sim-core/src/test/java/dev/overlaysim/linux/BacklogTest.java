package dev.overlaysim.linux;

import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.render.ProcFiles;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.PacketContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Hosts sharing one machine's CPUs, and a CPU's backlog with netdev_max_backlog's limit. */
class BacklogTest {
    @Test
    void hostsPlacedOnOneMachineShareItsCpus() {
        World w = new World(1);
        Host a = w.addHost("a");
        Host b = w.addHost("b");
        assertNotSame(a.cpu(0), b.cpu(0), "by default each host is a machine of its own");
        Machine m = w.addMachine("lab", 3);
        a.placeOn(m);
        b.placeOn(m);
        assertSame(a.cpu(0), b.cpu(0));
        assertEquals(3, b.cpuCount());
        assertSame(m, a.cpu(2).machine());
        assertEquals("lab/cpu1", b.cpu(1).toString());
        assertThrows(IllegalArgumentException.class, () -> new World(2).addHost("c").placeOn(m), "a machine of another world");
    }

    @Test
    void aFullBacklogRefusesTheFrameAndCountsItWhereLinuxDoes() {
        World w = new World(1);
        Host h = w.addHost("b");
        L2Segment lan = w.addSegment("lan", 0, 0);
        Nic eth0 = new Nic(h.root(), "eth0", 0x020000000002L, 1500, lan);
        eth0.setUp(true);
        Cpu cpu = h.cpu(0);
        // While another item runs on the machine, frames wait on the backlog instead of being received at once.
        w.running(h.cpu(1));
        for (int i = 0; i < Backlog.NETDEV_MAX_BACKLOG + 2; i++) {
            Skb skb = w.skbs().alloc(60, new PacketContext(i, null, "f", "b", 0));
            skb.buf.copyIn(new byte[60], 0, 60);
            cpu.backlog().enqueue(skb, eth0);
        }
        w.running(null);
        // enqueue_to_backlog() accepts while qlen <= netdev_max_backlog: 1001 fit, the 1002nd is dropped.
        assertEquals(Backlog.NETDEV_MAX_BACKLOG + 1, cpu.backlog().queued());
        assertEquals(1, cpu.backlog().dropped());
        assertEquals(1, eth0.stats().drops(DropReason.CPU_BACKLOG));
        assertEquals(1, eth0.stats().rxDropped());
        String cpu0 = ProcFiles.softnetStat(h).lines().findFirst().orElseThrow();
        assertEquals("00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 000003e9"
                + " 00000000 000003e9 00000000", cpu0, "dropped in the 2nd column, the queue in the backlog and input_qlen columns");

        w.sim().runUntil(1_000_000_000L);
        assertEquals(0, cpu.backlog().queued());
        assertEquals(Backlog.NETDEV_MAX_BACKLOG + 1, eth0.stats().rxPackets(), "every queued frame is received in the CPU's softirq");
        assertEquals(Backlog.NETDEV_MAX_BACKLOG + 1, cpu.softnetProcessed());
    }
}
