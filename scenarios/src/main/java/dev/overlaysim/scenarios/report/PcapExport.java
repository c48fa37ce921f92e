package dev.overlaysim.scenarios.report;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.protocols.pcap.PcapWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one classic pcap per captured interface, {@code DIR/<host-or-container>-<device>.pcap}
 * ({@code node1-eth0.pcap}, {@code node1-flannel0.pcap} as raw IP, {@code container-1-eth0.pcap}),
 * with the simulated clock as timestamps.
 */
public final class PcapExport {
    private PcapExport() {}

    /** Writes every capture into {@code dir} (which must exist) and returns the files written, in capture order. */
    public static List<Path> write(Path dir, List<Tracer.Capture> captures) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Tracer.Capture c : captures) {
            Path file = dir.resolve(fileName(c));
            try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, c.linkType())) {
                for (Tracer.Frame f : c.frames()) pcap.write(f.time(), f.bytes(), 0, f.bytes().length);
            }
            written.add(file);
        }
        return written;
    }

    /** The capture's name (already {@code <host-or-container>-<device>}) with {@code .pcap}. */
    public static String fileName(Tracer.Capture c) {
        return c.name() + ".pcap";
    }
}
