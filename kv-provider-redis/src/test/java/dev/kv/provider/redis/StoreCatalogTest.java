package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.StoreInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stores} and {@code drop} on a real server: a redis store is its keys under the namespace, listed by
 * scanning, and dropped only while no process holds a lease on it (each open registers one, renewed while open).
 * {@link RedisClusterConformanceTest} runs {@link #listAndDrop} against a Cluster.
 */
class StoreCatalogTest {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();

    private static KvConfig config(String namespace) {
        return config(SERVER.get().uri(), namespace);
    }

    static KvConfig config(String uri, String namespace) {
        return KvConfig.builder().set("kv.redis.uri", uri).set("kv.redis.namespace", namespace).build();
    }

    private static void fill(KvConfig config, String store, String... keys) {
        try (KvStore s = new RedisKvProvider().open(store, config)) {
            for (String k : keys) {
                s.set(k, Payload.ofUtf8("value of " + k));
            }
        }
    }

    private static List<String> names(List<StoreInfo> stores) {
        return stores.stream().map(s -> s.name().orElseThrow()).toList();
    }

    private static String registry(String namespace, String store) {
        return new String(new Layout(namespace).registryKey(store), StandardCharsets.UTF_8);
    }

    /** Listing and dropping, the same on a standalone server and a Cluster (whose stores spread over slots). */
    static void listAndDrop(String uri, String namespace) {
        KvConfig config = config(uri, namespace);
        RedisKvProvider provider = new RedisKvProvider();
        assertEquals(List.of(), provider.stores(config), "no store yet");
        String[] many = new String[1500]; // more than one SCAN page, on more than one Cluster node
        for (int i = 0; i < many.length; i++) {
            many[i] = "k" + i;
        }
        fill(config, "b", many);
        fill(config, "a", "x");
        fill(config, "a/b", "x", "y/z");
        fill(config, "ab", "x");
        fill(config, "{x}%*?[\\", "x");
        fill(config, "gone", "x");
        try (KvStore s = provider.open("gone", config)) {
            s.delete("x"); // a tombstone alone: the store holds no key
        }
        fill(config(uri, namespace + ":other"), "c", "x"); // another namespace whose name starts with this one
        List<StoreInfo> listed = provider.stores(config);
        assertEquals(List.of("a", "a/b", "ab", "b", "{x}%*?[\\"), names(listed), "by name, each once, names decoded");
        assertTrue(listed.get(0).location().endsWith("namespace '" + namespace + "', 1 key"), listed.get(0).location());
        assertTrue(listed.get(1).location().endsWith(", 2 keys"), listed.get(1).location());
        assertTrue(listed.get(3).location().endsWith(", 1500 keys"), listed.get(3).location());
        assertTrue(listed.get(0).bytes().isEmpty(), "Redis does not tell a store's bytes cheaply");
        assertEquals(listed.get(3).location(), provider.store("b", config).orElseThrow().location(),
                "store(name) finds what the listing lists, scanning that store's keys only");
        assertEquals(listed.get(1).location(), provider.store("a/b", config).orElseThrow().location());
        assertEquals(Optional.empty(), provider.store("gone", config), "a store of tombstones only does not exist");
        assertEquals(Optional.empty(), provider.store("never", config));
        assertEquals(Optional.empty(), provider.store("a/", config), "a prefix of a store's name is no store");

        provider.drop("a", config);
        provider.drop("b", config);
        assertEquals(List.of("a/b", "ab", "{x}%*?[\\"), names(provider.stores(config)), "only the dropped go");
        try (KvStore a = provider.open("a", config); KvStore b = provider.open("b", config);
             KvStore ab = provider.open("a/b", config)) {
            assertEquals(Optional.empty(), a.find("x"));
            assertEquals(Optional.empty(), b.find("k0"));
            assertEquals(Optional.empty(), b.find("k1499"));
            assertEquals("value of y/z", ab.get("y/z").toUtf8(), "a store whose name starts with a dropped one's stays");
        }
        KvException none = assertThrows(KvException.class, () -> provider.drop("gone", config));
        assertEquals(KvException.Reason.NOT_FOUND, none.reason());
        assertTrue(none.getMessage().startsWith("no redis store 'gone' at ") && none.getMessage().endsWith(
                " in namespace '" + namespace + "' (it holds no key); nothing was removed"), none.getMessage());
        assertEquals(List.of("c"), names(provider.stores(config(uri, namespace + ":other"))));
    }

    @Test
    void storesAreListedByNameWithTheirKeyCountsAndDropRemovesOneStoreOnly() {
        listAndDrop(SERVER.get().uri(), "catalog");
        assertEquals("0", SERVER.get().call("EXISTS", new String(new Layout("catalog").hashKey("a", "x"),
                StandardCharsets.UTF_8)), "the dropped store's hashes are gone from the server");
        assertEquals("0", SERVER.get().call("EXISTS", registry("catalog", "a")), "and its registry");
    }

    @Test
    void dropRefusesWhileAHandleIsOpenNamingTheProcessAndChangesNothing() {
        KvConfig config = config("held");
        RedisKvProvider provider = new RedisKvProvider();
        String self = "process " + ProcessHandle.current().pid();
        try (KvStore first = provider.open("orders", config)) {
            first.set("k", Payload.ofUtf8("kept"));
            // Another timeout is another set of connections: as another process would, it registers on its own.
            KvStore second = provider.open("orders", KvConfig.builder().set("kv.redis.uri", SERVER.get().uri())
                    .set("kv.redis.namespace", "held").set("kv.redis.timeout", "7s").build());
            first.close();
            KvException e = assertThrows(KvException.class, () -> provider.drop("orders", config));
            assertEquals(KvException.Reason.STORAGE, e.reason());
            assertTrue(e.getMessage().startsWith("redis store 'orders' at ") && e.getMessage().contains(
                    " is open in " + self + " on ") && e.getMessage().endsWith("; close it there first; nothing was"
                    + " removed"), e.getMessage());
            assertEquals("kept", second.get("k").toUtf8(), "a refused drop changes nothing");
            second.close();
        }
        provider.drop("orders", config);
        assertEquals(List.of(), provider.stores(config));
    }

    @Test
    void aLeaseNotRenewedExpiresSoAProcessThatDiedDoesNotHoldTheStoreForever() {
        KvConfig config = config("lease");
        RedisKvProvider provider = new RedisKvProvider();
        fill(config, "orders", "k");
        String registry = registry("lease", "orders");
        SERVER.get().call("HSET", registry, "pid 4242 on elsewhere#1", "99999999999999");
        KvException e = assertThrows(KvException.class, () -> provider.drop("orders", config));
        assertTrue(e.getMessage().contains(" is open in process 4242 on elsewhere;"), e.getMessage());
        SERVER.get().call("HSET", registry, "pid 4242 on elsewhere#1", "1"); // its lease ended long ago
        provider.drop("orders", config);
        assertEquals(List.of(), provider.stores(config));
    }

    @Test
    void openWhileADropIsUnderWayIsRefusedAndWorksAfterIt() {
        KvConfig config = config("dropping");
        String registry = registry("dropping", "orders");
        SERVER.get().call("HSET", registry, "!drop", "99999999999999");
        KvException e = assertThrows(KvException.class, () -> new RedisKvProvider().open("orders", config));
        assertEquals(KvException.Reason.STORAGE, e.reason());
        assertTrue(e.getMessage().contains("redis store 'orders'") && e.getMessage().contains("is being dropped"),
                e.getMessage());
        SERVER.get().call("HSET", registry, "!drop", "1"); // a drop that died: its mark ends like a lease
        try (KvStore s = new RedisKvProvider().open("orders", config)) {
            s.set("k", Payload.ofUtf8("v"));
        }
        assertEquals(List.of("orders"), names(new RedisKvProvider().stores(config)));
    }

    @Test
    void anOpenHandleRenewsItsLeaseAndClosingTheLastEndsIt() {
        KvConfig config = config("renew");
        String registry = registry("renew", "orders");
        try (KvStore s = new RedisKvProvider().open("orders", config)) {
            String fields = SERVER.get().call("HGETALL", registry);
            assertTrue(fields.startsWith("pid " + ProcessHandle.current().pid() + " on "), fields);
            long ttl = Long.parseLong(SERVER.get().call("PTTL", registry));
            assertTrue(ttl > 0, "the registry expires if nobody renews it: " + ttl);
        }
        assertEquals("0", SERVER.get().call("HLEN", registry), "closing removes the lease");
    }

    @Test
    void badNamesAndPropertiesAreRefusedBeforeAnythingIsTouched() {
        RedisKvProvider provider = new RedisKvProvider();
        KvException name = assertThrows(KvException.class, () -> provider.drop("", config("bad")));
        assertEquals(KvException.Reason.INVALID_ARGUMENT, name.reason());
        KvConfig misspelt = config("bad").with("kv.redis.namespaec", "x");
        for (KvException e : List.of(assertThrows(KvException.class, () -> provider.stores(misspelt)),
                assertThrows(KvException.class, () -> provider.drop("s", misspelt)))) {
            assertEquals(KvException.Reason.CONFIGURATION, e.reason());
            assertTrue(e.getMessage().contains("kv.redis.namespaec"), e.getMessage());
        }
        KvException unreachable = assertThrows(KvException.class, () -> provider.stores(
                config("redis://127.0.0.1:" + RedisServer.freePort(), "bad")));
        assertEquals(KvException.Reason.STORAGE, unreachable.reason());
        assertFalse(unreachable.getMessage().isEmpty());
    }
}
