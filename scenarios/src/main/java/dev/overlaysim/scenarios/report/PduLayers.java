package dev.overlaysim.scenarios.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The PDU at one hop, layer by layer, for the step-through view: the dissector's lines
 * ({@link HopBytes}, the same text {@code --trace full} prints) cut into a layer name and its
 * fields, each layer marked outer or inner when the packet is encapsulated, and the hex dump.
 */
final class PduLayers {

    private final HopBytes bytes;

    PduLayers(HopBytes bytes) { this.bytes = bytes; }

    /** {@code {"layers": [{"name": "outer UDP", "title": "User Datagram Protocol", "fields": [...]}], "hex": [...]}}. */
    ObjectNode of(byte[] packet) {
        List<String> lines = bytes.layers(packet);
        int boundary = encapsulationBoundary(lines);
        ObjectNode pdu = JsonNodeFactory.instance.objectNode();
        ArrayNode layers = pdu.putArray("layers");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int comma = line.indexOf(", ");
            String title = comma < 0 ? line : line.substring(0, comma);
            String where = boundary < 0 ? "" : i <= boundary ? "outer " : "inner ";
            ObjectNode layer = layers.addObject();
            layer.put("name", where + shortName(title));
            layer.put("title", title);
            ArrayNode fields = layer.putArray("fields");
            if (comma >= 0) for (String f : line.substring(comma + 2).split(", ")) fields.add(f);
        }
        ArrayNode hex = pdu.putArray("hex");
        HopBytes.hex(packet).forEach(hex::add);
        return pdu;
    }

    /**
     * The last layer of the outer packet: the VXLAN header, or the UDP header that carries a bare
     * IPv4 packet (flannel's UDP backend); -1 when the packet is not encapsulated.
     */
    static int encapsulationBoundary(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("Virtual eXtensible Local Area Network")) return i;
            if (l.startsWith("User Datagram Protocol") && i + 1 < lines.size()
                    && lines.get(i + 1).strip().startsWith("Internet Protocol Version 4")) return i;
        }
        return -1;
    }

    static String shortName(String title) {
        if (title.startsWith("Ethernet II")) return "Ethernet";
        if (title.startsWith("Internet Protocol Version 4")) return "IPv4";
        if (title.startsWith("User Datagram Protocol")) return "UDP";
        if (title.startsWith("Virtual eXtensible Local Area Network")) return "VXLAN";
        if (title.startsWith("Internet Control Message Protocol")) return "ICMP";
        if (title.startsWith("Address Resolution Protocol")) return "ARP";
        return title;
    }
}
