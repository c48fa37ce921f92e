package dev.overlaysim.protocols.dissect;

import java.util.List;

/**
 * A frame split into its header fields in wire order, with a one-line summary of the innermost
 * thing it carries ({@code VXLAN vni 1 [ICMP echo request 10.1.15.2 > 10.1.16.3 id 7 seq 1 length 56]}).
 *
 * @param arp    the outermost payload is ARP
 * @param length the frame's length in bytes
 */
public record FieldDissection(List<WireField> fields, String summary, boolean arp, int length) {}
