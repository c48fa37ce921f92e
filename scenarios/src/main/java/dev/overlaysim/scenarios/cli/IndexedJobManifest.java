package dev.overlaysim.scenarios.cli;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code overlaysim sweep FILE --emit k8s DIR}: a sweep as a Kubernetes Indexed Job (batch/v1,
 * {@code completionMode: Indexed}), in one file of two documents:
 *
 * <ul>
 *   <li>a ConfigMap holding the scenario's text, byte for byte, mounted read-only at
 *       {@value #SCENARIO_DIR}, so every pod runs exactly the file that was emitted;</li>
 *   <li>the Job: {@code completions} = the number of shards (by default one per grid cell), each pod
 *       running {@code java -jar JAR sweep SCENARIO --index $(JOB_COMPLETION_INDEX) --shards N --jobs
 *       CPUS --out }{@value #RESULTS_DIR}, which writes {@code index-K.json} into the results volume (a
 *       PersistentVolumeClaim), for {@code overlaysim sweep merge} to read.</li>
 * </ul>
 *
 * <p>{@code JOB_COMPLETION_INDEX} is declared from the downward API (the pod's
 * {@code batch.kubernetes.io/job-completion-index} annotation, which the Job controller sets on every
 * pod of an Indexed Job since Kubernetes 1.21): the controller's own injection of the variable
 * (1.22+) skips a container that already declares it, and {@code $(VAR)} in {@code args} is expanded
 * only from variables the container declares — so the command gets its index on every version that
 * has Indexed Jobs.
 */
final class IndexedJobManifest {
    /** Where the ConfigMap is mounted in the pod. */
    static final String SCENARIO_DIR = "/etc/overlaysim";
    /** The ConfigMap key, and so the file name under {@link #SCENARIO_DIR}. */
    static final String SCENARIO_KEY = "scenario.yaml";
    /** Where the results volume is mounted in the pod. */
    static final String RESULTS_DIR = "/results";
    static final String INDEX_VAR = "JOB_COMPLETION_INDEX";
    static final String INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";
    /** The pod's hostname is {@code NAME-INDEX} (a DNS label, at most 63): the name leaves room for the index. */
    static final int MAX_NAME = 52;
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** A PersistentVolumeClaim's name: a DNS subdomain (RFC 1123), at most 253 characters. */
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** What the user chose (or the defaults): see {@code overlaysim help sweep}. */
    record Settings(String name, String image, String jar, String resultsClaim, int shards, int parallelism, int podCpus,
                    String podMemory, int backoffLimit) {}

    private IndexedJobManifest() {}

    /** The job name for scenario {@code scenarioName}: {@code overlaysim-NAME} as a DNS label, cut to {@link #MAX_NAME}. */
    static String defaultName(String scenarioName) {
        String label = scenarioName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-");
        String name = "overlaysim-" + label;
        if (name.length() > MAX_NAME) name = name.substring(0, MAX_NAME);
        return name.replaceAll("^-+|-+$", "");
    }

    /** The pod's command and args, as the manifest gives them. */
    static List<String> command(Settings s) { return List.of("java", "-jar", s.jar()); }

    static List<String> args(Settings s) {
        return List.of("sweep", SCENARIO_DIR + "/" + SCENARIO_KEY, "--index", "$(" + INDEX_VAR + ")", "--shards", String.valueOf(s.shards()),
                "--jobs", String.valueOf(s.podCpus()), "--out", RESULTS_DIR);
    }

    /** The manifest: a comment saying how to use it, the ConfigMap, the Job. */
    static String render(Settings s, String scenarioText, String source, int cells) {
        Map<String, Object> configMap = map(
                "apiVersion", "v1",
                "kind", "ConfigMap",
                "metadata", map("name", s.name() + "-scenario", "labels", labels(s)),
                "data", map(SCENARIO_KEY, scenarioText));
        Map<String, Object> container = map(
                "name", "sweep",
                "image", s.image(),
                "command", command(s),
                "args", args(s),
                "env", List.of(map("name", INDEX_VAR, "valueFrom", map("fieldRef", map("fieldPath", INDEX_ANNOTATION)))),
                "resources", map("requests", map("cpu", String.valueOf(s.podCpus()), "memory", s.podMemory())),
                "volumeMounts", List.of(
                        map("name", "scenario", "mountPath", SCENARIO_DIR, "readOnly", true),
                        map("name", "results", "mountPath", RESULTS_DIR)));
        Map<String, Object> job = map(
                "apiVersion", "batch/v1",
                "kind", "Job",
                "metadata", map("name", s.name(), "labels", labels(s)),
                "spec", map(
                        "completionMode", "Indexed",
                        "completions", s.shards(),
                        "parallelism", s.parallelism(),
                        "backoffLimit", s.backoffLimit(),
                        "template", map(
                                "metadata", map("labels", labels(s)),
                                "spec", map(
                                        "restartPolicy", "Never",
                                        "containers", List.of(container),
                                        "volumes", List.of(
                                                map("name", "scenario", "configMap", map("name", s.name() + "-scenario")),
                                                map("name", "results", "persistentVolumeClaim", map("claimName", s.resultsClaim())))))));
        StringBuilder out = new StringBuilder();
        out.append("# overlaysim sweep ").append(source.replace('\n', ' ')).append(" as a Kubernetes Indexed Job: ")
                .append(cells).append(" grid cells in ").append(s.shards()).append(" shard").append(s.shards() == 1 ? "" : "s")
                .append(", one pod per index.\n");
        out.append("# Each pod writes index-K.json into the PersistentVolumeClaim '").append(s.resultsClaim())
                .append("' (ReadWriteMany, or parallelism: 1).\n");
        out.append("#   kubectl apply -f sweep-job.yaml\n");
        out.append("#   kubectl wait --for=condition=complete --timeout=24h job/").append(s.name()).append('\n');
        out.append("#   (copy the claim's index-*.json files into DIR)  overlaysim sweep merge DIR --out DIR\n");
        Yaml yaml = yaml();
        out.append(yaml.dump(configMap));
        out.append("---\n").append(yaml.dump(job));
        return out.toString();
    }

    /** Block style; multi-line strings (the scenario) as literal blocks where YAML allows it, else quoted — always read back as written. */
    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setWidth(200);
        o.setSplitLines(false);
        o.setLineBreak(DumperOptions.LineBreak.UNIX);
        Representer r = new Representer(o) {
            {
                Represent plain = representers.get(String.class);
                representers.put(String.class, data -> {
                    String s = data.toString();
                    return s.contains("\n") ? representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL) : plain.representData(data);
                });
            }
        };
        return new Yaml(r, o);
    }

    /** A fresh map each time: a shared one would be dumped as a YAML anchor and alias. */
    private static Map<String, Object> labels(Settings s) {
        return map("app.kubernetes.io/name", "overlaysim", "app.kubernetes.io/component", "sweep", "app.kubernetes.io/instance", s.name());
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

}
