package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleProviderTest {

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    static KvConfig config(Path dir) {
        return KvConfig.builder().set("kv.chronicle.dataDir", dir.toString()).build();
    }

    @Test
    void declaresPersistenceAndBothMultiProcessCapabilities() {
        assertEquals("chronicle", provider.id());
        assertEquals(Set.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.CROSS_PROCESS_WATCH),
                provider.capabilities());
        assertTrue(provider.configProperties().stream().allMatch(p -> p.name().startsWith("kv.chronicle.")));
    }

    @Test
    void valuesSurviveClosingEveryHandleAndReopening() {
        try (KvStore s = provider.open("orders", config(dir))) {
            s.set("a", Payload.ofUtf8("1"));
            s.set("b", Payload.empty());
            s.set("gone", Payload.ofUtf8("x"));
            s.delete("gone");
        }
        try (KvStore s = provider.open("orders", config(dir))) {
            assertEquals("1", s.get("a").toUtf8());
            assertTrue(s.get("b").isEmpty());
            assertTrue(s.find("gone").isEmpty());
            KvException e = assertThrows(KvException.class, () -> s.get("gone"));
            assertEquals(KvException.Reason.NOT_FOUND, e.reason());
        }
    }

    @Test
    void handlesOfOneNameShareTheStoreAndCloseIndependently() {
        KvStore a = provider.open("shared", config(dir));
        KvStore b = provider.open("shared", config(dir));
        a.set("k", Payload.ofUtf8("v"));
        assertEquals("v", b.get("k").toUtf8());
        a.close();
        b.set("k", Payload.ofUtf8("w"));
        assertEquals("w", b.get("k").toUtf8());
        b.close();
        assertFalse(b.isOpen());
    }

    @Test
    void rdIsTheProviderIdAndTheAbsoluteStoreFile() {
        try (KvStore s = provider.open("Orders/2024", config(dir))) {
            Path file = StoreFiles.mapFile(dir.toAbsolutePath().normalize(), "Orders/2024");
            assertEquals("chronicle:" + file, s.rd());
            assertTrue(Files.isRegularFile(file));
            assertTrue(file.isAbsolute());
        }
    }

    @Test
    void filesAreOwnerOnlyAndACreatedDataDirectoryToo() throws Exception {
        Path data = dir.resolve("new").resolve("data");
        try (KvStore s = provider.open("p", config(data))) {
            s.set("k", Payload.ofUtf8("v"));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.getParent())));
        try (var files = Files.list(data)) {
            List<Path> all = files.toList();
            assertEquals(2, all.size(), all::toString);
            for (Path f : all) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f::toString);
            }
        }
    }

    @Test
    void unwrapsToTheChronicleMap() {
        try (KvStore s = provider.open("m", config(dir))) {
            s.set("k", Payload.ofUtf8("v"));
            @SuppressWarnings("rawtypes")
            ChronicleMap map = s.unwrap(ChronicleMap.class);
            assertNotNull(map);
            assertTrue(map.longSize() >= 1);
            assertEquals(StoreFiles.mapFile(dir.toAbsolutePath().normalize(), "m").toFile(), map.file());
            assertSame(s, s.unwrap(KvStore.class));
            KvException e = assertThrows(KvException.class, () -> s.unwrap(String.class));
            assertEquals(KvException.Reason.UNSUPPORTED, e.reason());
        }
    }

    @Test
    void defaultLimitsMeetTheSpecAndTheLargestPayloadFits() {
        try (KvStore s = provider.open("big", config(dir))) {
            KvLimits limits = s.limits();
            assertTrue(limits.maxKeyBytes() >= 256);
            assertEquals(1 << 20, limits.maxPayloadBytes());
            byte[] max = new byte[limits.maxPayloadBytes()];
            for (int i = 0; i < max.length; i++) {
                max[i] = (byte) i;
            }
            String longKey = "k".repeat(limits.maxKeyBytes());
            s.set(longKey, Payload.copyOf(max));
            assertArrayEquals(max, s.get(longKey).toByteArray());
            s.set("small", Payload.ofUtf8("previous"));
            KvException e = assertThrows(KvException.class, () -> s.set("small", Payload.copyOf(new byte[max.length + 1])));
            assertEquals(KvException.Reason.PAYLOAD_TOO_LARGE, e.reason());
            assertTrue(e.getMessage().contains("'small'"), e.getMessage());
            assertEquals("previous", s.get("small").toUtf8());
        }
    }

    @Test
    void sizingGivenAtCreationIsKeptWhenReopenedWithOtherSettings() {
        KvConfig big = config(dir).with("kv.chronicle.maxPayloadSize", "3MiB")
                .with("kv.chronicle.averagePayloadSize", "1KiB");
        try (KvStore s = provider.open("sized", big)) {
            assertEquals(3 << 20, s.limits().maxPayloadBytes());
            s.set("k", Payload.copyOf(new byte[3 << 20]));
        }
        try (KvStore s = provider.open("sized", config(dir))) {
            assertEquals(3 << 20, s.limits().maxPayloadBytes());
            assertEquals(3 << 20, s.get("k").size());
            s.set("k2", Payload.copyOf(new byte[3 << 20]));
        }
    }

    @Test
    void sizingThatCannotHoldTheLargestPayloadIsAConfigurationErrorAndCreatesNothing() throws Exception {
        KvConfig tiny = config(dir).with("kv.chronicle.entries", "1000");
        KvException e = assertThrows(KvException.class, () -> provider.open("tiny", tiny));
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kv.chronicle.entries=1000"), e.getMessage());
        assertTrue(e.getMessage().contains("kv.chronicle.maxPayloadSize"), e.getMessage());
        assertFalse(Files.exists(StoreFiles.mapFile(dir.toAbsolutePath(), "tiny")));
        // "nothing was created" is true of every file: the lock file goes too (it was left behind before)
        assertFalse(Files.exists(StoreFiles.lockFile(dir.toAbsolutePath(), "tiny")),
                "the failed open left " + StoreFiles.lockFile(dir.toAbsolutePath(), "tiny"));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.map(Path::getFileName).map(Path::toString).toList());
        }
        // and the name is free for a store that can be created
        try (KvStore s = provider.open("tiny", config(dir))) {
            s.set("k", Payload.ofUtf8("v"));
        }
        try (KvStore s = provider.open("tiny", config(dir))) {
            assertEquals("v", s.get("k").toUtf8());
        }
    }

    @Test
    void unknownAndInvalidPropertiesAreRefusedByName() {
        KvException unknown = assertThrows(KvException.class,
                () -> provider.open("x", config(dir).with("kv.chronicle.entires", "5")));
        assertEquals(KvException.Reason.CONFIGURATION, unknown.reason());
        assertTrue(unknown.getMessage().contains("kv.chronicle.entires"), unknown.getMessage());
        KvException invalid = assertThrows(KvException.class,
                () -> provider.open("x", config(dir).with("kv.chronicle.maxPayloadSize", "1KiB")));
        assertEquals(KvException.Reason.CONFIGURATION, invalid.reason());
        assertTrue(invalid.getMessage().contains("kv.chronicle.maxPayloadSize"), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("1KiB"), invalid.getMessage());
    }

    @Test
    void aFullStoreRefusesWritesWithCapacityExceededAndKeepsEveryPreviousValue() {
        KvConfig small = config(dir).with("kv.chronicle.maxBloatFactor", "1");
        try (KvStore s = provider.open("full", small)) {
            s.set("existing", Payload.ofUtf8("old"));
            byte[] big = new byte[1 << 20];
            List<String> written = new ArrayList<>();
            KvException full = null;
            for (int i = 0; i < 10_000 && full == null; i++) {
                big[0] = (byte) i;
                try {
                    s.set("big" + i, Payload.copyOf(big));
                    written.add("big" + i);
                } catch (KvException e) {
                    full = e;
                }
            }
            assertNotNull(full, "a store sized with maxBloatFactor=1 never filled up");
            assertEquals(KvException.Reason.CAPACITY_EXCEEDED, full.reason(), full.getMessage());
            assertTrue(full.getMessage().contains("'big" + written.size() + "'"), full.getMessage());
            assertTrue(s.find("big" + written.size()).isEmpty(), "the refused write left a value");
            // Overwrites of a full store land or not depending on the segment; either way nothing is lost.
            big[0] = 99;
            try {
                s.set("existing", Payload.copyOf(big));
                assertEquals(99, s.get("existing").byteAt(0));
            } catch (KvException e) {
                assertEquals(KvException.Reason.CAPACITY_EXCEEDED, e.reason());
                assertEquals("old", s.get("existing").toUtf8());
            }
            for (int i = 0; i < written.size(); i++) {
                assertEquals((byte) i, s.get(written.get(i)).byteAt(0));
            }
            assertFalse(full.getMessage().contains("\n"), full.getMessage());
        }
        try (KvStore s = provider.open("full", small)) {
            assertTrue(s.find("existing").isPresent());
            assertEquals((byte) 0, s.get("big0").byteAt(0));
        }
    }
}
