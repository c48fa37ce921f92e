package dev.overlaysim.scenarios.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** A check run after the simulation; written in the file as {@code {<key>: {...}}}. */
public sealed interface Expectation {

    /** The check's key in the file, e.g. {@code delivered}. */
    String key();

    /**
     * The flow's packets reached their destination application.
     *
     * @param count how many; empty = all that were sent
     */
    record Delivered(String flow, OptionalInt count) implements Expectation {
        public String key() {
            return "delivered";
        }
    }

    /**
     * The flow's packets were dropped.
     *
     * @param count  how many; empty = all that were sent
     * @param reason the drop reason the simulator reports (e.g. {@code fdb-miss}); empty = any
     * @param at     the device where they were dropped; empty = anywhere
     */
    record Dropped(String flow, OptionalInt count, Optional<String> reason, Optional<DeviceRef> at)
            implements Expectation {
        public String key() {
            return "dropped";
        }
    }

    /**
     * User/kernel copies per packet of the flow, on the sending and the receiving side.
     * Each is checked only when present.
     */
    record Copies(String flow, OptionalInt send, OptionalInt receive) implements Expectation {
        public String key() {
            return "copies";
        }
    }

    /** Syscalls per packet of the flow, on the sending and the receiving side; each checked only when present. */
    record Syscalls(String flow, OptionalInt send, OptionalInt receive) implements Expectation {
        public String key() {
            return "syscalls";
        }
    }

    /**
     * A table printed by a command on a host contains ({@code present}) or lacks a line.
     *
     * @param host    a node or container name
     * @param command the command whose output is searched, e.g. {@code ip route}
     * @param line    the line, compared after trimming trailing spaces
     * @param present true for {@code holds:}, false for {@code lacks:}
     */
    record Table(String host, String command, String line, boolean present) implements Expectation {
        public String key() {
            return "table";
        }
    }

    /**
     * The flow's first packet crossed these devices, in this order (other devices may come between).
     */
    record Crossed(String flow, List<DeviceRef> devices) implements Expectation {
        public Crossed {
            devices = List.copyOf(devices);
        }

        public String key() {
            return "crossed";
        }
    }

    /**
     * Under load: what the receiving process got of a flow with a rate, in datagrams per second or
     * in payload bits per second (as iperf3 reports), between bounds; each bound checked when present.
     * For a tcp flow, its goodput in bits per second, as iperf3's receiver reports it.
     *
     * @param bits true when the bounds are bits per second ({@code 500Mbit}), false for datagrams per second
     */
    record Throughput(String flow, OptionalDouble min, OptionalDouble max, boolean bits, String text) implements Expectation {
        public String key() {
            return "throughput";
        }
    }

    /** The share of a flow's packets that were not delivered, in percent, between bounds. */
    record Loss(String flow, OptionalDouble min, OptionalDouble max) implements Expectation {
        public String key() {
            return "loss";
        }
    }

    /** A percentile (50, 90, 99 or 100 for the maximum) of a rated flow's one-way latency, between bounds in nanoseconds. */
    record Latency(String flow, int percentile, java.util.OptionalLong min, java.util.OptionalLong max) implements Expectation {
        public String key() {
            return "latency";
        }
    }

    /** How busy a node's CPUs were (user + system + softirq, percent of all its CPUs) while flows ran at a rate. */
    record Cpu(String node, OptionalDouble min, OptionalDouble max) implements Expectation {
        public String key() {
            return "cpu";
        }
    }

    /**
     * The TCP segments a tcp or request flow's sockets sent again, at either end (nstat's TcpRetransSegs, iperf3's
     * Retr), between bounds; each checked when present.
     */
    record Retransmits(String flow, OptionalInt min, OptionalInt max) implements Expectation {
        public String key() {
            return "retransmits";
        }
    }

    /**
     * Request exchanges that completed (the whole response read before the timeout), or for a tcp
     * flow with bytes, whether all of them were read before its timeout (a count of 0 or 1).
     *
     * @param count how many; empty = all of the flow's requests (for a tcp flow: its one transfer)
     */
    record Completed(String flow, OptionalInt count) implements Expectation {
        public String key() {
            return "completed";
        }
    }
}
