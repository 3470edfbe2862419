package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.KvStoreDecorator;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        System.clearProperty(KvMetrics.SAMPLE_EVERY_PROPERTY);
        System.clearProperty(KvStoreDecorator.DISABLE_PROPERTY);
    }

    private long sets(String store) {
        return (long) registry.get(KvMetrics.OPERATIONS).tags("store", store, "op", "set", "outcome", "success")
                .functionCounter().count();
    }

    private long timedSets(String store) {
        return registry.get(KvMetrics.OPERATION_DURATION).tags("store", store, "op", "set", "outcome", "success")
                .timer().count();
    }

    /** Sets {@code calls} times, then checks the count is exact and returns how many sets were timed. */
    private long setAndCount(KvStore store, int calls) {
        for (int i = 0; i < calls; i++) {
            store.set("k", Payload.ofUtf8("v" + i));
        }
        assertEquals(calls, sets(store.name()));
        return timedSets(store.name());
    }

    @Test
    void storesOpenedThroughKvAreInstrumentedWithTheGlobalRegistry() {
        try (KvStore store = Kv.builder().provider("memory").open("global-memory")) {
            store.set("k", Payload.ofUtf8("v"));
            store.set("k", Payload.ofUtf8("w"));
            assertEquals("w", store.get("k").toUtf8());
            assertEquals(2, sets("global-memory"));
            assertEquals("memory", registry.get(KvMetrics.OPERATIONS).tags("store", "global-memory").functionCounter()
                    .getId().getTag("provider"));
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
            assertEquals("test", registry.get(KvMetrics.OPERATIONS).tags("store", "global-test").functionCounter()
                    .getId().getTag("provider"));
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
    void byDefaultTheDecoratorSamplesAndCountsEveryCall() {
        try (KvStore store = Kv.builder().provider(new TestProvider()).open("global-default-rate")) {
            long timed = setAndCount(store, 2000);
            // 1 in 256 of 2000: about 8; all 2000 only if sampling were off.
            assertTrue(timed < 2000 / 8, "timed " + timed);
        }
    }

    @Test
    void kvMetricsSampleEveryInTheConfigurationSetsTheRate() {
        try (KvStore store = Kv.builder().provider(new TestProvider()).set(KvMetrics.SAMPLE_EVERY_PROPERTY, "1")
                .open("global-rate-config")) {
            assertEquals(50, setAndCount(store, 50));
        }
    }

    @Test
    void kvMetricsSampleEveryAsASystemPropertySetsTheRateAndTheConfigurationWins() {
        System.setProperty(KvMetrics.SAMPLE_EVERY_PROPERTY, " 1 ");
        try (KvStore store = Kv.builder().provider(new TestProvider()).open("global-rate-property")) {
            assertEquals(50, setAndCount(store, 50));
        }
        try (KvStore store = Kv.builder().provider(new TestProvider()).set(KvMetrics.SAMPLE_EVERY_PROPERTY, "1024")
                .open("global-rate-both")) {
            assertTrue(setAndCount(store, 2000) < 2000);
        }
    }

    /** The test provider, keeping the handles it opens. */
    private static final class Opened implements KvProvider {
        final TestProvider delegate = new TestProvider();
        final List<KvStore> handles = new ArrayList<>();

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            KvStore store = delegate.open(name, config);
            handles.add(store);
            return store;
        }
    }

    @Test
    void aSampleEveryThatIsNotAPowerOfTwoFailsTheOpenNamingThePropertyAndTheValue() {
        Opened provider = new Opened();
        for (String bad : new String[] {"48", "0", "-64", "abc", "2147483648", ""}) {
            KvException e = assertThrows(KvException.class, () -> Kv.builder().provider(provider)
                    .set(KvMetrics.SAMPLE_EVERY_PROPERTY, bad).open("global-bad-rate"));
            assertEquals(KvException.Reason.CONFIGURATION, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("invalid value '" + bad + "' for property kv.metrics.sampleEvery"
                    + " (from configuration)"), e.getMessage());
        }
        System.setProperty(KvMetrics.SAMPLE_EVERY_PROPERTY, "100");
        KvException e = assertThrows(KvException.class,
                () -> Kv.builder().provider(provider).open("global-bad-rate"));
        assertEquals("invalid value '100' for property kv.metrics.sampleEvery (from system property): expected a"
                + " power of two from 1 (every call) to 1073741824, such as 1, 16, 64 or 1024", e.getMessage());
        // The provider's handles were closed when the decorator refused them: the caller never got them.
        assertEquals(7, provider.handles.size());
        assertTrue(provider.handles.stream().noneMatch(KvStore::isOpen));
        assertTrue(registry.find(KvMetrics.OPERATIONS).tags("store", "global-bad-rate").meters().isEmpty());
        // With the decorator off, the property is not read.
        try (KvStore store = Kv.builder().provider(provider).set(KvMetrics.ENABLED_PROPERTY, "false")
                .set(KvMetrics.SAMPLE_EVERY_PROPERTY, "48").open("global-bad-rate-off")) {
            store.set("k", Payload.ofUtf8("v"));
        }
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
