package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC.md NAME-3, NAME-4, VIS-2: names become safe, distinct file names inside the data directory. */
class StoreFilesTest {

    static final List<String> TRICKY = List.of("a", "A", "a/b", "a_b", "a\\b", "x", "x.", "./x", ".", "..", "../x",
            "../../etc/passwd", "/abs", "C:\\win", "CON", "con", "nul.txt", "a b", "a:b", "*?", "é", "e\u0301",
            "日本語", "\uD83D\uDE00", "_0041", "~", "a~b", "-", "x".repeat(128), "X".repeat(128),
            "x".repeat(127) + "y", "\uD83D\uDE00".repeat(64));

    @Test
    void encodingsAreDistinctSafeAndCaseFree() {
        Set<String> seen = new HashSet<>();
        for (String name : TRICKY) {
            String enc = StoreFiles.encode(name);
            assertTrue(seen.add(enc.toLowerCase(Locale.ROOT)), "two names share " + enc);
            assertTrue(enc.matches("[a-z0-9_~-]+"), enc);
            assertTrue((StoreFiles.PREFIX + enc + StoreFiles.LOCK_SUFFIX).length() <= 200, enc);
        }
    }

    @Test
    void shortEncodingsDecodeBackAndLongOnesAreHashed() {
        assertEquals("../x", StoreFiles.decode(StoreFiles.encode("../x")));
        assertEquals("Aé/日", StoreFiles.decode(StoreFiles.encode("Aé/日")));
        String longName = "Q".repeat(128);
        assertTrue(StoreFiles.encode(longName).contains("~"));
        assertNull(StoreFiles.decode(StoreFiles.encode(longName)));
        assertNotEquals(StoreFiles.encode(longName), StoreFiles.encode("Q".repeat(127) + "R"));
    }

    @Test
    void trickyNamesAreIsolatedStoresInsideTheDataDirectory(@TempDir Path root) throws Exception {
        Path data = root.resolve("data");
        KvConfig config = ChronicleProviderTest.config(data);
        ChronicleKvProvider provider = new ChronicleKvProvider();
        for (String name : TRICKY) {
            try (KvStore s = provider.open(name, config)) {
                s.set("who", Payload.ofUtf8(name));
            }
        }
        for (String name : TRICKY) {
            try (KvStore s = provider.open(name, config)) {
                assertEquals(name, s.get("who").toUtf8());
            }
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> files = all.filter(Files::isRegularFile).collect(Collectors.toList());
            assertEquals(TRICKY.size() * 2, files.size());
            for (Path f : files) {
                assertEquals(data, f.getParent(), "a file outside the data directory: " + f);
            }
        }
    }
}
