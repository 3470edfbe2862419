package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where pairs live: encoded, never joined, and placed in Cluster slots as the README says. */
class LayoutTest {

    private static final List<String> PARTS = List.of("a", "b", "a/b", "a%2Fb", "a%b", "%", "/", "//", "{", "}",
            "{}", "}{", "{a}", "a:b", ":", "a:", ":b", "x", "x.", "./x", "é", "e\u0301", "日本", "\uD83D\uDE00", " ",
            "a b", "%25", "%7B", "%7D", "\u0000", "kv:{a/b}");

    @Test
    void noTwoStoreKeyPairsShareAHashOrAChannel() {
        Layout layout = new Layout("kv");
        Map<String, String> hashes = new HashMap<>();
        Set<String> channels = new HashSet<>();
        for (String store : PARTS) {
            for (String key : PARTS) {
                String hash = new String(layout.hashKey(store, key), StandardCharsets.UTF_8);
                String before = hashes.put(hash, store + " | " + key);
                assertEquals(null, before, () -> "(" + store + ", " + key + ") collides with " + hashes.get(hash));
                assertTrue(channels.add(new String(layout.channel(store, key), StandardCharsets.UTF_8)));
                assertTrue(hash.startsWith("kv:{"), hash);
            }
        }
    }

    @Test
    void namespacesNeverMeet() {
        Set<String> seen = new HashSet<>();
        for (String ns : List.of("kv", "kv:", "kv:a", "k", "a")) {
            Layout layout = new Layout(ns);
            for (String store : PARTS) {
                for (String key : PARTS) {
                    assertTrue(seen.add(new String(layout.hashKey(store, key), StandardCharsets.UTF_8)),
                            () -> ns + " " + store + " " + key);
                }
            }
        }
    }

    @Test
    void aKeysHashAndChannelShareASlotWhileAStoresKeysSpreadOverSlots() {
        Layout layout = new Layout("kv");
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = "key-" + i;
            int slot = SlotHash.getSlot(layout.hashKey("orders", key));
            assertEquals(slot, SlotHash.getSlot(layout.channel("orders", key)), key);
            slots.add(slot);
        }
        // 1,000 keys hashed over 16,384 slots: a store pinned to one slot (one node) would give 1.
        assertTrue(slots.size() > 900, "keys of one store landed in only " + slots.size() + " slots");
    }

    @Test
    void bracesInStoreOrKeyDoNotChangeTheHashTag() {
        Layout layout = new Layout("kv");
        // The tag is everything between the first '{' and the first '}' after it: escaped braces keep it whole.
        String hash = new String(layout.hashKey("s}", "{k"), StandardCharsets.UTF_8);
        assertEquals("kv:{s%7D/%7Bk}", hash);
    }
}
