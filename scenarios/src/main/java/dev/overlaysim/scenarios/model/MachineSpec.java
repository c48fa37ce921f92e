package dev.overlaysim.scenarios.model;

/**
 * {@code machine:}: every node is a set of network namespaces on this one machine, as
 * {@code overlaysim twin} builds them. The nodes share its CPUs, and each underlay segment is a
 * Linux bridge that the nodes' eth0 veths plug into, so a frame to another node is received in the
 * sending CPU's softirq.
 *
 * @param cpus the machine's CPUs, shared by every node (1..{@link NodeSpec#MAX_CPUS})
 */
public record MachineSpec(int cpus) {
    public MachineSpec {
        if (cpus < 1 || cpus > NodeSpec.MAX_CPUS) throw new IllegalArgumentException("cpus " + cpus + " not in 1.." + NodeSpec.MAX_CPUS);
    }
}
