package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.Kv;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain application (src/test/fixtures/app, which knows only kv-api) run in child JVMs with real jars: without
 * Micrometer, with kv-micrometer but without Micrometer, and with both, on the class path and the module path. No
 * Chronicle jar is on any of these paths, so the runs with kv-micrometer also show that a missing optional library
 * is not an error.
 */
class ChildJvmTest {

    private static final Path KV_MICROMETER = Path.of("target/classes").toAbsolutePath();

    @TempDir
    static Path work;
    static Path app;
    static Path binder;
    static List<Path> kvAndMemory;
    static List<Path> micrometer;

    @BeforeAll
    static void locateJarsAndCompileTheApp() throws Exception {
        Path api = jarOf(Kv.class);
        kvAndMemory = List.of(api, jarOf(Kv.provider("memory").getClass()), jarOf(Cache.class));
        micrometer = new ArrayList<>(List.of(jarOf(MeterRegistry.class)));
        for (String c : List.of("io.micrometer.common.KeyValue", "io.micrometer.observation.Observation",
                "org.HdrHistogram.Histogram", "org.jspecify.annotations.Nullable")) {
            micrometer.add(jarOf(Class.forName(c)));
        }
        app = compile("app", List.of(api));
        List<Path> binderPath = new ArrayList<>(micrometer);
        binderPath.addAll(List.of(api, KV_MICROMETER));
        binder = compile("binder", binderPath);
    }

    /** Compiles a fixture with the JDK's javac and adds its META-INF, if any; returns the class directory. */
    private static Path compile(String fixture, List<Path> modulePath) throws Exception {
        Path classes = work.resolve(fixture);
        Path src = Path.of("src/test/fixtures", fixture, "src");
        List<String> cmd = new ArrayList<>(List.of(tool("javac"), "--release", "17", "-d", classes.toString(),
                "--module-path", modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> cmd.add(f.toString()));
        }
        Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, javac.waitFor(), "javac failed for " + fixture + ": " + out);
        Path services = Path.of("src/test/fixtures", fixture, "META-INF", "services");
        if (Files.isDirectory(services)) {
            Path target = Files.createDirectories(classes.resolve("META-INF/services"));
            try (Stream<Path> files = Files.list(services)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        }
        return classes;
    }

    @Test
    void anAppWithoutMicrometerOnTheClassPathRuns() throws Exception {
        Result r = run(false, List.of());
        assertEquals(0, r.exit, r.toString());
        assertEquals(List.of("get=v", "find-missing=false", "instrumented=false", "meters=no-micrometer", "done"),
                r.lines(), r.toString());
        assertFalse(r.stderr.contains("micrometer"), r.toString());
    }

    @Test
    void kvMicrometerWithoutMicrometerOnTheClassPathWarnsAndLeavesStoresAlone() throws Exception {
        Result r = run(false, List.of(KV_MICROMETER));
        assertEquals(0, r.exit, r.toString());
        assertEquals(List.of("get=v", "find-missing=false", "instrumented=false", "meters=no-micrometer", "done"),
                r.lines(), r.toString());
        assertTrue(r.stderr.contains("kv-micrometer is present but Micrometer is not (class"
                + " io.micrometer.core.instrument.MeterRegistry not found): stores are opened without metrics."
                + " Add io.micrometer:micrometer-core, or remove dev.kv:kv-micrometer."), r.toString());
        assertFalse(r.stderr.contains("NoClassDefFoundError"), r.toString());
    }

    @Test
    void withMicrometerOnTheClassPathStoresAreInstrumentedWithTheGlobalRegistry() throws Exception {
        List<Path> extra = new ArrayList<>(micrometer);
        extra.add(KV_MICROMETER);
        Result r = run(false, extra);
        assertInstrumented(r);
        assertFalse(r.lines().get(3).contains("fixture.binder.bound"), "no binder beyond the built-in ones: " + r);
    }

    @Test
    void withMicrometerOnTheModulePathStoresAreInstrumentedWithTheGlobalRegistry() throws Exception {
        List<Path> extra = new ArrayList<>(micrometer);
        extra.add(KV_MICROMETER);
        assertInstrumented(run(true, extra));
    }

    @Test
    void aBinderFoundByServiceLoaderAddsItsMetersOnTheClassPath() throws Exception {
        List<Path> extra = new ArrayList<>(micrometer);
        extra.addAll(List.of(KV_MICROMETER, binder));
        Result r = run(false, extra);
        assertInstrumented(r);
        assertTrue(r.lines().get(3).contains("fixture.binder.bound"), r.toString());
    }

    @Test
    void aBinderFoundByServiceLoaderAddsItsMetersOnTheModulePath() throws Exception {
        List<Path> extra = new ArrayList<>(micrometer);
        extra.addAll(List.of(KV_MICROMETER, binder));
        Result r = run(true, extra);
        assertInstrumented(r);
        assertTrue(r.lines().get(3).contains("fixture.binder.bound"), r.toString());
    }

    /**
     * The chronicle provider with kv-micrometer and Micrometer but without Caffeine: the Caffeine binder is never
     * loaded, the Chronicle one is. The class path is this JVM's, less Caffeine and the memory provider.
     */
    @Test
    void withoutCaffeineAChronicleAppIsInstrumentedWithTheChronicleGauges(@TempDir Path data) throws Exception {
        Path caffeine = jarOf(Cache.class);
        Path memory = jarOf(Kv.provider("memory").getClass());
        List<Path> path = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                Path p = entry.isEmpty() ? null : Path.of(entry).toAbsolutePath();
                if (p != null && Files.exists(p) && !p.equals(caffeine) && !p.equals(memory)
                        && !p.endsWith(Path.of("target", "test-classes")) && !path.contains(p)) {
                    path.add(p);
                }
            }
        }
        path.add(app);
        assertTrue(path.contains(KV_MICROMETER), path.toString());
        assertTrue(path.stream().noneMatch(p -> p.toString().contains("caffeine")), path.toString());
        List<String> cmd = new ArrayList<>(List.of(tool("java")));
        for (String flag : System.getProperty("kv.test.chronicleFlags", "").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-Dkv.chronicle.dataDir=" + data, "-cp",
                path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "fixture.app.Main", "chronicle"));
        Result r = exec(cmd);
        assertEquals(0, r.exit, r.toString());
        List<String> lines = r.lines();
        assertEquals(List.of("get=v", "find-missing=false", "instrumented=true"), lines.subList(0, 3), r.toString());
        Set<String> names = Set.of(lines.get(3).substring("meters=".length()).split(","));
        assertTrue(names.containsAll(Set.of(KvMetrics.OPERATIONS, KvMetrics.CHRONICLE_ENTRIES,
                KvMetrics.CHRONICLE_CAPACITY_USED, KvMetrics.CHRONICLE_OFF_HEAP_USED)), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("cache.")), names.toString());
        assertFalse(r.stderr.contains("NoClassDefFoundError") || r.stderr.contains("caffeine"), r.toString());
    }

    /**
     * On the module path Micrometer cannot be left out: dev.kv.micrometer requires micrometer.core, and the JVM
     * refuses to start, naming it, instead of running without metrics. Documented in README.md.
     */
    @Test
    void kvMicrometerWithoutMicrometerOnTheModulePathIsAStartupErrorNamingTheMissingModule() throws Exception {
        Result r = run(true, List.of(KV_MICROMETER));
        assertEquals(1, r.exit, r.toString());
        assertTrue((r.stdout + r.stderr).contains("java.lang.module.FindException: Module micrometer.core not found,"
                + " required by dev.kv.micrometer"), r.toString());
    }

    private static void assertInstrumented(Result r) {
        assertEquals(0, r.exit, r.toString());
        List<String> lines = r.lines();
        assertEquals(List.of("get=v", "find-missing=false", "instrumented=true"), lines.subList(0, 3), r.toString());
        assertEquals("done", lines.get(4));
        assertTrue(lines.get(3).startsWith("meters="), r.toString());
        Set<String> names = Set.of(lines.get(3).substring("meters=".length()).split(","));
        assertTrue(names.containsAll(Set.of(KvMetrics.OPERATIONS, KvMetrics.OPERATION_DURATION, KvMetrics.PAYLOAD_SIZE,
                KvMetrics.WATCH_SUBSCRIPTIONS, KvMetrics.WATCH_EVENTS_DELIVERED, KvMetrics.WATCH_EVENTS_DROPPED,
                "cache.gets", "cache.size")),
                names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("kv.chronicle.")), names.toString());
        assertFalse(r.stderr.contains("NoClassDefFoundError"), r.toString());
    }

    private record Result(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().collect(Collectors.toList());
        }
    }

    private static Result run(boolean modulePath, List<Path> extra) throws Exception {
        List<Path> path = new ArrayList<>(kvAndMemory);
        path.add(app);
        path.addAll(extra);
        String joined = path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(tool("java"), "-Xshare:auto"));
        if (modulePath) {
            cmd.addAll(List.of("-p", joined, "-m", "fixture.app/fixture.app.Main"));
        } else {
            cmd.addAll(List.of("-cp", joined, "fixture.app.Main"));
        }
        return exec(cmd);
    }

    private static Result exec(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("KV_PROVIDER");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err) + "\n[command: " + cmd + "]");
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

}
