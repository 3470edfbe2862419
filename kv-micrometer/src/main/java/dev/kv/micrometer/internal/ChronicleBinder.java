package dev.kv.micrometer.internal;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.micrometer.KvMetrics;
import dev.kv.micrometer.KvStoreMeterBinder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * Occupancy gauges for stores that unwrap to a {@link ChronicleMap} (the chronicle provider): entries, the share of
 * the map's space in use, and off-heap bytes. The gauges hold the map weakly and report {@code NaN} once it is
 * closed; they are removed when the store's last instrumented handle closes. Loaded only when Chronicle Map is
 * present.
 */
final class ChronicleBinder implements KvStoreMeterBinder {

    private ChronicleBinder() {
    }

    static KvStoreMeterBinder create() {
        return new ChronicleBinder();
    }

    @Override
    public List<Meter> bindTo(KvStore store, MeterRegistry registry, Tags tags) {
        ChronicleMap<?, ?> map;
        try {
            map = store.unwrap(ChronicleMap.class);
        } catch (KvException e) {
            return List.of();
        }
        // The lambdas take the map as their argument and capture nothing, so only the gauges' weak references
        // point at it.
        return List.of(
                Gauge.builder(KvMetrics.CHRONICLE_ENTRIES, map, m -> m.isOpen() ? m.longSize() : Double.NaN)
                        .description("Entries in the store's Chronicle map, the provider's own bookkeeping"
                                + " entries included (they take capacity as keys do)")
                        .baseUnit("entries")
                        .tags(tags)
                        .register(registry),
                Gauge.builder(KvMetrics.CHRONICLE_CAPACITY_USED, map,
                                m -> m.isOpen() ? (100 - m.percentageFreeSpace()) / 100.0 : Double.NaN)
                        .description("Share of the Chronicle map's space in use, from 0 to 1"
                                + " (1 - percentageFreeSpace / 100)")
                        .tags(tags)
                        .register(registry),
                Gauge.builder(KvMetrics.CHRONICLE_OFF_HEAP_USED, map,
                                m -> m.isOpen() ? m.offHeapMemoryUsed() : Double.NaN)
                        .description("Off-heap memory the store's Chronicle map uses")
                        .baseUnit("bytes")
                        .tags(tags)
                        .register(registry));
    }
}
