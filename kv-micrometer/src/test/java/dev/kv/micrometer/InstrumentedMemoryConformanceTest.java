package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole conformance kit against memory stores whose handles are instrumented: an instrumented handle keeps every
 * clause of SPEC.md its provider keeps (results, exceptions, events, demand, cancellation, close).
 */
class InstrumentedMemoryConformanceTest extends KvProviderTck {

    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static final KvProvider METERED = new MeteredProvider(Kv.provider("memory"), REGISTRY);

    /** Guards against a kit that passes without ever going through an instrumented handle. */
    @AfterAll
    static void theKitWentThroughInstrumentedHandles() {
        double sets = REGISTRY.find(KvMetrics.OPERATIONS).tags("op", "set", "outcome", "success").functionCounters()
                .stream().mapToDouble(FunctionCounter::count).sum();
        double watched = REGISTRY.find(KvMetrics.WATCH_EVENTS_DELIVERED).counters().stream()
                .mapToDouble(Counter::count).sum();
        assertTrue(sets > 0 && watched > 0, "sets " + sets + ", events delivered " + watched);
    }

    @Override
    protected KvProvider provider() {
        return METERED;
    }

    @Override
    protected KvConfig expiringConfiguration(Path directory, Duration ttl) {
        return KvConfig.builder().set("kv.memory.expireAfterWrite", ttl.toMillis() + "ms").build();
    }

    @Override
    protected KvConfig boundedConfiguration(Path directory, long maximumBytes) {
        return KvConfig.builder().set("kv.memory.maximumBytes", Long.toString(maximumBytes)).build();
    }
}
