package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC.md PERSIST-4: a damaged, truncated or foreign file where a store's data should be fails {@code open}
 * promptly with a STORAGE error naming the file, and the file is left byte for byte as it was. The deadline
 * is generous (Chronicle alone would wait 61 s on some of these).
 */
class BadFileTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    private Path file(String name) {
        return StoreFiles.mapFile(dir.toAbsolutePath().normalize(), name);
    }

    private void assertRefusedAndUnchanged(String name) throws Exception {
        Path file = file(name);
        byte[] before = Files.readAllBytes(file);
        KvConfig config = ChronicleProviderTest.config(dir);
        KvException e = assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(KvException.class, () -> provider.open(name, config)));
        assertEquals(KvException.Reason.STORAGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file was modified");
        // Refused again the same way: nothing was left half-open.
        KvException again = assertThrows(KvException.class, () -> provider.open(name, config));
        assertEquals(KvException.Reason.STORAGE, again.reason());
        assertArrayEquals(before, Files.readAllBytes(file), "the file was modified");
    }

    private void createStoreWithData(String name, int entries) {
        try (KvStore s = provider.open(name, ChronicleProviderTest.config(dir))) {
            for (int i = 0; i < entries; i++) {
                s.set("key" + i, Payload.ofUtf8("value" + i + "x".repeat(200)));
            }
        }
    }

    @Test
    void randomBytesAreRefused() throws Exception {
        byte[] garbage = new byte[256 * 1024];
        new Random(1).nextBytes(garbage);
        Files.write(file("garbage"), garbage);
        assertRefusedAndUnchanged("garbage");
    }

    @Test
    void randomBytesWithAPlausibleSizeWordAreRefused() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(2).nextBytes(garbage);
        garbage[8] = 100;
        garbage[9] = 0;
        garbage[10] = 0;
        garbage[11] = 0;
        Files.write(file("plausible"), garbage);
        assertRefusedAndUnchanged("plausible");
    }

    @Test
    void aShortTextFileIsRefused() throws Exception {
        Files.writeString(file("text"), "hello, I am not a map\n");
        assertRefusedAndUnchanged("text");
    }

    @Test
    void aTruncatedStoreIsRefusedNotRecoveredWithEntriesMissing() throws Exception {
        createStoreWithData("cut", 2000);
        Path f = file("cut");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertRefusedAndUnchanged("cut");
    }

    @Test
    void aTruncatedStoreIsRefusedEvenWhenItsWriterCrashed() throws Exception {
        createStoreWithData("cutcrash", 2000);
        Path f = file("cutcrash");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        // Mark a dead process in slot 0, as a SIGKILLed writer leaves it: recovery would be attempted.
        Path lock = StoreFiles.lockFile(dir.toAbsolutePath().normalize(), "cutcrash");
        try (RandomAccessFile raf = new RandomAccessFile(lock.toFile(), "rw")) {
            raf.seek(64);
            raf.writeLong(999_999_999L);
        }
        assertRefusedAndUnchanged("cutcrash");
    }

    @Test
    void aStoreFileEmptiedAfterCreationIsRefused() throws Exception {
        createStoreWithData("emptied", 10);
        Files.write(file("emptied"), new byte[0]);
        assertRefusedAndUnchanged("emptied");
    }

    @Test
    void aStrayEmptyFileIsRefused() throws Exception {
        Files.write(file("stray"), new byte[0]);
        assertRefusedAndUnchanged("stray");
    }

    @Test
    void aChronicleMapOfOtherTypesIsRefused() throws Exception {
        try (ChronicleMap<Long, CharSequence> foreign = ChronicleMap.of(Long.class, CharSequence.class)
                .entries(1000).averageValueSize(16).createPersistedTo(file("foreign").toFile())) {
            foreign.put(1L, "one");
        }
        assertRefusedAndUnchanged("foreign");
    }

    @Test
    void aByteArrayChronicleMapNotMadeByKvIsRefused() throws Exception {
        try (ChronicleMap<byte[], byte[]> foreign = ChronicleMap.of(byte[].class, byte[].class)
                .entries(1000).averageKeySize(8).averageValueSize(16).createPersistedTo(file("bytes").toFile())) {
            foreign.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
        assertRefusedAndUnchanged("bytes");
    }

    @Test
    void anUnfinishedHeaderIsRefused() throws Exception {
        createStoreWithData("unready", 10);
        Path f = file("unready");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(11);
            int top = raf.read();
            raf.seek(11);
            raf.write(top | 0x80);
        }
        assertRefusedAndUnchanged("unready");
    }
}
