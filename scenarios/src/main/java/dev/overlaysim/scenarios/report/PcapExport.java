package dev.overlaysim.scenarios.report;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.pcap.PcapWriter;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one classic pcap per captured interface, {@code DIR/<host-or-container>-<device>.pcap}
 * ({@code node1-eth0.pcap}, {@code node1-flannel0.pcap} as raw IP, {@code container-1-eth0.pcap}),
 * with the simulated clock as timestamps.
 */
public final class PcapExport {
    private PcapExport() {}

    /**
     * Writes each device's frames to {@code DIR/<name>.pcap} while the run goes, so a run of any
     * length holds no frame in memory ({@code overlaysim run --pcap}): a file is opened (buffered) on
     * its device's first frame, so the files and their bytes are those of the kept
     * {@link Tracer#captures()}, frame for frame. The first write error stops all writing and is
     * kept for {@link #close}, which closes every file and throws it.
     */
    public static final class Stream implements Tracer.CaptureSink, Closeable {
        private static final int BUFFER_BYTES = 1 << 16;
        private final Path dir;
        private final Map<Tracer.Capture, PcapWriter> writers = new IdentityHashMap<>();
        // In the order their devices first saw a frame, as the captures are.
        private final List<Path> files = new ArrayList<>();
        private IOException failure;

        /** A stream into {@code dir}, which must exist. */
        public Stream(Path dir) { this.dir = dir; }

        @Override
        public void frame(Tracer.Capture capture, long time, PacketBuffer frame) {
            if (failure != null) return;
            try {
                PcapWriter w = writers.get(capture);
                if (w == null) {
                    Path file = dir.resolve(fileName(capture));
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES);
                    files.add(file);
                    w = new PcapWriter(out, capture.linkType());
                    writers.put(capture, w);
                }
                w.write(time, frame);
            } catch (IOException e) {
                failure = e;
            } catch (UncheckedIOException e) {
                failure = e.getCause();
            }
        }

        /** The files opened so far, in the order their devices first saw a frame. */
        public List<Path> files() { return List.copyOf(files); }

        /** Closes every file; throws the first error met while writing or closing. */
        @Override
        public void close() throws IOException {
            for (PcapWriter w : writers.values()) {
                try {
                    w.close();
                } catch (UncheckedIOException e) {
                    if (failure == null) failure = e.getCause();
                }
            }
            writers.clear();
            if (failure != null) throw failure;
        }
    }

    /** The capture's name (already {@code <host-or-container>-<device>}) with {@code .pcap}. */
    public static String fileName(Tracer.Capture c) {
        return c.name() + ".pcap";
    }
}
