package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.Kv;
import dev.kv.api.spi.KvProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC.md PROV-2: the module exports nothing and provides the provider; an application that only requires
 * {@code dev.kv.api} finds it on the module path (through {@code provides}) and on the class path (through
 * {@code META-INF/services}), in child JVMs talking to a real server.
 */
class ModuleTest {

    private static final String APP_MODULE = "module app { requires dev.kv.api; }\n";
    private static final String APP_MAIN = """
            package app;

            import dev.kv.api.Kv;
            import dev.kv.api.KvStore;
            import dev.kv.api.Payload;

            public class Main {
                public static void main(String[] args) {
                    try (KvStore store = Kv.open("greetings")) {
                        store.set("hello", Payload.ofUtf8("world"));
                        System.out.println(store.providerId() + " " + store.get("hello").toUtf8() + " "
                                + store.getClass().getModule().getName() + " " + Kv.providers().size());
                    }
                }
            }
            """;

    @TempDir
    static Path work;
    private static Path appClasses;
    private static RedisServer server;

    @BeforeAll
    static void compileTheApplicationAndStartAServer() throws Exception {
        Path src = Files.createDirectories(work.resolve("src/app"));
        Files.writeString(work.resolve("src/module-info.java"), APP_MODULE);
        Files.writeString(src.resolve("Main.java"), APP_MAIN);
        appClasses = work.resolve("classes");
        run(List.of(tool("javac"), "--release", "17", "--module-path", location(Kv.class), "-d", appClasses.toString(),
                work.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString()));
        server = RedisServer.start(work.resolve("redis"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theModuleExportsAndOpensNothingAndProvidesTheProvider() throws Exception {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of(classes(), "module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.kv.provider.redis", d.name());
        assertEquals(Set.of(), d.exports(), "exported packages");
        assertEquals(Set.of(), d.opens(), "opened packages");
        assertEquals(Set.of("dev.kv.provider.redis"), d.packages());
        List<ModuleDescriptor.Provides> provides = List.copyOf(d.provides());
        assertEquals(1, provides.size());
        assertEquals("dev.kv.api.spi.KvProvider", provides.get(0).service());
        assertEquals(List.of(RedisKvProvider.class.getName()), provides.get(0).providers());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("dev.kv.api", "lettuce.core", "reactor.core", "io.netty.transport",
                "io.netty.handler")), requires::toString);
    }

    @Test
    void theClassPathRegistrationNamesAPublicClassWithAPublicNoArgumentConstructor() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(classes(), "META-INF", "services", "dev.kv.api.spi.KvProvider"))
                .stream().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
        assertEquals(List.of(RedisKvProvider.class.getName()), lines);
        assertTrue(Modifier.isPublic(RedisKvProvider.class.getModifiers()));
        assertTrue(Modifier.isPublic(RedisKvProvider.class.getConstructor().getModifiers()));
        assertTrue(KvProvider.class.isAssignableFrom(RedisKvProvider.class));
    }

    @Test
    void onTheModulePathTheProviderModuleIsBoundAsAService() throws Exception {
        String out = run(command(List.of("--module-path", appClasses + File.pathSeparator + jars(), "-m", "app/app.Main")));
        assertEquals("redis world dev.kv.provider.redis 1", lastLine(out), out);
    }

    @Test
    void onTheClassPathTheServicesFileRegistersTheProvider() throws Exception {
        String out = run(command(List.of("-cp", appClasses + File.pathSeparator + jars(), "app.Main")));
        assertEquals("redis world null 1", lastLine(out), out);
    }

    private static List<String> command(List<String> launch) {
        List<String> cmd = new ArrayList<>(List.of(tool("java"), "-Dkv.redis.uri=" + server.uri(),
                "-Dkv.redis.namespace=module-test"));
        cmd.addAll(launch);
        return cmd;
    }

    /** The provider's classes and its run-time dependencies: no test jar. */
    private static String jars() throws IOException {
        List<String> jars = new ArrayList<>();
        jars.add(classes());
        String text = Files.readString(Path.of(System.getProperty("kv.test.dependencies",
                "target/test-dependencies.txt"))).strip();
        Arrays.stream(text.split(File.pathSeparator)).filter(j -> !isTestOnly(j)).forEach(jars::add);
        return String.join(File.pathSeparator, jars);
    }

    private static boolean isTestOnly(String jar) {
        String n = Path.of(jar).getFileName().toString();
        return n.startsWith("junit-") || n.startsWith("opentest4j") || n.startsWith("apiguardian")
                || n.startsWith("kv-tck") || n.startsWith("open-test-reporting")
                // MeterBinderTest's: kv-micrometer would decorate the child's stores.
                || n.startsWith("kv-micrometer") || n.startsWith("micrometer-") || n.startsWith("HdrHistogram");
    }

    static String classes() {
        return System.getProperty("kv.test.classes", "target/classes");
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "out", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gave up waiting for " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
