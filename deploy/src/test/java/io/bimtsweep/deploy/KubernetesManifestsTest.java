package io.bimtsweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Kubernetes cluster runs here, so the Kubernetes path is checked by rendering it: the
 * spark-submit command of {@code deploy/kubernetes/submit-k8s.sh} (through a stand-in spark-submit
 * that prints its arguments) against a golden file, and the SparkApplication of
 * {@code render-sparkapplication.sh} against the committed {@code sparkapplication.yaml}; then the
 * two must say the same thing (class, jar, arguments, image, namespace, executors, every shared
 * setting, the results claim), and the manifest must have the fields the operator requires.
 * To regenerate the goldens after an intended change: {@code mvn -pl deploy test
 * -Dtest=KubernetesManifestsTest -Dbimt.regenerate=true}.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of("kubernetes");
  private static final Path SUBMIT_GOLDEN = Path.of("src/test/resources/kubernetes/submit-k8s.golden");
  private static final Path MANIFEST = K8S.resolve("sparkapplication.yaml");
  private static final boolean REGENERATE = Boolean.getBoolean("bimt.regenerate");

  /** The settings the committed files are rendered for. */
  private static Map<String, String> settings() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("K8S_API", "https://k8s.example.com:6443");
    env.put("IMAGE", "registry.example.com/bimt-sweep:0.1.0");
    env.put("RESULTS_PVC", "bimt-results");
    return env;
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.equals("IMAGE") || k.equals("RESULTS_PVC") || k.startsWith("EXECUTOR")
        || k.equals("NAMESPACE") || k.equals("SPEC") || k.equals("NAME") || k.equals("K8S_API"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out, err);
  }

  /** submit-k8s.sh's spark-submit arguments, one per line, through a spark-submit that only prints them. */
  private static Run submit(Path tmp, Map<String, String> env, String... extra) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("spark/bin"));
    Path fake = bin.resolve("spark-submit");
    Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
    fake.toFile().setExecutable(true);
    Map<String, String> e = new LinkedHashMap<>(env);
    e.put("SPARK_HOME", tmp.resolve("spark").toString());
    List<String> cmd = new ArrayList<>(List.of("bash", K8S.resolve("submit-k8s.sh").toString()));
    cmd.addAll(List.of(extra));
    return run(Path.of("."), e, cmd.toArray(String[]::new));
  }

  private static Run render(Map<String, String> env, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", K8S.resolve("render-sparkapplication.sh").toString()));
    cmd.addAll(List.of(extra));
    return run(Path.of("."), env, cmd.toArray(String[]::new));
  }

  @Test
  void theSubmitCommandIsTheGoldenOne(@TempDir Path tmp) throws Exception {
    Run r = submit(tmp, settings(), "--max-failures", "10");
    assertEquals(0, r.exit(), r.err());
    if (REGENERATE) {
      Files.createDirectories(SUBMIT_GOLDEN.getParent());
      Files.writeString(SUBMIT_GOLDEN, r.out());
    }
    assertEquals(Files.readString(SUBMIT_GOLDEN), r.out(), "submit-k8s.sh's command changed; regenerate if intended");
  }

  @Test
  void theCommittedManifestIsWhatTheRendererWritesForTheseSettings() throws Exception {
    Run r = render(settings());
    assertEquals(0, r.exit(), r.err());
    if (REGENERATE) {
      Files.writeString(MANIFEST, r.out());
    }
    assertEquals(Files.readString(MANIFEST), r.out(), "sparkapplication.yaml is stale; regenerate if intended");
  }

  @Test
  void commandAndManifestAgreeForOtherSettingsToo(@TempDir Path tmp) throws Exception {
    Map<String, String> env = settings();
    env.put("NAMESPACE", "sweeps");
    env.put("NAME", "bimt-paper");
    env.put("SPEC", "/opt/bimt/examples/paper-large.yaml");
    env.put("EXECUTORS", "3");
    env.put("EXECUTOR_CORES", "6");
    env.put("EXECUTOR_MEMORY", "12g");
    Run s = submit(tmp, env, "--max-failures", "10");
    Run m = render(env, "--max-failures", "10");
    assertEquals(0, s.exit(), s.err());
    assertEquals(0, m.exit(), m.err());
    List<String> args = s.out().lines().toList();
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--conf")) {
        String kv = args.get(++i);
        conf.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(m.out());
    // the fields the Spark Operator's v1beta2 CRD requires, with the types it declares
    assertEquals("sparkoperator.k8s.io/v1beta2", spec.path("apiVersion").asText());
    assertEquals("SparkApplication", spec.path("kind").asText());
    JsonNode sp = spec.path("spec");
    assertTrue(List.of("Java", "Scala", "Python", "R").contains(sp.path("type").asText()));
    assertTrue(List.of("cluster", "client").contains(sp.path("mode").asText()));
    assertTrue(sp.path("sparkVersion").isTextual() && sp.path("executor").path("instances").isInt()
        && sp.path("executor").path("cores").isInt() && sp.path("driver").path("cores").isInt(), sp.toString());
    assertTrue(sp.path("executor").path("memory").asText().matches("\\d+[kmgt]"), sp.toString());
    // the manifest says what the command says
    assertEquals("bimt-paper", spec.path("metadata").path("name").asText());
    assertEquals(args.get(args.indexOf("--name") + 1), spec.path("metadata").path("name").asText());
    assertEquals(conf.get("spark.kubernetes.namespace"), spec.path("metadata").path("namespace").asText());
    assertEquals(conf.get("spark.kubernetes.container.image"), sp.path("image").asText());
    assertEquals(args.get(args.indexOf("--class") + 1), sp.path("mainClass").asText());
    int jar = args.indexOf(sp.path("mainApplicationFile").asText());
    assertNotEquals(-1, jar, "the command submits the manifest's jar");
    List<String> manifestArgs = new ArrayList<>();
    sp.path("arguments").forEach(a -> manifestArgs.add(a.asText()));
    assertEquals(args.subList(jar + 1, args.size()), manifestArgs);
    assertEquals(List.of("/opt/bimt/examples/paper-large.yaml", "--out", "/results", "--max-failures", "10"), manifestArgs);
    assertEquals(conf.get("spark.executor.instances"), sp.path("executor").path("instances").asText());
    assertEquals("3", sp.path("executor").path("instances").asText());
    assertEquals(conf.get("spark.executor.cores"), sp.path("executor").path("cores").asText());
    assertEquals(conf.get("spark.executor.memory"), sp.path("executor").path("memory").asText());
    sp.path("sparkConf").fields().forEachRemaining(e ->
        assertEquals(conf.get(e.getKey()), e.getValue().asText(), e.getKey() + " differs between command and manifest"));
    assertTrue(sp.path("sparkConf").size() >= 6, "the shared settings are in the manifest");
    String claim = conf.get("spark.kubernetes.executor.volumes.persistentVolumeClaim.results.options.claimName");
    assertEquals(claim, sp.path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText());
    assertEquals("/results", conf.get("spark.kubernetes.executor.volumes.persistentVolumeClaim.results.mount.path"));
  }

  @Test
  void missingOrMalformedSettingsAreRefusedByName(@TempDir Path tmp) throws Exception {
    Map<String, String> noImage = settings();
    noImage.remove("IMAGE");
    Run a = render(noImage);
    assertNotEquals(0, a.exit());
    assertTrue(a.err().contains("set IMAGE"), a.err());
    Map<String, String> badMemory = settings();
    badMemory.put("EXECUTOR_MEMORY", "4 GB");
    Run b = submit(tmp, badMemory);
    assertNotEquals(0, b.exit());
    assertTrue(b.err().contains("EXECUTOR_MEMORY must look like 4g or 512m, got '4 GB'"), b.err());
    assertEquals("", b.out(), "nothing is submitted");
  }
}
