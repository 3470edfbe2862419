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

    @Test
    void everyHashNamesItsStoreBackAndARegistryIsNoStoresHash() {
        Layout layout = new Layout("kv");
        for (String store : PARTS) {
            byte[] registry = layout.registryKey(store);
            assertEquals(null, layout.storeOf(registry), "a registry is not a data hash: " + store);
            assertEquals(SlotHash.getSlot(registry), SlotHash.getSlot(utf8("{" + enc(store) + "}")));
            for (String key : PARTS) {
                assertEquals(store, layout.storeOf(layout.hashKey(store, key)), () -> store + " | " + key);
                assertTrue(!java.util.Arrays.equals(registry, layout.hashKey(store, key)));
            }
            assertEquals(null, new Layout("kv:x").storeOf(layout.hashKey(store, "k")), "another namespace's hash");
            assertEquals(null, new Layout("k").storeOf(layout.hashKey(store, "k")));
        }
    }

    @Test
    void scanPatternsMatchTheirStoreOnlyWhateverGlobCharactersTheNamesHold() {
        for (String namespace : List.of("kv", "a*b", "q?[x]\\")) {
            Layout layout = new Layout(namespace);
            for (String store : List.of("a", "*", "?", "[ab]", "\\", "a/b", "{x}", "a*")) {
                String pattern = new String(layout.storeKeysPattern(store), StandardCharsets.UTF_8);
                for (String other : List.of("a", "*", "?", "[ab]", "\\", "a/b", "{x}", "a*", "b", "aa", "\\a")) {
                    String hash = new String(layout.hashKey(other, "k"), StandardCharsets.UTF_8);
                    assertEquals(other.equals(store), Glob.matches(pattern, hash), () -> pattern + " vs " + hash);
                }
                String all = new String(layout.namespacePattern(), StandardCharsets.UTF_8);
                assertTrue(Glob.matches(all, new String(layout.hashKey(store, "k"), StandardCharsets.UTF_8)));
                assertTrue(!Glob.matches(all, new String(new Layout(namespace + "x").hashKey(store, "k"),
                        StandardCharsets.UTF_8)));
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        StringBuilder b = new StringBuilder();
        Layout.escape(b, s);
        return b.toString();
    }

    /** Redis's glob matching (stringmatchlen) for the subset kv's patterns use: '*', '?', '[...]', '\\'. */
    static final class Glob {
        static boolean matches(String pattern, String text) {
            return match(pattern, 0, text, 0);
        }

        private static boolean match(String p, int i, String t, int j) {
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '*') {
                    for (int k = j; k <= t.length(); k++) {
                        if (match(p, i + 1, t, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (j >= t.length()) {
                    return false;
                }
                if (c == '?') {
                    i++;
                    j++;
                    continue;
                }
                if (c == '[') {
                    int end = p.indexOf(']', i + 1);
                    if (p.substring(i + 1, end).indexOf(t.charAt(j)) < 0) {
                        return false;
                    }
                    i = end + 1;
                    j++;
                    continue;
                }
                if (c == '\\' && i + 1 < p.length()) {
                    c = p.charAt(++i);
                }
                if (c != t.charAt(j)) {
                    return false;
                }
                i++;
                j++;
            }
            return j == t.length();
        }
    }
}
