package dev.overlaysim.flannel.etcd;

import java.util.TreeSet;

/**
 * Prints the store the way {@code etcdctl} does, for the two generations a reader meets:
 *
 * <ul>
 *   <li><b>v2</b> ({@code ETCDCTL_API=2}, etcdctl 2.x/3.x before 3.4): {@link #getV2} and
 *       {@link #lsV2}. The seed document's {@code etcdctl ls /coreos.com/network/subnets} and
 *       {@code etcdctl get /coreos.com/network/subnets/100.96.2.0-24} are these. Real etcd keeps its
 *       v2 and v3 keyspaces apart; here the v2 commands read the v3 keys as a v2 tree (a key
 *       {@code /a/b/c} makes {@code /a} and {@code /a/b} directories), which is what the old flannel
 *       that wrote through v2 produced. The {@code [N]} of a v2 error is etcd's v2 index; this view
 *       prints the v3 revision there.</li>
 *   <li><b>v3</b> ({@code ETCDCTL_API=3}, the default since etcd 3.4), simple output format:
 *       {@link #getV3} and {@link #getV3KeysOnly} (etcdctl/ctlv3/command/printer.go:
 *       key line, then value line, per key; with {@code --keys-only} the value line is empty).</li>
 * </ul>
 *
 * <p>Error texts: v2 writes {@code Error:  <code>: <message> (<cause>) [<index>]} to stderr via
 * {@code fmt.Fprintln(os.Stderr, "Error: ", err)} (two spaces: Println separates its operands) and
 * exits with {@code ExitServerError} = 4 (etcdctl/ctlv2/command/error.go, get_command.go).
 */
public final class EtcdctlView {
    /** etcdctl v2's {@code ExitServerError}. */
    public static final int EXIT_SERVER_ERROR = 4;
    /** etcd v2's {@code EcodeKeyNotFound}. */
    public static final int V2_KEY_NOT_FOUND = 100;

    private final Etcd etcd;

    public EtcdctlView(Etcd etcd) { this.etcd = etcd; }

    /**
     * {@code etcdctl get KEY} (v2): the value alone on one line; for a directory
     * {@code KEY: is a directory} on stderr, exit 1; for a missing key the v2 "Key not found" error
     * naming the first missing path component, exit 4.
     */
    public EtcdctlOutput getV2(String key) {
        String k = v2Path(key);
        var kv = etcd.get(k);
        if (kv.isPresent()) return EtcdctlOutput.out(kv.get().value() + "\n");
        if (isV2Dir(k)) return EtcdctlOutput.err(k + ": is a directory\n", 1);
        return keyNotFound(k);
    }

    /**
     * {@code etcdctl ls DIR} (v2): the full paths of DIR's direct children, one per line, sorted
     * (real etcdctl sorts only with {@code --sort}; unsorted v2 order is map order). For a key that
     * holds a value, the key itself.
     */
    public EtcdctlOutput lsV2(String dir) {
        String d = v2Path(dir);
        if (!d.equals("/") && etcd.get(d).isPresent()) return EtcdctlOutput.out(d + "\n");
        if (!isV2Dir(d)) return keyNotFound(d);
        String base = d.equals("/") ? "/" : d + "/";
        TreeSet<String> children = new TreeSet<>();
        for (KeyValue kv : etcd.getPrefix(base)) {
            String rest = kv.key().substring(base.length());
            if (rest.isEmpty()) continue;
            int slash = rest.indexOf('/');
            children.add(base + (slash < 0 ? rest : rest.substring(0, slash)));
        }
        StringBuilder sb = new StringBuilder();
        for (String c : children) sb.append(c).append('\n');
        return EtcdctlOutput.out(sb.toString());
    }

    /**
     * {@code etcdctl get KEY} or, with {@code prefix}, {@code etcdctl get KEY --prefix} (v3): for
     * each key in order, the key on one line and the value on the next. Nothing, exit 0, when no key
     * matches.
     */
    public EtcdctlOutput getV3(String key, boolean prefix) {
        StringBuilder sb = new StringBuilder();
        if (prefix) {
            for (KeyValue kv : etcd.getPrefix(key)) sb.append(kv.key()).append('\n').append(kv.value()).append('\n');
        } else {
            etcd.get(key).ifPresent(kv -> sb.append(kv.key()).append('\n').append(kv.value()).append('\n'));
        }
        return EtcdctlOutput.out(sb.toString());
    }

    /** {@code etcdctl get PREFIX --prefix --keys-only} (v3): each key, then an empty line. */
    public EtcdctlOutput getV3KeysOnly(String prefix) {
        StringBuilder sb = new StringBuilder();
        for (KeyValue kv : etcd.getPrefix(prefix)) sb.append(kv.key()).append("\n\n");
        return EtcdctlOutput.out(sb.toString());
    }

    private EtcdctlOutput keyNotFound(String path) {
        String cause = firstMissing(path);
        return EtcdctlOutput.err("Error:  " + V2_KEY_NOT_FOUND + ": Key not found (" + cause + ") ["
                + etcd.revision() + "]\n", EXIT_SERVER_ERROR);
    }

    /** etcd v2 reports the first path component that does not exist, not always the whole key. */
    private String firstMissing(String path) {
        String[] parts = path.substring(1).split("/");
        StringBuilder p = new StringBuilder();
        for (String part : parts) {
            p.append('/').append(part);
            String s = p.toString();
            if (!s.equals(path) && !isV2Dir(s)) return s;
        }
        return path;
    }

    private boolean isV2Dir(String path) {
        if (path.equals("/")) return true;
        return !etcd.getPrefix(path + "/").isEmpty();
    }

    /** v2 keys are paths: a leading '/', no trailing '/', no empty components (path.Clean). */
    static String v2Path(String key) {
        StringBuilder sb = new StringBuilder();
        for (String part : key.split("/")) {
            if (!part.isEmpty()) sb.append('/').append(part);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
