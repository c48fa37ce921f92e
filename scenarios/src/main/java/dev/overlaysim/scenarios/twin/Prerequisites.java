package dev.overlaysim.scenarios.twin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a twin needs from the machine, and what is missing, each item said with the Debian package that brings it. */
public final class Prerequisites {
    private Prerequisites() {}

    /** The tools every twin run uses, with the Debian package of each. */
    static final String[][] TOOLS = {
        {"ip", "iproute2"}, {"bridge", "iproute2"}, {"tcpdump", "tcpdump"}, {"ethtool", "ethtool"},
        {"ping", "iputils-ping"}, {"sysctl", "procps"},
    };

    /**
     * Everything missing for a twin run, one line each ("not root: ...", "tcpdump (Debian package
     * tcpdump)"); empty when the machine is ready.
     *
     * @param needCompiler the scenario needs the C helper (UDP backend or UDP flows)
     */
    public static List<String> missing(boolean needCompiler) {
        List<String> out = new ArrayList<>();
        long uid = uid();
        if (uid != 0) out.add("not root (uid " + (uid < 0 ? "unknown" : Long.toString(uid)) + "): twin and calibrate create network namespaces, devices and captures");
        for (String[] t : TOOLS) {
            if (!Shell.onPath(t[0])) out.add(t[0] + " (Debian package " + t[1] + ")");
        }
        if (Shell.onPath("ping") && !iputils()) out.add("ping from iputils (Debian package iputils-ping): the ping on the PATH is another one");
        if (needCompiler && compiler() == null) out.add("a C compiler, gcc or cc (Debian package gcc), to build the UDP forwarder and sender");
        if (!Files.exists(Path.of("/dev/net/tun")) && needCompiler) out.add("/dev/net/tun (the kernel's TUN driver)");
        return out;
    }

    /** What the twin under load needs besides {@link #missing}: iperf3 sends the flows, coreutils' timeout bounds it. */
    static final String[][] LOAD_TOOLS = {{"iperf3", "iperf3"}, {"timeout", "coreutils"}, {"ss", "iproute2"}, {"getconf", "libc-bin"}};

    /** What a twin under load (flows with a rate) needs on top of {@link #missing}, one line each; empty when all is there. */
    public static List<String> missingForLoad() {
        List<String> out = new ArrayList<>();
        for (String[] t : LOAD_TOOLS) {
            if (!Shell.onPath(t[0])) out.add(t[0] + " (Debian package " + t[1] + ")");
        }
        return out;
    }

    /** gcc or cc, whichever is on the PATH; null if neither. */
    static String compiler() {
        if (Shell.onPath("gcc")) return "gcc";
        if (Shell.onPath("cc")) return "cc";
        return null;
    }

    static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Long.parseLong(line.split("\\s+")[2]); // effective uid
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static boolean iputils() {
        Shell.Result r = new Shell().tryRun("ping", "-V");
        return (r.out() + r.err()).contains("iputils");
    }
}
