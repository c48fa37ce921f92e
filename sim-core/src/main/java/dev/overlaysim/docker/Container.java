package dev.overlaysim.docker;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.Veth;

/** A running container: its network namespace, its eth0 and the host-side veth end in docker0. */
public record Container(String name, NetNamespace namespace, int ip, Veth eth0, Veth hostVeth) {}
