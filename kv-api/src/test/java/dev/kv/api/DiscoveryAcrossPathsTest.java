package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.FixtureJars.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    @TempDir
    static Path work;
    static FixtureJars jars;
    static Path apiJar;
    static Path appJar;
    static Path alphaJar;
    static Path betaJar;
    static Path brokenJar;

    @BeforeAll
    static void buildJars() throws Exception {
        jars = new FixtureJars(work);
        apiJar = jars.apiJar();
        alphaJar = jars.build(jars.instantiate("provider-template", "alpha", Map.of("__ID__", "alpha", "__CLASS__", "Alpha")), "alpha.jar");
        betaJar = jars.build(jars.instantiate("provider-template", "beta", Map.of("__ID__", "beta", "__CLASS__", "Beta")), "beta.jar");
        brokenJar = jars.build(FixtureJars.FIXTURES.resolve("broken"), "broken.jar");
        appJar = jars.build(FixtureJars.FIXTURES.resolve("app"), "app.jar");
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void noProviderIsAnErrorNamingTheArtifactsToAdd(Path_ mode) throws Exception {
        Result r = run(mode, List.of(), Map.of(), List.of());
        assertEquals(3, r.exit(), r.toString());
        assertEquals("ERROR PROVIDER_SELECTION", r.line(1));
        assertEquals("No kv provider was found on the module path or the class path.", r.line(2));
        assertTrue(r.stdout().contains("dev.kv:kv-provider-memory") && r.stdout().contains("dev.kv:kv-provider-chronicle"),
                r.toString());
        // As the README says: a provider module is found by service binding, with no requires or --add-modules.
        assertTrue(r.stdout().contains("resolved by service binding"), r.toString());
        assertFalse(r.stdout().contains("--add-modules") || r.stdout().contains("require it"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void theOnlyProviderIsUsed(Path_ mode) throws Exception {
        Result r = run(mode, List.of(alphaJar), Map.of(), List.of());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("OK alpha v", r.line(1));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void severalProvidersWithoutAChoiceListEachAndSayHowToChoose(Path_ mode) throws Exception {
        Result r = run(mode, List.of(alphaJar, betaJar), Map.of(), List.of());
        assertEquals(3, r.exit(), r.toString());
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
        assertEquals(3, r.exit(), r.toString());
        assertEquals("No kv provider has the id 'gamma' (chosen by the system property kv.provider). Found:", r.line(2));
        assertTrue(r.stdout().contains("fixture.alpha.AlphaProvider") && r.stdout().contains("fixture.beta.BetaProvider"));
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void aBrokenProviderIsReportedAndSkipped(Path_ mode) throws Exception {
        Result r = run(mode, List.of(brokenJar, alphaJar), Map.of(), List.of());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("failures=1", r.line(0));
        assertEquals("OK alpha v", r.line(1));
        assertTrue(r.stderr().contains("kv: skipped a provider that failed to load")
                && r.stderr().contains("fixture.broken.BrokenProvider")
                && r.stderr().contains("broken fixture: cannot start"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Path_.class)
    void aBrokenProviderAloneShowsUpInTheSelectionError(Path_ mode) throws Exception {
        Result r = run(mode, List.of(brokenJar), Map.of(), List.of());
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stdout().contains("Providers that failed to load and were skipped:")
                && r.stdout().contains("fixture.broken.BrokenProvider"), r.toString());
    }

    private static String where(Path_ mode, String module, Path jar) {
        return mode == Path_.MODULE_PATH ? "module fixture." + module : "jar " + jar.toAbsolutePath();
    }

    private static Result run(Path_ mode, List<Path> providers, Map<String, String> env, List<String> jvmArgs,
                              String... args) throws Exception {
        List<Path> path = new ArrayList<>(List.of(apiJar, appJar));
        path.addAll(providers);
        List<String> cmd = new ArrayList<>(jvmArgs);
        if (mode == Path_.MODULE_PATH) {
            cmd.addAll(List.of("-p", FixtureJars.path(path), "-m", "fixture.app/fixture.app.Main"));
        } else {
            cmd.addAll(List.of("-cp", FixtureJars.path(path), "fixture.app.Main"));
        }
        cmd.addAll(List.of(args));
        return jars.java(cmd, env);
    }
}
