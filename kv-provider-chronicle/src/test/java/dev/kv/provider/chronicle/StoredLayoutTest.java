package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes the provider stores (white-box): the file format must not change with how the provider encodes
 * keys, reads stamps or writes its protocol entries, and a write leaves no intent behind.
 */
class StoredLayoutTest {

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    /** The map key as the format defines it: byte 0, then the key's UTF-8 from the JDK's encoder. */
    private static byte[] expectedUserKey(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[1 + utf8.length];
        System.arraycopy(utf8, 0, k, 1, utf8.length);
        return k;
    }

    private static final String[] KEYS = {
        "plain-ascii_key.1",
        "caf\u00e9",                       // 2-byte UTF-8 at the end
        "\u00fcber",                       // 2-byte UTF-8 first
        "\u20ac-price",                    // 3-byte
        "\u65e5\u672c\u8a9e",              // 3-byte only
        "emoji-\ud83d\ude00-x",            // 4-byte (a surrogate pair) in the middle
        "\ud834\udd1e",                    // 4-byte only
        "mix \u00e9\u20ac\ud83d\ude00 \u007f\u0080\u07ff\u0800\uffff",  // boundaries of every length
    };

    @Test
    void userKeysAreTheUtf8OfTheKeyAfterTheNamespaceByte() {
        for (String key : KEYS) {
            assertArrayEquals(expectedUserKey(key), Backing.userKey(key), key);
        }
        Random r = new Random(42);
        for (int n = 0; n < 2000; n++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + r.nextInt(20);
            for (int i = 0; i < len; i++) {
                switch (r.nextInt(4)) {
                    case 0 -> b.append((char) r.nextInt(0x80));
                    case 1 -> b.append((char) (0x80 + r.nextInt(0x800 - 0x80)));
                    case 2 -> {
                        char c = (char) (0x800 + r.nextInt(0x10000 - 0x800));
                        b.append(Character.isSurrogate(c) ? 'x' : c);
                    }
                    default -> b.appendCodePoint(0x10000 + r.nextInt(0x110000 - 0x10000));
                }
            }
            String key = b.toString();
            assertArrayEquals(expectedUserKey(key), Backing.userKey(key), key);
        }
    }

    @Test
    void keysAreEncodedInPlaceAtAnOffsetWithoutTouchingTheRest() {
        for (String key : KEYS) {
            byte[] expected = expectedUserKey(key);
            byte[] dst = new byte[7 + 1 + 3 * key.length() + 5];
            java.util.Arrays.fill(dst, (byte) 0x5A);
            int n = Backing.encodeUserKey(key, dst, 7);
            assertEquals(expected.length, n, key);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(dst, 7, 7 + n), key);
            for (int i = 0; i < dst.length; i++) {
                if (i < 7 || i >= 7 + n) {
                    assertEquals((byte) 0x5A, dst[i], key + ": byte " + i + " outside the key was written");
                }
            }
        }
    }

    @Test
    void anUnpairedSurrogateIsEncodedAsNoValidUtf8() throws Exception {
        // Reads look before checking the key, so an illegal key must not reach the entry of a legal one.
        for (String key : new String[] {"a\ud800", "\udc00b", "\ud800\ud800\udc00", "\u00e9\udfff"}) {
            byte[] k = Backing.userKey(key);
            assertFalse(java.util.Arrays.equals(expectedUserKey(key), k), key);
            java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
            assertThrows(java.nio.charset.CharacterCodingException.class,
                    () -> strict.decode(java.nio.ByteBuffer.wrap(k, 1, k.length - 1)), key);
        }
    }

    @Test
    void readsOfIllegalKeysFailEvenWhereALegalKeyHasTheSameReplacementBytes() {
        try (KvStore s = provider.open("illegal", ChronicleProviderTest.config(dir))) {
            s.set("a?", Payload.ofUtf8("legal"));
            assertEquals("legal", s.get("a?").toUtf8());
            String tooLong = "k".repeat(s.limits().maxKeyBytes() + 1);
            for (String key : new String[] {"a\ud800", "", tooLong}) {
                KvException get = assertThrows(KvException.class, () -> s.get(key));
                assertEquals(KvException.Reason.INVALID_ARGUMENT, get.reason(), get.getMessage());
                KvException find = assertThrows(KvException.class, () -> s.find(key));
                assertEquals(KvException.Reason.INVALID_ARGUMENT, find.reason(), find.getMessage());
            }
        }
    }

    @Test
    void nonAsciiKeysRoundTripAndAreStoredInTheFileFormat() {
        try (KvStore s = provider.open("layout", ChronicleProviderTest.config(dir))) {
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            for (String key : KEYS) {
                s.set(key, Payload.ofUtf8("value of " + key));
                long head = head(map);
                byte[] stored = map.get(expectedUserKey(key));
                assertNotNull(stored, key);
                // 8-byte big-endian stamp (the counter's value for this write), live flag 0, the payload.
                assertEquals(head, Backing.getLong(stored), key);
                assertEquals(0, stored[8], key);
                assertEquals("value of " + key, new String(stored, 9, stored.length - 9, StandardCharsets.UTF_8));
                byte[] slot = map.get(slotKey(head));
                assertNotNull(slot, "change log slot of " + key);
                assertEquals(head, Backing.getLong(slot));
                assertEquals(key, new String(slot, 16, slot.length - 16, StandardCharsets.UTF_8));
            }
        }
        try (KvStore s = provider.open("layout", ChronicleProviderTest.config(dir))) {
            for (String key : KEYS) {
                assertEquals("value of " + key, s.get(key).toUtf8(), key);
            }
        }
    }

    @Test
    void stampsAreReadInPlaceBigEndian() {
        try (KvStore s = provider.open("stamps", ChronicleProviderTest.config(dir))) {
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            byte[] k = {Backing.META, 'T'};
            map.put(k, new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) 0x88, 0, 42});
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(k)) {
                MapEntry<byte[], byte[]> e = c.entry();
                assertNotNull(e);
                assertEquals(0x0102030405060788L, Backing.readStamp(e.value()));
            }
            map.remove(k);
            s.set("k", Payload.ofUtf8("v"));
            byte[] stored = map.get(Backing.userKey("k"));
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(Backing.userKey("k"))) {
                MapEntry<byte[], byte[]> e = c.entry();
                assertNotNull(e);
                assertEquals(Backing.getLong(stored), Backing.readStamp(e.value()));
            }
        }
    }

    @Test
    void setAndDeleteLeaveNoIntentAndDeleteLeavesAStampedTombstone() {
        try (KvStore s = provider.open("intents", ChronicleProviderTest.config(dir))) {
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            s.set("k", Payload.ofUtf8("one"));
            assertEquals(List.of(), intents(map), "after a set of a new key");
            s.set("k", Payload.ofUtf8("two, longer than one"));
            assertEquals(List.of(), intents(map), "after an overwrite");
            s.delete("k");
            assertEquals(List.of(), intents(map), "after a delete");
            byte[] tomb = map.get(expectedUserKey("k"));
            assertNotNull(tomb, "a delete leaves a tombstone while the store is open");
            assertEquals(9, tomb.length);
            assertEquals(1, tomb[8]);
            assertEquals(head(map), Backing.getLong(tomb));
            assertTrue(s.find("k").isEmpty());
            long before = head(map);
            s.delete("k");
            assertEquals(before, head(map), "a delete of nothing takes no stamp");
            assertEquals(List.of(), intents(map), "after a delete of nothing");
            s.set("k", Payload.ofUtf8("three"));
            assertEquals("three", s.get("k").toUtf8());
            assertEquals(List.of(), intents(map), "after a set over a tombstone");
        }
    }

    @Test
    void writesOfWatchedKeysAreNotReportedAgainByThePoller() throws Exception {
        // The longest poll interval: the test drives the poller itself.
        KvConfig config = KvConfig.builder().set("kv.chronicle.dataDir", dir.toString())
                .set("kv.chronicle.watchPollInterval", "10s").build();
        try (KvStore s = provider.open("watched", config)) {
            Backing backing = ((ChronicleKvStore) s).backing();
            MultiProcessTest.Collector events = new MultiProcessTest.Collector();
            s.events(s.watch("w")).subscribe(events);
            s.set("w", Payload.ofUtf8("1"));
            s.set("gone", Payload.ofUtf8("x"));
            MultiProcessTest.Collector goneEvents = new MultiProcessTest.Collector();
            s.events(s.watch("gone")).subscribe(goneEvents);
            s.delete("gone");
            s.delete("w");
            s.set("w", Payload.ofUtf8("2"));
            // More writes than the change log holds make the next poll rescan every watched key.
            for (int i = 0; i < Backing.RING + 10; i++) {
                s.set("other" + i, Payload.ofUtf8("v"));
            }
            backing.poll();
            s.set("w", Payload.ofUtf8("end"));
            List<String> seen = new ArrayList<>();
            while (!seen.contains("SET end")) {
                KvEvent e = events.queue.poll(10, TimeUnit.SECONDS);
                assertNotNull(e, "events so far: " + seen);
                seen.add(e.kind() + (e.payload() == null ? "" : " " + e.payload().toUtf8()));
            }
            assertEquals(List.of("SET 1", "DELETE", "SET 2", "SET end"), seen);
            assertNull(events.queue.poll(200, TimeUnit.MILLISECONDS));
            KvEvent deleted = goneEvents.queue.poll(10, TimeUnit.SECONDS);
            assertNotNull(deleted);
            assertEquals(KvEvent.Kind.DELETE, deleted.kind());
            assertNull(goneEvents.queue.poll(200, TimeUnit.MILLISECONDS), "the delete was reported again");
        }
    }

    private static long head(ChronicleMap<byte[], byte[]> map) {
        return Backing.getLong(map.get(new byte[] {Backing.META, 'H'}));
    }

    private static byte[] slotKey(long seq) {
        int i = (int) Math.floorMod(seq, (long) Backing.RING);
        return new byte[] {Backing.META, 'L', (byte) (i >>> 8), (byte) i};
    }

    private static List<String> intents(ChronicleMap<byte[], byte[]> map) {
        List<String> out = new ArrayList<>();
        for (byte[] k : map.keySet()) {
            if (k.length >= 2 && k[0] == Backing.META && k[1] == 'I') {
                out.add(java.util.Arrays.toString(k));
            }
        }
        return out;
    }
}
