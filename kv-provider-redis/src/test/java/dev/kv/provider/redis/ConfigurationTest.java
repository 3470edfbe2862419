package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.spi.ConfigProperty;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configuration properties, read without any server (SPEC.md CONF clauses). */
class ConfigurationTest {

    private static final String SECRET = "s3cr3t-Pa55";

    private static RedisSettings read(String... pairs) {
        KvConfig.Builder b = KvConfig.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return RedisSettings.from("orders", b.build());
    }

    private static KvException refused(String... pairs) {
        return assertThrows(KvException.class, () -> read(pairs));
    }

    @Test
    void theDefaultsAreALocalServerAShortTimeoutAndOneMebibytePayloads() {
        RedisSettings s = read();
        assertEquals(ServerAddress.Mode.AUTO, s.servers().mode());
        assertEquals("redis://127.0.0.1:6379", s.servers().display());
        assertEquals("kv", s.namespace());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(1 << 20, s.maxPayloadBytes());
        assertEquals(4096, s.maxKeyBytes());
        assertEquals(10_000, s.requestQueueSize());
        assertEquals(0, s.replicas());
        assertEquals(Duration.ofHours(1), s.tombstoneTtl());
        assertEquals(Optional.of("KV_REDIS_URI"), RedisSettings.URI.environmentVariable());
        assertEquals(Optional.of("KV_REDIS_PASSWORD"), RedisSettings.PASSWORD.environmentVariable());
        assertEquals(Optional.of("KV_REDIS_USER"), RedisSettings.USER.environmentVariable());
    }

    @Test
    void everyPropertyIsDocumentedUnderThePrefix() {
        for (ConfigProperty<?> p : new RedisKvProvider().configProperties()) {
            assertTrue(p.name().startsWith("kv.redis.") || p.name().equals("kv.watch.bufferSize"), p.name());
            assertFalse(p.description().isBlank(), p.name());
        }
    }

    @Test
    void payloadsUpTo512MebibytesCanBeAllowed() {
        assertEquals(64 << 20, read("kv.redis.maxPayloadBytes", "64MiB").maxPayloadBytes());
        assertEquals(512 << 20, read("kv.redis.maxPayloadBytes", "512MiB").maxPayloadBytes());
        KvException e = refused("kv.redis.maxPayloadBytes", "513MiB");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kv.redis.maxPayloadBytes"), e.getMessage());
    }

    @Test
    void anUnknownPropertyUnderThePrefixIsRefusedByName() {
        KvException e = refused("kv.redis.timeOut", "1s");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kv.redis.timeOut") && e.getMessage().contains("orders"), e.getMessage());
    }

    @Test
    void severalUrisAreClusterSeedsAndASentinelUriIsSentinel() {
        assertEquals(ServerAddress.Mode.CLUSTER,
                read("kv.redis.uri", "redis://127.0.0.1:7000, redis://127.0.0.1:7001").servers().mode());
        assertEquals(ServerAddress.Mode.SENTINEL,
                read("kv.redis.uri", "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster").servers().mode());
        assertEquals(ServerAddress.Mode.STANDALONE,
                read("kv.redis.uri", "rediss://cache.example:6380", "kv.redis.mode", "standalone").servers().mode());
        assertEquals(KvException.Reason.CONFIGURATION,
                refused("kv.redis.uri", "redis://a:1,redis://b:2", "kv.redis.mode", "standalone").reason());
        assertEquals(KvException.Reason.CONFIGURATION, refused("kv.redis.mode", "ring").reason());
    }

    @Test
    void aUriThatIsNotRedisIsRefusedWithoutItsPassword() {
        KvException e = refused("kv.redis.uri", "http://admin:" + SECRET + "@host:80");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kv.redis.uri"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void thePasswordNeverAppearsInTheSettingsOrTheirDescription() {
        RedisSettings fromUri = read("kv.redis.uri", "redis://app:" + SECRET + "@127.0.0.1:6379");
        assertEquals("app", fromUri.user());
        assertEquals(SECRET, fromUri.password());
        RedisSettings fromProperty = read("kv.redis.password", SECRET, "kv.redis.user", "svc");
        assertEquals(SECRET, fromProperty.password());
        for (RedisSettings s : new RedisSettings[] {fromUri, fromProperty}) {
            assertFalse(s.toString().contains(SECRET), s.toString());
            assertFalse(s.describeServer().contains(SECRET), s.describeServer());
            assertFalse(s.connectionIdentity().toString().contains(SECRET));
            assertFalse(s.servers().toString().contains(SECRET));
        }
        assertTrue(fromProperty.describeServer().contains("'svc'"), fromProperty.describeServer());
    }

    @Test
    void aSecondOpenWithOtherSettingsIsRefusedNamingEachPropertyAndNeverThePassword() {
        RedisSettings open = read("kv.redis.password", SECRET, "kv.redis.maxPayloadBytes", "2MiB");
        assertTrue(open.differences(read("kv.redis.password", SECRET, "kv.redis.maxPayloadBytes", "2MiB")).isEmpty());
        KvException e = open.differences(read("kv.redis.password", "other-" + SECRET, "kv.redis.maxPayloadBytes",
                "3MiB", "kv.redis.tombstoneTtl", "2h")).refusal("redis store 'orders'");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        String m = e.getMessage();
        assertTrue(m.startsWith("redis store 'orders' is already open"), m);
        assertTrue(m.contains("kv.redis.password") && m.contains("kv.redis.maxPayloadBytes")
                && m.contains("kv.redis.tombstoneTtl"), m);
        assertTrue(m.contains("2097152") && m.contains("3145728"), m);
        assertFalse(m.contains(SECRET), m);
        assertFalse(m.contains("kv.redis.timeout") || m.contains("kv.redis.namespace"), m);
    }

    @Test
    void aNamespaceWithABraceIsRefusedBecauseItWouldMoveKeysBetweenSlots() {
        KvException e = refused("kv.redis.namespace", "a{b}");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kv.redis.namespace"), e.getMessage());
    }

    @Test
    void aZeroTimeoutIsRefused() {
        KvException e = refused("kv.redis.timeout", "0");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("kv.redis.timeout"), e.getMessage());
    }

    @Test
    void aTombstoneTtlBelowOneMillisecondIsRefused() {
        for (String value : new String[] {"0s", "0ms"}) {
            KvException e = refused("kv.redis.tombstoneTtl", value);
            assertEquals(KvException.Reason.CONFIGURATION, e.reason());
            assertTrue(e.getMessage().contains("kv.redis.tombstoneTtl") && e.getMessage().contains("at least 1 ms"),
                    e.getMessage());
        }
        assertEquals(Duration.ofMillis(1), read("kv.redis.tombstoneTtl", "1ms").tombstoneTtl());
    }

    @Test
    void theRequestQueueIsBounded() {
        assertEquals(KvException.Reason.CONFIGURATION, refused("kv.redis.requestQueueSize", "0").reason());
        assertEquals(100, read("kv.redis.requestQueueSize", "100").requestQueueSize());
    }
}
