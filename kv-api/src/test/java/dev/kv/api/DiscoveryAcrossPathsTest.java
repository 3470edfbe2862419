package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Provider discovery and selection (SPEC.md PROV-3 to PROV-8) with real jars in real JVMs, once with everything on
 * the module path and once with the same jars on the class path. The fixture providers and the app are compiled
 * from src/test/fixtures with the JDK's javac against kv-api's compiled classes.
 */
class DiscoveryAcrossPathsTest {

    enum Path_ { MODULE_PATH, CLASS_PATH }

    private static final Path FIXTURES = Path.of("src/test/fixtures");
    private static final Path API_CLASSES = Path.of("target/classes");

    @TempDir
    static Path work;
    static Path apiJar;
    static Path appJar;
    static Path alphaJar;
    static Path betaJar;
    static Path brokenJar;

    @BeforeAll
    static void buildJars() throws Exception {
        apiJar = jar(API_CLASSES, null, work.resolve("kv-api.jar"));
        alphaJar = fixtureJar(instantiateTemplate("alpha"));
        betaJar = fixtureJar(instantiateTemplate("beta"));
        brokenJar = fixtureJar(FIXTURES.resolve("broken"));
        appJar = fixtureJar(FIXTURES.resolve("app"));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void noProviderIsAnErrorNamingTheArtifactsToAdd(Path_ mode) throws Exception {
        Result r = run(mode, List.of(), Map.of(), List.of());
        assertEquals(3, r.exit, r.toString());
        assertEquals("ERROR PROVIDER_SELECTION", r.line(1));
        assertEquals("No kv provider was found on the module path or the class path.", r.line(2));
        assertTrue(r.stdout.contains("dev.kv:kv-provider-memory") && r.stdout.contains("dev.kv:kv-provider-chronicle"),
                r.toString());
        // As the README says: a provider module is found by service binding, with no requires or --add-modules.
        assertTrue(r.stdout.contains("resolved by service binding"), r.toString());
        assertFalse(r.stdout.contains("--add-modules") || r.stdout.contains("require it"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void theOnlyProviderIsUsed(Path_ mode) throws Exception {
        Result r = run(mode, List.of(alphaJar), Map.of(), List.of());
        assertEquals(0, r.exit, r.toString());
        assertEquals("OK alpha v", r.line(1));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void severalProvidersWithoutAChoiceListEachAndSayHowToChoose(Path_ mode) throws Exception {
        Result r = run(mode, List.of(alphaJar, betaJar), Map.of(), List.of());
        assertEquals(3, r.exit, r.toString());
        List<String> listed = r.lines().subList(3, 5).stream().sorted().collect(Collectors.toList());
        assertEquals(List.of(
                String.format("  %-10s %s (%s)", "alpha", "fixture.alpha.AlphaProvider", where(mode, "alpha", alphaJar)),
                String.format("  %-10s %s (%s)", "beta", "fixture.beta.BetaProvider", where(mode, "beta", betaJar))),
                listed);
        assertEquals("Several kv providers were found and none was chosen:", r.line(2));
        assertEquals("Choose one with the system property kv.provider=<id>, the environment variable KV_PROVIDER=<id>,"
                + " or Kv.builder().provider(\"<id>\") in code.", r.line(5));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void systemPropertyChooses(Path_ mode) throws Exception {
        assertEquals("OK beta v", run(mode, List.of(alphaJar, betaJar), Map.of(), List.of("-Dkv.provider=beta")).line(1));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void environmentVariableChooses(Path_ mode) throws Exception {
        assertEquals("OK alpha v", run(mode, List.of(alphaJar, betaJar), Map.of("KV_PROVIDER", "alpha"), List.of()).line(1));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void systemPropertyWinsOverEnvironmentAndCodeWinsOverBoth(Path_ mode) throws Exception {
        List<Path> both = List.of(alphaJar, betaJar);
        assertEquals("OK beta v", run(mode, both, Map.of("KV_PROVIDER", "alpha"), List.of("-Dkv.provider=beta")).line(1));
        assertEquals("OK alpha v", run(mode, both, Map.of("KV_PROVIDER", "beta"), List.of("-Dkv.provider=beta"), "alpha").line(1));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void anUnknownIdNamesItAndListsTheProvidersFound(Path_ mode) throws Exception {
        Result r = run(mode, List.of(alphaJar, betaJar), Map.of(), List.of("-Dkv.provider=gamma"));
        assertEquals(3, r.exit, r.toString());
        assertEquals("No kv provider has the id 'gamma' (chosen by the system property kv.provider). Found:", r.line(2));
        assertTrue(r.stdout.contains("fixture.alpha.AlphaProvider") && r.stdout.contains("fixture.beta.BetaProvider"));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void aBrokenProviderIsReportedAndSkipped(Path_ mode) throws Exception {
        Result r = run(mode, List.of(brokenJar, alphaJar), Map.of(), List.of());
        assertEquals(0, r.exit, r.toString());
        assertEquals("failures=1", r.line(0));
        assertEquals("OK alpha v", r.line(1));
        assertTrue(r.stderr.contains("kv: skipped a provider that failed to load")
                && r.stderr.contains("fixture.broken.BrokenProvider")
                && r.stderr.contains("broken fixture: cannot start"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void aBrokenProviderAloneShowsUpInTheSelectionError(Path_ mode) throws Exception {
        Result r = run(mode, List.of(brokenJar), Map.of(), List.of());
        assertEquals(3, r.exit, r.toString());
        assertTrue(r.stdout.contains("Providers that failed to load and were skipped:")
                && r.stdout.contains("fixture.broken.BrokenProvider"), r.toString());
    }

    private static String where(Path_ mode, String module, Path jar) {
        return mode == Path_.MODULE_PATH ? "module fixture." + module : "jar " + jar.toAbsolutePath();
    }

    private record Result(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().collect(Collectors.toList());
        }

        String line(int i) {
            List<String> l = lines();
            return i < l.size() ? l.get(i) : "<no line " + i + " in: " + stdout + " / " + stderr + ">";
        }
    }

    private static Result run(Path_ mode, List<Path> providers, Map<String, String> env, List<String> jvmArgs,
                              String... args) throws Exception {
        List<Path> path = new ArrayList<>(List.of(apiJar, appJar));
        path.addAll(providers);
        String joined = path.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (mode == Path_.MODULE_PATH) {
            cmd.addAll(List.of("-p", joined, "-m", "fixture.app/fixture.app.Main"));
        } else {
            cmd.addAll(List.of("-cp", joined, "fixture.app.Main"));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KV_PROVIDER");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Copies the provider template with its __ID__ and __CLASS__ placeholders filled in. */
    private static Path instantiateTemplate(String id) throws IOException {
        Path template = FIXTURES.resolve("provider-template");
        Path target = work.resolve("fixture-" + id);
        String className = Character.toUpperCase(id.charAt(0)) + id.substring(1);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(template)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path f : files) {
            String relative = template.relativize(f).toString().replace("__ID__", id).replace("__CLASS__", className);
            Path out = target.resolve(relative);
            Files.createDirectories(out.getParent());
            Files.writeString(out, Files.readString(f).replace("__ID__", id).replace("__CLASS__", className));
        }
        return target;
    }

    private static Path fixtureJar(Path fixture) throws Exception {
        String name = fixture.getFileName().toString();
        Path src = fixture.resolve("src");
        Path classes = work.resolve("classes-" + name);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-d", classes.toString(), "--module-path", apiJar.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> cmd.add(f.toString()));
        }
        Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (javac.waitFor() != 0) {
            throw new AssertionError("javac failed for fixture " + name + ":\n" + output);
        }
        Path services = fixture.resolve("META-INF");
        return jar(classes, Files.isDirectory(services) ? services : null, work.resolve(name.replace("fixture-", "") + ".jar"));
    }

    private static Path jar(Path classes, Path metaInf, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file)) {
            add(jar, classes, "");
            if (metaInf != null) {
                add(jar, metaInf, "META-INF/");
            }
        }
        return target;
    }

    private static void add(JarOutputStream jar, Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).collect(Collectors.toList());
        }
        for (Path f : files) {
            jar.putNextEntry(new JarEntry(prefix + root.relativize(f).toString().replace('\\', '/')));
            jar.write(Files.readAllBytes(f));
            jar.closeEntry();
        }
    }
}
