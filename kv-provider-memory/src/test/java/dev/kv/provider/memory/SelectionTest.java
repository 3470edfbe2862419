package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kv.api.Kv;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows the README's instructions in child JVMs: an application that only requires {@code dev.kv.api} gets
 * the memory provider from the module path (through {@code provides}) and from the class path (through
 * {@code META-INF/services}), with no provider named anywhere.
 */
class SelectionTest {

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
                        System.out.println(store.providerId() + " " + store.rd() + " " + store.get("hello").toUtf8()
                                + " " + store.getClass().getModule().getName() + " " + Kv.providers().size());
                    }
                }
            }
            """;

    @TempDir
    static Path work;
    private static Path appClasses;

    @BeforeAll
    static void compileTheApplication() throws Exception {
        Path src = Files.createDirectories(work.resolve("src/app"));
        Files.writeString(work.resolve("src/module-info.java"), APP_MODULE);
        Files.writeString(src.resolve("Main.java"), APP_MAIN);
        appClasses = work.resolve("classes");
        run(List.of(tool("javac"), "--release", "17", "--module-path", location(Kv.class), "-d", appClasses.toString(),
                work.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString()));
    }

    private static String jars() throws Exception {
        return String.join(File.pathSeparator, location(Kv.class), location(MemoryKvProvider.class),
                location(Caffeine.class));
    }

    @Test
    void onTheModulePathTheProviderModuleIsBoundAsAService() throws Exception {
        String out = run(List.of(tool("java"), "--module-path", appClasses + File.pathSeparator + jars(),
                "-m", "app/app.Main"));
        assertEquals("memory memory:greetings world dev.kv.provider.memory 1", out.strip());
    }

    @Test
    void onTheClassPathTheServicesFileRegistersTheProvider() throws Exception {
        String out = run(List.of(tool("java"), "-cp", appClasses + File.pathSeparator + jars(), "app.Main"));
        assertEquals("memory memory:greetings world null 1", out.strip());
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
        if (!p.waitFor(Recorder.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gave up waiting for " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
