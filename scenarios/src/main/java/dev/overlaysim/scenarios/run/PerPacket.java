package dev.overlaysim.scenarios.run;

/**
 * Mean costs per delivered packet of a flow, from the ledgers: the send path (on the sending host)
 * and the receive path (on the receiving host; for a ping, the reply's way back into ping).
 */
public record PerPacket(double copiesSend, double copiesReceive, double copiedBytesSend, double copiedBytesReceive,
                        double syscallsSend, double syscallsReceive, double modeSwitches, double wakeups,
                        double encapsulations, double decapsulations, long latencyNanos) {
}
