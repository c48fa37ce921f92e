package dev.overlaysim.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The step-through view in a real headless Chromium (Debian's chromium and chromium-driver; CI
 * installs them): opened from disk, stepped through with its own buttons, and read back from what
 * the page shows (the lit place in the drawing, the ledger, the PDU table). The expectations are
 * spelled out here from the seed document's walk, not taken from the page's embedded data.
 * Skipped, with the reason, where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlViewBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path OUT = Path.of("target", "view-tests");

    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeAll
    void startChromium() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.err.println("HtmlViewBrowserTest SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, CHROMIUM + " or " + CHROMEDRIVER
                + " is missing: the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        Files.createDirectories(OUT);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    void stopChromium() {
        if (driver != null) driver.quit();
        if (service != null) service.stop();
    }

    /** What the page shows at the current step, read from its DOM. */
    record Shown(String place, String what, List<Integer> node1Copies, Map<String, String> layers) { }

    private static final String READ = """
            var lit = document.querySelectorAll('svg .place.current');
            var layers = {};
            document.querySelectorAll('#pdu tr').forEach(function (tr) {
              layers[tr.getAttribute('data-layer')] = tr.cells[1].textContent; });
            var copies = [];
            document.querySelectorAll('#ledger li[data-host="node1"]').forEach(function (li) {
              copies.push(Number(li.getAttribute('data-copy'))); });
            return {lit: lit.length, place: lit.length ? lit[0].getAttribute('data-place') : '',
                    what: document.getElementById('what').textContent, copies: copies, layers: layers};
            """;

    @SuppressWarnings("unchecked")
    private Shown shown() {
        Map<String, Object> m = (Map<String, Object>) js().executeScript(READ);
        assertThat(((Number) m.get("lit")).intValue()).as("places lit at once").isEqualTo(1);
        List<Integer> copies = ((List<Object>) m.get("copies")).stream().map(o -> ((Number) o).intValue()).toList();
        return new Shown((String) m.get("place"), (String) m.get("what"), copies, (Map<String, String>) m.get("layers"));
    }

    private JavascriptExecutor js() { return driver; }

    /** Writes the view of {@code yaml} next to the other test outputs and opens it from disk. */
    private Path open(Path yaml, String name) throws IOException {
        Path html = OUT.resolve(name + ".html");
        Files.writeString(html, HtmlView.render(Scenario.load(yaml), RunOptions.DEFAULT, yaml.toString(), Lang.EN), StandardCharsets.UTF_8);
        driver.get(html.toAbsolutePath().toUri().toString());
        return html;
    }

    /** Every step of the first packet, from the first, pressing the page's own "Step forward". */
    private List<Shown> stepThrough() {
        int steps = driver.findElements(By.cssSelector("#hops li")).size();
        assertThat(steps).as("hops of the first packet").isGreaterThan(10);
        List<Shown> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.add(shown());
            driver.findElement(By.id("forward")).click();
        }
        return out;
    }

    private static List<String> collapsed(List<Shown> steps) {
        List<String> out = new ArrayList<>();
        for (Shown s : steps) if (out.isEmpty() || !out.get(out.size() - 1).equals(s.place())) out.add(s.place());
        return out;
    }

    @Test
    void seedUdpLightsTheSeedsDevicesInOrderAndCountsThreeCopiesOnNode1() throws IOException {
        open(Path.of("examples/seed-udp.yaml"), "seed-udp");
        List<Shown> steps = stepThrough();
        // The seed document's UDP walk: ping's sendto, the container's stack and eth0, the veth,
        // docker0, node1's stack routes to flannel0, flanneld reads it and sends from its socket,
        // node1's stack routes to eth0; node2 receives, its flanneld writes to flannel0, docker0, container-2.
        List<String> expected = List.of(
                "container-1 ping", "container-1", "container-1/eth0", "node1/veth*", "node1/docker0", "node1",
                "node1/flannel0", "node1 flanneld", "node1", "node1/eth0",
                "node2/eth0", "node2", "node2 flanneld", "node2/flannel0", "node2", "node2/docker0", "node2/veth*",
                "container-2/eth0", "container-2");
        List<String> lit = collapsed(steps);
        assertThat(lit).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            if (e.endsWith("*")) assertThat(lit.get(i)).as("place %d", i).matches(e.replace("*", "[0-9a-f]{7}"));
            else assertThat(lit.get(i)).as("place %d", i).isEqualTo(e);
        }
        // Copies on node1 appear one by one: #1 at ping's sendto, #2 at flanneld's read from
        // flannel0, #3 at flanneld's sendto to node2; never more on node1 on the way out.
        List<List<Integer>> ledgerSteps = new ArrayList<>();
        List<String> atSteps = new ArrayList<>();
        for (Shown s : steps) {
            if (ledgerSteps.isEmpty() || !ledgerSteps.get(ledgerSteps.size() - 1).equals(s.node1Copies())) {
                ledgerSteps.add(s.node1Copies());
                atSteps.add(s.place() + ": " + s.what());
            }
        }
        assertThat(ledgerSteps).containsExactly(List.of(1), List.of(1, 2), List.of(1, 2, 3));
        assertThat(atSteps.get(0)).startsWith("container-1 ping: sendto(100.96.2.3)");
        assertThat(atSteps.get(1)).startsWith("node1 flanneld: read(flannel0)");
        assertThat(atSteps.get(2)).startsWith("node1 flanneld: subnet lookup").contains("sendto(10.168.0.3:8285)");
        // On node1's eth0 the frame is IPv4 in UDP to flanneld's port.
        Shown onEth0 = steps.stream().filter(s -> s.place().equals("node1/eth0") && s.what().equals("transmitted")).findFirst().orElseThrow();
        assertThat(onEth0.layers()).containsKeys("outer Ethernet", "outer IPv4", "outer UDP", "inner IPv4", "inner ICMP");
        assertThat(onEth0.layers().get("outer UDP")).contains("Dst Port: 8285");
        assertNoRequestsAndNoErrors();
        screenshot("seed-udp-stepped");
    }

    @Test
    void seedVxlanShowsVni1OnTheWireAndSteppingBackReturns() throws IOException {
        open(Path.of("examples/seed-vxlan.yaml"), "seed-vxlan");
        List<Shown> steps = stepThrough();
        List<String> lit = collapsed(steps);
        assertThat(lit).containsSubsequence("node1/docker0", "node1", "node1/flannel.1", "node1/eth0", "node2/eth0", "node2/flannel.1", "node2/docker0");
        Shown onEth0 = steps.stream().filter(s -> s.place().equals("node1/eth0") && s.what().equals("transmitted")).findFirst().orElseThrow();
        assertThat(onEth0.layers().get("outer VXLAN")).contains("VNI: 1");
        assertThat(onEth0.layers().get("outer UDP")).contains("Dst Port: 8472");
        assertThat(onEth0.layers()).containsKey("inner Ethernet");
        // One copy on node1 for VXLAN: ping's sendto, and nothing after it in the kernel.
        assertThat(steps.get(steps.size() - 1).node1Copies()).containsExactly(1);
        // Back from the last step lands on the one before it.
        driver.findElement(By.id("back")).click();
        assertThat(shown().place()).isEqualTo(steps.get(steps.size() - 2).place());
        // A click on a hop of the list jumps to it.
        driver.findElements(By.cssSelector("#hops li")).get(2).click();
        assertThat(shown()).isEqualTo(steps.get(2));
        assertNoRequestsAndNoErrors();
    }

    @Test
    void everyExampleOpensWithoutRequestsOrErrorsAndIsScreenshot() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(9);
        for (Path yaml : examples) {
            String name = yaml.getFileName().toString().replace(".yaml", "");
            open(yaml, name);
            assertThat(shown().place()).as(name + ": a place is lit at the first step").isNotEmpty();
            driver.findElement(By.id("forward")).click();
            assertNoRequestsAndNoErrors();
            Path png = screenshot(name);
            assertThat(Files.size(png)).as(png.toString()).isGreaterThan(10_000);
        }
    }

    @Test
    void aHundredNodesOpenAndStep() throws IOException {
        Path yaml = OUT.resolve("hundred-nodes.yaml");
        Files.writeString(yaml, hundredNodes(100));
        long t0 = System.nanoTime();
        Path html = open(yaml, "hundred-nodes");
        long openMillis = (System.nanoTime() - t0) / 1_000_000;
        long bytes = Files.size(html);
        int steps = driver.findElements(By.cssSelector("#hops li")).size();
        long t1 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            driver.findElement(By.id("forward")).click();
        }
        double perClickMillis = (System.nanoTime() - t1) / 1e6 / steps;
        // In-page: one step's work with layout forced, without WebDriver's round trip.
        double inPageMillis = ((Number) js().executeScript("""
                var b = document.getElementById('back'), f = document.getElementById('forward'), n = 200;
                var t = performance.now();
                for (var i = 0; i < n; i++) { (i % 2 ? f : b).click(); document.body.offsetHeight; }
                return (performance.now() - t) / n;""")).doubleValue();
        System.out.printf("100-node view: %d bytes, run+write+open %d ms, %d steps, %.1f ms per step by WebDriver click,"
                + " %.2f ms per step in the page%n", bytes, openMillis, steps, perClickMillis, inPageMillis);
        assertThat(shown().place()).isEqualTo("container-100");
        assertThat(bytes).as("page size").isLessThan(5_000_000);
        assertNoRequestsAndNoErrors();
        screenshot("hundred-nodes");
    }

    /** N VXLAN nodes on one segment, one container each; container-1 pings container-N. */
    static String hundredNodes(int n) {
        StringBuilder sb = new StringBuilder("""
                name: hundred-nodes
                network:
                  cidr: 10.1.0.0/16
                  backend: {type: vxlan}
                underlay:
                  segments:
                    - {name: lan, cidr: 10.168.0.0/16, gateway: 10.168.0.1}
                nodes:
                """);
        for (int i = 1; i <= n; i++) {
            sb.append("  - {name: node").append(i).append(", ip: 10.168.1.").append(i + 1)
                    .append(", subnet: 10.1.").append(i).append(".0/24, containers: [{name: container-").append(i)
                    .append(", ip: 10.1.").append(i).append(".2}]}\n");
        }
        sb.append("traffic:\n  - ping: {name: ping-1, from: container-1, to: container-").append(n).append(", start: 1s}\n");
        return sb.toString();
    }

    /** Every resource the page loaded is the file itself or data:, and the console has no error. */
    private void assertNoRequestsAndNoErrors() {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) js().executeScript("""
                var out = [location.href];
                performance.getEntriesByType('navigation').forEach(function (e) { out.push(e.name); });
                performance.getEntriesByType('resource').forEach(function (e) { out.push(e.name); });
                document.querySelectorAll('[src],[href]').forEach(function (e) {
                  out.push(e.getAttribute('src') || e.getAttribute('href')); });
                return out;""");
        assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).matches("(file:|data:).*"));
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    private Path screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path png = OUT.resolve(name + ".png");
        Files.copy(shot.toPath(), png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return png;
    }
}
