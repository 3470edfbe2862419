package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery rule for writes a crashed process left half done (white-box: builds the intent records a
 * killed writer leaves, in the provider's layout). An intent is completed unless the key already holds a
 * change with the same or a later stamp; so a stale intent never overwrites a newer acknowledged write, and a
 * delete's tombstone stops a stale intent from bringing a value back.
 */
class IntentReplayTest {

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    private static byte[] intentKey(long writer, long seq) {
        byte[] k = new byte[18];
        k[0] = Backing.META;
        k[1] = 'I';
        byte[] w = new byte[8];
        Backing.putLong(w, writer);
        System.arraycopy(w, 0, k, 2, 8);
        byte[] s = new byte[8];
        Backing.putLong(s, seq);
        System.arraycopy(s, 0, k, 10, 8);
        return k;
    }

    private static byte[] intentValue(String key, long seq, String value) {
        byte[] k = Backing.userKey(key);
        byte[] payload = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[9 + payload.length];
        Backing.putLong(v, seq);
        v[8] = (byte) (value == null ? 1 : 0);
        System.arraycopy(payload, 0, v, 9, payload.length);
        byte[] iv = new byte[4 + k.length + v.length];
        iv[3] = (byte) k.length;
        System.arraycopy(k, 0, iv, 4, k.length);
        System.arraycopy(v, 0, iv, 4 + k.length, v.length);
        return iv;
    }

    private static long head(ChronicleMap<byte[], byte[]> map) {
        return Backing.getLong(map.get(new byte[] {Backing.META, 'H'}));
    }

    private static List<byte[]> keysWithPrefix(ChronicleMap<byte[], byte[]> map, byte first, Byte second) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : map.keySet()) {
            if (k[0] == first && (second == null || (k.length > 1 && k[1] == second))) {
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void leftoverIntentsAreCompletedOnlyWhenNothingNewerHappenedToTheirKey() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        long head;
        try (KvStore s = provider.open("replay", config)) {
            s.set("newer", Payload.ofUtf8("old"));
            s.set("newer", Payload.ofUtf8("acknowledged"));
            s.set("deleted", Payload.ofUtf8("v"));
            s.delete("deleted");
            s.set("torn", Payload.ofUtf8("before"));
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            head = head(map);
            long dead = 12345;
            // Stale: older than what the key holds now (a live writer wrote after the crashed one).
            map.put(intentKey(dead, 1), intentValue("newer", 1, "stale"));
            map.put(intentKey(dead, 2), intentValue("deleted", 2, "resurrected"));
            // Pending: the crashed writer had not applied them (or was killed while applying).
            map.put(intentKey(dead, head + 1), intentValue("missing", head + 1, "pending"));
            map.put(intentKey(dead, head + 2), intentValue("torn", head + 2, "completed"));
            map.put(intentKey(dead, head + 3), intentValue("newer2", head + 3, null));
        }
        // A slot of a process that died without closing: the next open recovers.
        try (RandomAccessFile raf = new RandomAccessFile(
                StoreFiles.lockFile(dir.toAbsolutePath().normalize(), "replay").toFile(), "rw")) {
            raf.seek(64);
            raf.writeLong(999_999_999L);
        }
        try (KvStore s = provider.open("replay", config)) {
            assertEquals("acknowledged", s.get("newer").toUtf8());
            assertTrue(s.find("deleted").isEmpty());
            assertEquals("pending", s.get("missing").toUtf8());
            assertEquals("completed", s.get("torn").toUtf8());
            assertTrue(s.find("newer2").isEmpty());
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            assertEquals(List.of(), keysWithPrefix(map, Backing.META, (byte) 'I'), "intents left");
            assertTrue(head(map) >= head + 3, "the counter must stay above every stamp in use");
            s.set("after", Payload.ofUtf8("x"));
            assertEquals("x", s.get("after").toUtf8());
        }
    }

    @Test
    void tombstonesArePurgedWhenTheStoreIsOpenedByOneProcessAlone() {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore s = provider.open("tombs", config)) {
            for (int i = 0; i < 50; i++) {
                s.set("k" + i, Payload.ofUtf8("v"));
            }
            for (int i = 0; i < 50; i += 2) {
                s.delete("k" + i);
            }
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            assertEquals(50, keysWithPrefix(map, Backing.USER, null).size(), "deletes leave tombstones");
        }
        try (KvStore s = provider.open("tombs", config)) {
            @SuppressWarnings("unchecked")
            ChronicleMap<byte[], byte[]> map = s.unwrap(ChronicleMap.class);
            assertEquals(25, keysWithPrefix(map, Backing.USER, null).size());
            for (int i = 0; i < 50; i++) {
                assertEquals(i % 2 == 1, s.find("k" + i).isPresent());
            }
            assertFalse(s.find("k0").isPresent());
        }
    }
}
