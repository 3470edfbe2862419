package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.FixtureJars.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins (KvPlugins) with real jars built from src/test/fixtures/plugins, loaded into real module layers by an
 * application in a child JVM with kv-api on the module path. Each plugin fixture's stores answer "greeting" with
 * the version of the library its plugin carries, so a test sees which copy of a library a plugin got.
 */
class PluginsTest {

    @TempDir
    static Path work;
    static FixtureJars jars;
    static Path apiJar;
    static Path hostJar;
    static Path alphaJar;
    static Path brokenJar;
    static final Map<String, Path> greeting = new LinkedHashMap<>();

    @BeforeAll
    static void buildJars() throws Exception {
        jars = new FixtureJars(work);
        apiJar = jars.apiJar();
        for (String v : List.of("0.1", "1.0", "2.0")) {
            String version = v.equals("0.1") ? "app" : v.substring(0, 1);
            greeting.put(v, jars.build(jars.instantiate("plugins/greeting", "greeting-" + v,
                    Map.of("__VERSION__", version)), "greeting-" + v + ".jar"));
        }
        hostJar = jars.build(FixtureJars.FIXTURES.resolve("plugins/host"), "host.jar");
        alphaJar = jars.build(jars.instantiate("provider-template", "alpha", Map.of("__ID__", "alpha", "__CLASS__", "Alpha")), "alpha.jar");
        brokenJar = jars.build(FixtureJars.FIXTURES.resolve("broken"), "broken.jar");
    }

    /** A plugin provider jar: module fixture.plugin.NAME offering provider id {@code id}. */
    static Path plugin(String name, String id, boolean leak) throws Exception {
        String className = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Path src = jars.instantiate("plugins/plugin-template", "plugin-" + name, Map.of("__ID__", name, "__CLASS__",
                className, "__PROVIDER_ID__", id, "__LEAK__", String.valueOf(leak)));
        return jars.build(src, "plugin-" + name + ".jar", greeting.get("1.0"));
    }

    static Path plugin(String name) throws Exception {
        return plugin(name, name, false);
    }

    /** A plugins directory: each entry a subdirectory holding copies of the given jars. */
    static Path directory(String name, Map<String, List<Path>> plugins) throws Exception {
        Path dir = work.resolve("plugins-" + name);
        for (Map.Entry<String, List<Path>> p : plugins.entrySet()) {
            Path sub = Files.createDirectories(dir.resolve(p.getKey()));
            for (Path jar : p.getValue()) {
                Files.copy(jar, sub.resolve(jar.getFileName()));
            }
        }
        return dir;
    }

    static Result host(List<Path> modulePath, List<String> jvmArgs, Map<String, String> env, String... args)
            throws Exception {
        List<Path> path = new ArrayList<>(List.of(apiJar, hostJar));
        path.addAll(modulePath);
        List<String> cmd = new ArrayList<>(jvmArgs);
        cmd.addAll(List.of("-p", FixtureJars.path(path), "-m", "fixture.host/fixture.host.Main"));
        cmd.addAll(List.of(args));
        return jars.java(cmd, env);
    }

    static Result hostTrusting(String... args) throws Exception {
        return host(List.of(), List.of("-Dkv.plugins.trustAll=true"), Map.of(), args);
    }

    @Test
    void twoPluginsCarryDifferentVersionsOfOneLibraryAndEachShadowsTheApplicationsCopy() throws Exception {
        Path dir = directory("side", Map.of(
                "one", List.of(plugin("one"), greeting.get("1.0")),
                "two", List.of(plugin("two"), greeting.get("2.0"))));
        // The application itself has greeting "app" on its class path.
        Result r = host(List.of(), List.of("-Dkv.plugins.trustAll=true", "-cp", greeting.get("0.1").toString()),
                Map.of(), "load", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.has("app greeting app"), r.toString());
        assertTrue(r.has("plugin one loaded=true ids=[one]") && r.has("plugin two loaded=true ids=[two]"), r.toString());
        // Each plugin sees its own copy, and kv calls into it with the plugin's loader as context loader.
        assertTrue(r.has("store one k=v greeting=1 tccl=true/true"), r.toString());
        assertTrue(r.has("store two k=v greeting=2 tccl=true/true"), r.toString());
        assertTrue(r.has("origin one plugin 'one' (" + dir.toAbsolutePath().resolve("one")
                + "), module fixture.plugin.one, jar plugin-one.jar"), r.toString());
        assertTrue(r.has("shutdown one") && r.has("shutdown two"), r.toString());
        assertFalse(r.stdout().contains("failure"), r.toString());
    }

    @Test
    void anAutomaticModuleThatTheApplicationAlsoHasOnItsModulePathIsRefusedSayingWhatToDo() throws Exception {
        Path dir = directory("clash", Map.of("one", List.of(plugin("one"), greeting.get("1.0"))));
        Result r = host(List.of(greeting.get("0.1")), List.of("-Dkv.plugins.trustAll=true", "--add-modules", "greeting"),
                Map.of(), "load", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.has("app greeting app") && r.has("plugin one loaded=false ids=[]"), r.toString());
        // The JDK's own words differ between releases (17: "Module greeting reads another module named greeting",
        // 25: "Module fixture.plugin.one reads more than one module named greeting"); ours follow them.
        assertTrue(r.stdout().contains("its modules do not resolve: Module "), r.toString());
        assertTrue(r.stdout().contains("module named greeting. The application's module path also has greeting, and an"
                + " automatic module"), r.toString());
        assertTrue(r.stdout().contains("Keep that library on the application's class path"), r.toString());
    }

    @Test
    void aPluginCarryingItsOwnKvApiIsRefusedWithTheReasonAndTheOthersLoad() throws Exception {
        Path dir = directory("bundles", Map.of(
                "bundler", List.of(plugin("bundler"), greeting.get("1.0"), apiJar),
                "one", List.of(plugin("one"), greeting.get("1.0"))));
        Result r = hostTrusting("load", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.has("plugin bundler loaded=false ids=[]"), r.toString());
        assertTrue(r.stdout().contains("failure plugin 'bundler' (" + dir.toAbsolutePath().resolve("bundler")
                + ") was not loaded: it carries its own copy of kv's API (module dev.kv.api in kv-api.jar)"), r.toString());
        assertTrue(r.has("store one k=v greeting=1 tccl=true/true"), r.toString());
        assertFalse(r.stdout().contains("class-init bundler"), r.toString());
    }

    @Test
    void twoVersionsOfOneModuleAndAJarThatCannotBeAModuleAreRefusedNamingTheJars() throws Exception {
        Path badName = work.resolve("my-default.jar");
        Files.copy(greeting.get("2.0"), badName);
        Path dir = directory("clashes", Map.of(
                "twice", List.of(plugin("twice"), greeting.get("1.0"), greeting.get("2.0")),
                "badname", List.of(plugin("badname"), greeting.get("1.0"), badName)));
        Result r = hostTrusting("load", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("two versions of module greeting: greeting-1.0.jar (version 1.0),"
                + " greeting-2.0.jar (version 2.0); keep one"), r.toString());
        assertTrue(r.stdout().contains("jar my-default.jar cannot be a module"), r.toString());
        assertTrue(r.has("plugin twice loaded=false ids=[]") && r.has("plugin badname loaded=false ids=[]"), r.toString());
    }

    @Test
    void aBrokenPluginIsInProviderFailuresAndTheGoodOneIsSelectedThroughThePropertyOrEnvironment() throws Exception {
        Path dir = directory("broken", Map.of(
                "broken", List.of(brokenJar),
                "one", List.of(plugin("one"), greeting.get("1.0"))));
        for (boolean viaEnvironment : new boolean[] {false, true}) {
            List<String> jvm = new ArrayList<>(List.of("-Dkv.plugins.trustAll=true"));
            Map<String, String> env = Map.of();
            if (viaEnvironment) {
                env = Map.of("KV_PLUGINS", dir.toString());
            } else {
                jvm.add("-Dkv.plugins=" + dir);
            }
            Result r = host(List.of(), jvm, env, "property", "one");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.has("providers [one]"), r.toString());
            assertTrue(r.stdout().contains("failure plugin 'broken'") && r.stdout().contains("fixture.broken.BrokenProvider")
                    && r.stdout().contains("broken fixture: cannot start"), r.toString());
            assertTrue(r.has("OK one greeting=1"), r.toString());
        }
    }

    @Test
    void anIdOfferedTwiceIsAProviderSelectionErrorNamingBothOrigins() throws Exception {
        Path dir = directory("twins", Map.of(
                "first", List.of(plugin("first", "alpha", false), greeting.get("1.0")),
                "second", List.of(plugin("second", "alpha", false), greeting.get("1.0"))));
        Result r = host(List.of(alphaJar), List.of("-Dkv.plugins.trustAll=true", "-Dkv.plugins=" + dir), Map.of(),
                "property", "alpha");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.has("ERROR PROVIDER_SELECTION"), r.toString());
        assertTrue(r.stdout().contains("Several kv providers have the id 'alpha'"), r.toString());
        assertTrue(r.stdout().contains("fixture.alpha.AlphaProvider (module fixture.alpha)"), r.toString());
        assertTrue(r.stdout().contains("fixture.plugin.first.FirstProvider (plugin 'first' ("
                + dir.toAbsolutePath().resolve("first") + "), module fixture.plugin.first, jar plugin-first.jar)"), r.toString());
        assertTrue(r.stdout().contains("(plugin 'second' (" + dir.toAbsolutePath().resolve("second")
                + "), module fixture.plugin.second, jar plugin-second.jar)"), r.toString());
    }

    @Test
    void jarsOutsideTheLockFileAreRefusedNamingJarAndHashBeforeAnyOfTheirClassesLoads() throws Exception {
        Path dir = directory("locked", Map.of(
                "one", List.of(plugin("one"), greeting.get("1.0")),
                "two", List.of(plugin("two"), greeting.get("1.0"))));
        List<String> locked = KvPlugins.lock(dir);
        assertEquals(4, locked.size(), locked.toString());
        assertTrue(locked.contains(sha256(dir.resolve("one/plugin-one.jar")) + "  one/plugin-one.jar"), locked.toString());
        // After locking: one jar is changed, and a new plugin appears.
        Files.copy(greeting.get("2.0"), dir.resolve("two/greeting-1.0.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir.resolve("three"));
        Files.copy(plugin("three"), dir.resolve("three/plugin-three.jar"));
        Files.copy(greeting.get("1.0"), dir.resolve("three/greeting-1.0.jar"));

        Result r = host(List.of(), List.of(), Map.of(), "load", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.has("store one k=v greeting=1 tccl=true/true"), r.toString());
        assertTrue(r.has("plugin two loaded=false ids=[]") && r.has("plugin three loaded=false ids=[]"), r.toString());
        assertTrue(r.stdout().contains("two/greeting-1.0.jar") && r.stdout().contains(sha256(dir.resolve("two/greeting-1.0.jar"))),
                r.toString());
        assertTrue(r.stdout().contains("three/plugin-three.jar") && r.stdout().contains(sha256(dir.resolve("three/plugin-three.jar"))),
                r.toString());
        assertTrue(r.has("class-init one"), r.toString());
        assertFalse(r.stdout().contains("class-init two") || r.stdout().contains("class-init three"), r.toString());
    }

    @Test
    void closingUnloadsThePluginItsClassLoaderIsCollectedAndItsHandlesAndWatchesEnd() throws Exception {
        Path dir = directory("unload", Map.of("one", List.of(plugin("one"), greeting.get("1.0"))));
        Result r = hostTrusting("unload", dir.toString(), "10");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.has("shutdown one"), r.toString());
        assertTrue(r.has("store open=false") && r.has("watch completed=true"), r.toString());
        assertTrue(r.has("unloaded=true") && r.has("loader collected=true"), r.toString());
    }

    @Test
    void aPluginThatLeavesAThreadRunningIsReportedAsNotUnloadedNamingTheThread() throws Exception {
        Path dir = directory("leak", Map.of("leaky", List.of(plugin("leaky", "leaky", true), greeting.get("1.0"))));
        Result r = hostTrusting("unload", dir.toString(), "2");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.has("unloaded=false") && r.has("loader collected=false"), r.toString());
        assertTrue(r.stdout().contains("retained plugin 'leaky' (" + dir.toAbsolutePath().resolve("leaky")
                + ") is still loaded: live threads hold its class loader: 'leaky-leaky' (its context class loader"),
                r.toString());
    }

    @Test
    void kvApiOnTheClassPathIsAConfigurationErrorSayingWhatToDo() throws Exception {
        Path dir = directory("classpath", Map.of("one", List.of(plugin("one"), greeting.get("1.0"))));
        Result r = jars.java(List.of("-Dkv.plugins.trustAll=true", "-cp", FixtureJars.path(List.of(apiJar, hostJar)),
                "fixture.host.Main", "load", dir.toString()), Map.of());
        assertEquals(3, r.exit(), r.toString());
        assertEquals("ERROR CONFIGURATION", r.line(1), r.toString());
        assertTrue(r.stdout().contains("kv plugins need kv-api on the module path")
                && r.stdout().contains("--module-path"), r.toString());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
