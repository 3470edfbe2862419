package dev.kv.micrometer.internal;

import dev.kv.api.KvStore;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

/** The Micrometer side of {@link MetricsDecorator}, loaded only once Micrometer is known to be present. */
final class GlobalRegistry {

    private GlobalRegistry() {
    }

    static KvStore monitor(KvStore store, int sampleEvery) {
        return InstrumentedKvStore.wrap(Metrics.globalRegistry, store, Tags.empty(), sampleEvery);
    }
}
