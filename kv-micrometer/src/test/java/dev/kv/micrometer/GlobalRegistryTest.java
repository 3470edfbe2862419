package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.KvStoreDecorator;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With this module present, stores opened through Kv are instrumented with the global registry, unless turned off. */
class GlobalRegistryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addToGlobal() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeFromGlobal() {
        Metrics.removeRegistry(registry);
        System.clearProperty(KvMetrics.ENABLED_PROPERTY);
        System.clearProperty(KvStoreDecorator.DISABLE_PROPERTY);
    }

    private long sets(String store) {
        return registry.get(KvMetrics.OPERATIONS).tags("store", store, "op", "set", "outcome", "success").timer().count();
    }

    @Test
    void storesOpenedThroughKvAreInstrumentedWithTheGlobalRegistry() {
        try (KvStore store = Kv.builder().provider("memory").open("global-memory")) {
            store.set("k", Payload.ofUtf8("v"));
            store.set("k", Payload.ofUtf8("w"));
            assertEquals("w", store.get("k").toUtf8());
            assertEquals(2, sets("global-memory"));
            assertEquals("memory", registry.get(KvMetrics.OPERATIONS).tags("store", "global-memory").timer().getId()
                    .getTag("provider"));
            assertEquals(1.0, registry.get("cache.gets").tags("cache", "global-memory", "result", "hit")
                    .functionCounter().count(), "the provider's binder runs on this path too");
            try (KvStore other = Kv.provider("memory").open("global-memory", KvConfig.empty())) {
                assertSame(other.unwrap(Cache.class), store.unwrap(Cache.class), "unwrap reaches the provider's cache");
            }
        }
        assertTrue(registry.find("cache.gets").tags("cache", "global-memory").meters().isEmpty());
    }

    @Test
    void anyProviderIsInstrumented() {
        try (KvStore store = Kv.builder().provider(new TestProvider()).open("global-test")) {
            store.set("k", Payload.ofUtf8("v"));
            assertEquals(1, sets("global-test"));
            assertEquals("test", registry.get(KvMetrics.OPERATIONS).tags("store", "global-test").timer().getId()
                    .getTag("provider"));
        }
    }

    @Test
    void kvMetricsEnabledFalseInTheConfigurationTurnsItOff() {
        try (KvStore store = Kv.builder().provider("memory").set(KvMetrics.ENABLED_PROPERTY, "false")
                .open("global-off-config")) {
            store.set("k", Payload.ofUtf8("v"));
        }
        assertTrue(registry.find(KvMetrics.OPERATIONS).tags("store", "global-off-config").meters().isEmpty());
        assertTrue(registry.find("cache.gets").tags("cache", "global-off-config").meters().isEmpty());
    }

    @Test
    void kvMetricsEnabledFalseAsASystemPropertyTurnsItOff() {
        System.setProperty(KvMetrics.ENABLED_PROPERTY, "false");
        try (KvStore store = Kv.builder().provider(new TestProvider()).open("global-off-property")) {
            store.set("k", Payload.ofUtf8("v"));
        }
        assertTrue(registry.find(KvMetrics.OPERATIONS).tags("store", "global-off-property").meters().isEmpty());
        System.setProperty(KvMetrics.ENABLED_PROPERTY, "true");
        try (KvStore store = Kv.builder().provider(new TestProvider()).open("global-on-property")) {
            store.set("k", Payload.ofUtf8("v"));
        }
        assertEquals(1, sets("global-on-property"));
    }

    @Test
    void aValueOtherThanTrueOrFalseKeepsTheDefault() {
        try (KvStore store = Kv.builder().provider(new TestProvider()).set(KvMetrics.ENABLED_PROPERTY, "no")
                .open("global-unreadable")) {
            store.set("k", Payload.ofUtf8("v"));
        }
        assertEquals(1, sets("global-unreadable"), "instrumented, with a warning naming the value");
    }

    @Test
    void kvDecoratorsDisabledTurnsItOff() {
        System.setProperty(KvStoreDecorator.DISABLE_PROPERTY, "true");
        try (KvStore store = Kv.builder().provider(new TestProvider()).open("global-no-decorators")) {
            store.set("k", Payload.ofUtf8("v"));
        }
        assertTrue(registry.find(KvMetrics.OPERATIONS).tags("store", "global-no-decorators").meters().isEmpty());
    }
}
