package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code sweep FILE --emit k8s DIR}: the manifest parsed back and checked against the Kubernetes API's
 * fields it uses (batch/v1 Job, v1 ConfigMap, PodSpec, Container, EnvVar, Volume, as the API reference
 * gives them): no field the API does not have, each of the right type, the values the Job controller
 * requires (Indexed with completions, restartPolicy Never), and the pod's command wired to what it
 * mounts and declares.
 */
class IndexedJobManifestTest {
    static final Path GRID = Path.of("examples", "sweep-three-backends.yaml");
    static final String INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?");

    // The API's fields, by object kind: field → kind of its value (an object kind of this table, or a scalar/list/map kind).
    static final Map<String, Map<String, String>> API = Map.ofEntries(
            Map.entry("Job", Map.of("apiVersion", "string", "kind", "string", "metadata", "ObjectMeta", "spec", "JobSpec")),
            Map.entry("ConfigMap", Map.of("apiVersion", "string", "kind", "string", "metadata", "ObjectMeta", "data", "map<string>")),
            Map.entry("ObjectMeta", Map.of("name", "string", "labels", "map<string>", "annotations", "map<string>")),
            Map.entry("JobSpec", Map.of("completionMode", "string", "completions", "int", "parallelism", "int", "backoffLimit", "int",
                    "template", "PodTemplateSpec", "ttlSecondsAfterFinished", "int", "activeDeadlineSeconds", "int")),
            Map.entry("PodTemplateSpec", Map.of("metadata", "ObjectMeta", "spec", "PodSpec")),
            Map.entry("PodSpec", Map.of("restartPolicy", "string", "containers", "list<Container>", "volumes", "list<Volume>")),
            Map.entry("Container", Map.of("name", "string", "image", "string", "command", "list<string>", "args", "list<string>",
                    "env", "list<EnvVar>", "resources", "ResourceRequirements", "volumeMounts", "list<VolumeMount>")),
            Map.entry("EnvVar", Map.of("name", "string", "value", "string", "valueFrom", "EnvVarSource")),
            Map.entry("EnvVarSource", Map.of("fieldRef", "ObjectFieldSelector")),
            Map.entry("ObjectFieldSelector", Map.of("fieldPath", "string", "apiVersion", "string")),
            Map.entry("ResourceRequirements", Map.of("requests", "map<quantity>", "limits", "map<quantity>")),
            Map.entry("VolumeMount", Map.of("name", "string", "mountPath", "string", "readOnly", "bool", "subPath", "string")),
            Map.entry("Volume", Map.of("name", "string", "configMap", "ConfigMapVolumeSource", "persistentVolumeClaim",
                    "PersistentVolumeClaimVolumeSource")),
            Map.entry("ConfigMapVolumeSource", Map.of("name", "string", "defaultMode", "int")),
            Map.entry("PersistentVolumeClaimVolumeSource", Map.of("claimName", "string", "readOnly", "bool")));

    @TempDir
    Path dir;

    private List<Map<String, Object>> emit(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("sweep", GRID.toString(), "--emit", "k8s", dir.resolve("k8s").toString()));
        args.addAll(List.of(options));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Indexed Job ").contains("kubectl apply -f " + dir.resolve("k8s").resolve("sweep-job.yaml"));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Yaml().loadAll(Files.readString(dir.resolve("k8s").resolve("sweep-job.yaml")))) {
            assertThat(d).as("every document is an object").isInstanceOf(Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) d;
            docs.add(m);
        }
        assertThat(docs).hasSize(2);
        check("ConfigMap", docs.get(0), "ConfigMap");
        check("Job", docs.get(1), "Job");
        return docs;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJobIsAnIndexedBatchV1JobWithOneCompletionPerCellAndPodsThatRunTheirIndex() throws Exception {
        List<Map<String, Object>> docs = emit();
        Map<String, Object> configMap = docs.get(0);
        Map<String, Object> job = docs.get(1);
        assertThat(configMap).containsEntry("apiVersion", "v1").containsEntry("kind", "ConfigMap");
        assertThat(job).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
        String name = (String) map(job, "metadata").get("name");
        assertThat(name).isEqualTo("overlaysim-sweep-three-backends").matches(DNS_LABEL);
        // Each pod's hostname is NAME-INDEX, a DNS label: at most 63 characters for the highest index.
        assertThat(name.length() + 1 + String.valueOf(53).length()).isLessThanOrEqualTo(63);

        Map<String, Object> spec = map(job, "spec");
        assertThat(spec).containsEntry("completionMode", "Indexed").containsEntry("completions", 54).containsEntry("parallelism", 54);
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        assertThat(pod).containsEntry("restartPolicy", "Never");
        List<?> containers = (List<?>) pod.get("containers");
        assertThat(containers).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) containers.get(0);
        assertThat(c).containsEntry("image", "overlaysim:" + version());
        assertThat(version()).as("the project's version, filtered in by Maven").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(c.get("command")).isEqualTo(List.of("java", "-jar", "/opt/overlaysim/overlaysim.jar"));
        assertThat(c.get("args")).isEqualTo(List.of("sweep", "/etc/overlaysim/scenario.yaml", "--index", "$(JOB_COMPLETION_INDEX)",
                "--shards", "54", "--jobs", "1", "--out", "/results"));
        // $(JOB_COMPLETION_INDEX) is expanded only from a variable the container declares: the downward API's index annotation.
        assertThat(c.get("env")).isEqualTo(List.of(Map.of("name", "JOB_COMPLETION_INDEX",
                "valueFrom", Map.of("fieldRef", Map.of("fieldPath", INDEX_ANNOTATION)))));
        assertThat(map(map(c, "resources"), "requests")).containsEntry("cpu", "1").containsEntry("memory", "512Mi");

        // The scenario path in args is in the ConfigMap's mount, /results is the claim's mount; volumes name both.
        @SuppressWarnings("unchecked") List<Object> mounts = (List<Object>) c.get("volumeMounts");
        assertThat(mounts).containsExactly(Map.of("name", "scenario", "mountPath", "/etc/overlaysim", "readOnly", true),
                Map.of("name", "results", "mountPath", "/results"));
        assertThat((List<Object>) pod.get("volumes")).containsExactly(
                Map.of("name", "scenario", "configMap", Map.of("name", name + "-scenario")),
                Map.of("name", "results", "persistentVolumeClaim", Map.of("claimName", "overlaysim-sweep-results")));
        assertThat(map(configMap, "metadata")).containsEntry("name", name + "-scenario");
        // The pods run exactly the emitted file.
        assertThat(map(configMap, "data")).containsOnlyKeys("scenario.yaml").containsEntry("scenario.yaml", Files.readString(GRID));
        assertThat(map(map(map(spec, "template"), "metadata"), "labels")).containsEntry("app.kubernetes.io/component", "sweep");
    }

    @Test
    @SuppressWarnings("unchecked")
    void imageJarClaimNameShardsParallelismAndPodSizeAreTheUsers() throws Exception {
        List<Map<String, Object>> docs = emit("--image", "registry.example/overlaysim:0.1.0", "--jar", "/app/overlaysim.jar",
                "--results-claim", "sweep-pv", "--name", "my-sweep", "--shards", "4", "--parallelism", "2", "--pod-cpus", "2",
                "--pod-memory", "1Gi");
        Map<String, Object> job = docs.get(1);
        assertThat(map(job, "metadata")).containsEntry("name", "my-sweep");
        Map<String, Object> spec = map(job, "spec");
        assertThat(spec).containsEntry("completions", 4).containsEntry("parallelism", 2);
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) ((List<?>) pod.get("containers")).get(0);
        assertThat(c).containsEntry("image", "registry.example/overlaysim:0.1.0");
        assertThat(c.get("command")).isEqualTo(List.of("java", "-jar", "/app/overlaysim.jar"));
        assertThat(c.get("args")).isEqualTo(List.of("sweep", "/etc/overlaysim/scenario.yaml", "--index", "$(JOB_COMPLETION_INDEX)",
                "--shards", "4", "--jobs", "2", "--out", "/results"));
        assertThat(map(map(c, "resources"), "requests")).containsEntry("cpu", "2").containsEntry("memory", "1Gi");
        assertThat((List<Object>) pod.get("volumes")).contains(Map.of("name", "results", "persistentVolumeClaim", Map.of("claimName", "sweep-pv")));
        assertThat(map(docs.get(0), "metadata")).containsEntry("name", "my-sweep-scenario");
    }

    @Test
    void badManifestOptionsAreRefusedAndNothingIsWritten() {
        Path out = dir.resolve("k8s");
        for (String[] bad : new String[][] {
                {"--emit", "helm", out.toString()},
                {"--emit", "k8s", out.toString(), "--name", "Bad_Name"},
                {"--emit", "k8s", out.toString(), "--name", "x".repeat(53)},
                {"--emit", "k8s", out.toString(), "--shards", "55"},
                {"--emit", "k8s", out.toString(), "--shards", "0"},
                {"--emit", "k8s", out.toString(), "--parallelism", "0"},
                {"--emit", "k8s", out.toString(), "--index", "1"},
                {"--emit", "k8s", out.toString(), "--results-claim", "No Such"},
                {"--emit", "k8s", out.toString(), "--image", "two words"},
                {"--image", "x", "--out", out.toString()}}) {
            List<String> args = new ArrayList<>(List.of("sweep", GRID.toString()));
            args.addAll(List.of(bad));
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", bad) + ": " + r).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad)).startsWith("overlaysim: ").doesNotContain("Exception", "\tat ");
            assertThat(out).as(String.join(" ", bad)).doesNotExist();
        }
    }

    /** {@code value} is an object of {@code kind}: only the API's fields, each of its type. */
    @SuppressWarnings("unchecked")
    static void check(String at, Object value, String kind) {
        if (kind.startsWith("list<")) {
            if (!(value instanceof List<?> l)) throw new AssertionError(at + ": expected a list, found " + value);
            String item = kind.substring(5, kind.length() - 1);
            for (int i = 0; i < l.size(); i++) check(at + "[" + i + "]", l.get(i), item);
            return;
        }
        if (kind.startsWith("map<")) {
            if (!(value instanceof Map<?, ?> m)) throw new AssertionError(at + ": expected a map, found " + value);
            String item = kind.substring(4, kind.length() - 1);
            m.forEach((k, v) -> {
                assertThat(k).as(at + " key").isInstanceOf(String.class);
                check(at + "." + k, v, item);
            });
            return;
        }
        switch (kind) {
            case "string" -> assertThat(value).as(at).isInstanceOf(String.class);
            case "int" -> assertThat(value).as(at).isInstanceOf(Integer.class);
            case "bool" -> assertThat(value).as(at).isInstanceOf(Boolean.class);
            case "quantity" -> assertThat(value).as(at + " (a quantity, as a string)").isInstanceOf(String.class)
                    .matches(v -> QUANTITY.matcher((String) v).matches());
            default -> {
                Map<String, String> fields = API.get(kind);
                if (fields == null) fail("no kind " + kind);
                if (!(value instanceof Map<?, ?> m)) throw new AssertionError(at + ": expected a " + kind + " object, found " + value);
                Set<?> unknown = new java.util.TreeSet<>(m.keySet().stream().map(Object::toString).toList());
                unknown.removeAll(fields.keySet());
                assertThat(unknown).as(at + ": fields a " + kind + " does not have").isEmpty();
                ((Map<String, Object>) m).forEach((k, v) -> check(at + "." + k, v, fields.get(k)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        return (Map<String, Object>) m.get(key);
    }

    private static String version() {
        return SweepCommand.projectVersion();
    }
}
