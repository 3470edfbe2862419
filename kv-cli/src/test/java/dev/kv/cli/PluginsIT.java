package dev.kv.cli;

import static dev.kv.cli.Launcher.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real providers as plugins: kv-cli started with kv-api, the kit and picocli only on its module path, and the
 * providers with their libraries (from kv-cli/target/lib) in plugins directories; and the {@code kv plugins}
 * commands through ./kv.
 */
class PluginsIT {

    @TempDir
    static Path work;
    static Path lib;
    static List<Path> core;

    @BeforeAll
    static void layout() throws IOException {
        lib = Launcher.repository().resolve("kv-cli/target/lib");
        core = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Launcher.repository().resolve("kv-cli/target"))) {
            jars.filter(p -> p.getFileName().toString().matches("kv-cli-[^-]+(-SNAPSHOT)?\\.jar")).forEach(core::add);
        }
        assertEquals(1, core.size(), "the kv-cli jar: " + core);
        core.addAll(jars("kv-api-", "kv-tck-", "picocli-", "junit-", "opentest4j-", "apiguardian-", "open-test-"));
    }

    static List<Path> jars(String... prefixes) throws IOException {
        try (Stream<Path> all = Files.list(lib)) {
            return all.filter(p -> Stream.of(prefixes).anyMatch(p.getFileName().toString()::startsWith)).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** A plugins directory with one plugin of these jars. */
    static Path plugins(String name, List<Path> jars) throws IOException {
        Path dir = Files.createDirectories(work.resolve("plugins-" + name).resolve(name));
        for (Path jar : jars) {
            Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        return dir.getParent();
    }

    static Path memory() throws IOException {
        Path dir = work.resolve("plugins-memory");
        return Files.isDirectory(dir) ? dir
                : plugins("memory", jars("kv-provider-memory-", "caffeine-", "jspecify-", "error_prone_annotations-"));
    }

    static Path redis() throws IOException {
        return plugins("redis", jars("kv-provider-redis-", "lettuce-", "netty-", "reactor-", "reactive-streams-",
                "redis-authx-"));
    }

    /** Runs kv-cli directly with java and the core module path. */
    static Result java(List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-p", core.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-m", "dev.kv.cli/dev.kv.cli.KvMain"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KV_PROVIDER");
        pb.environment().remove("KV_PLUGINS");
        pb.environment().put("KV_DATA_DIR", work.resolve("data").toString());
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(Launcher.DEADLINE.toSeconds() * 5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + cmd);
        }
        return new Result(String.join(" ", args), p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    @Test
    void theWholeKitPassesAgainstTheMemoryProviderLoadedAsAPlugin() throws Exception {
        Result r = java(List.of("--add-modules=ALL-DEFAULT", "-Dkv.plugins=" + memory(), "-Dkv.plugins.trustAll=true"),
                "tck", "--provider", "memory");
        assertEquals(0, r.exitCode, r.describe());
        assertTrue(("\n" + r.out()).contains("\nkv conformance report for provider 'memory' (dev.kv.provider.memory."),
                r.describe());
        assertTrue(r.out().contains("  PASSED   DEL-1 "), r.describe());
        assertFalse(r.out().contains("FAILED"), r.describe());
    }

    @Test
    void theRedisProviderLoadsAsAPluginWhenTheJdkModulesItNeedsAreResolved() throws Exception {
        Path dir = redis();
        Result without = java(List.of(), "plugins", "list", "--trust-all", dir.toString());
        assertEquals(1, without.exitCode, without.describe());
        assertTrue(without.out().contains("redis (refused)"), without.describe());
        assertTrue(without.out().contains("it needs JDK modules that the application did not resolve at start-up:"
                + " jdk.unsupported (required by io.netty.common"), without.describe());
        assertTrue(without.out().contains("start java with --add-modules jdk.unsupported"), without.describe());

        Result with = java(List.of("--add-modules=ALL-DEFAULT"), "plugins", "list", "--trust-all", dir.toString());
        assertEquals(0, with.exitCode, with.describe());
        assertTrue(with.out().contains("redis (loaded)") && with.out().contains("  providers: redis\n"), with.describe());
        assertTrue(with.out().contains("lettuce.core@7.7.0.RELEASE (lettuce-core-7.7.0.RELEASE.jar)"), with.describe());
    }

    @Test
    void theChronicleProviderAsAPluginFailsSayingItMustStayOnTheModulePath() throws Exception {
        Path dir = plugins("chronicle", jars("kv-provider-chronicle-", "chronicle-", "affinity-", "asm-", "compiler-",
                "javapoet-", "jffi-", "jna-", "jnr-", "posix-", "slf4j-"));
        Result r = java(List.of("--add-modules=ALL-DEFAULT", "-Dkv.plugins=" + dir, "-Dkv.plugins.trustAll=true",
                "-Dchronicle.analytics.disable=true"), "--provider", "chronicle", "set", "s", "k", "v");
        assertEquals(1, r.exitCode, r.describe());
        assertTrue(r.stderr.contains("kv: the chronicle provider cannot run as a plugin: Chronicle Map (module"
                + " chronicle.core, here in a plugin's module layer) needs java.base opened to it"), r.describe());
        assertTrue(r.stderr.contains("Put kv-provider-chronicle and Chronicle Map's jars on the application's module"
                + " path"), r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void lockListAndProvidersThroughTheLauncher(@TempDir Path build, @TempDir Path data) throws Exception {
        Path jar = ForgetfulProvider.jar(build);
        Path dir = plugins("forgetful", List.of(jar));
        Launcher kv = new Launcher(data);

        Result lock = kv.run("plugins", "lock", dir.toString()).expect(0);
        String hash = sha256(jar);
        assertEquals(hash + "  forgetful/forgetful-provider.jar\n", lock.out(), lock.describe());
        assertTrue(lock.stderr.contains("kv: wrote " + dir.resolve("kv-plugins.lock") + " (1 jar)"), lock.describe());

        Result list = kv.run("plugins", "list", dir.toString()).expect(0);
        assertTrue(list.out().startsWith("forgetful (loaded)\n  location:  " + dir.resolve("forgetful") + "\n"
                + "  modules:   com.example.kv.forgetful (forgetful-provider.jar)\n  providers: forgetful\n"),
                list.describe());

        Result providers = kv.run("--plugins", dir.toString(), "providers").expect(0);
        assertTrue(providers.out().contains("\nforgetful\n") || providers.out().startsWith("forgetful\n"),
                providers.describe());
        assertTrue(providers.out().contains("  from:          plugin 'forgetful' (" + dir.resolve("forgetful")
                + "), module com.example.kv.forgetful, jar forgetful-provider.jar"), providers.describe());
        assertTrue(providers.out().contains("  from:          module dev.kv.provider.memory"), providers.describe());

        // A plugin added after locking is refused, naming its jar and hash, and the others still load.
        Path late = Files.createDirectories(dir.resolve("late"));
        Files.copy(jar, late.resolve("late.jar"));
        Result refused = kv.run("plugins", "list", dir.toString()).expect(1);
        assertTrue(refused.out().contains("late (refused)"), refused.describe());
        assertTrue(refused.out().contains("jar late/late.jar (sha-256 " + hash + ") is not in the lock file "
                + dir.resolve("kv-plugins.lock")), refused.describe());
        assertTrue(refused.out().contains("forgetful (loaded)"), refused.describe());
        assertNoStackTrace(refused);

        Result missing = kv.run("--plugins", work.resolve("nowhere").toString(), "providers").expect(1);
        assertTrue(missing.stderr.contains("kv: the plugins directory " + work.resolve("nowhere") + " does not exist"),
                missing.describe());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
