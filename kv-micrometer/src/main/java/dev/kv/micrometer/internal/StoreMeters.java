package dev.kv.micrometer.internal;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.micrometer.KvMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one store in one registry, built once so that operations only update them, and shared by every
 * instrumented handle with the same registry and tags (the registry would hand out the same timers anyway, but
 * the subscription gauge needs one shared count, and provider gauges one binding). Counted per handle: when the
 * last one closes, the gauges and the binders' meters are removed from the registry.
 */
final class StoreMeters {

    /**
     * Per registry (by identity), per tag set: the meters of the stores with open instrumented handles. An entry
     * goes when its store's last instrumented handle closes.
     */
    private static final Map<MeterRegistry, Map<Tags, StoreMeters>> OPEN = new IdentityHashMap<>();

    final MeterRegistry registry;
    final Tags tags;
    final Clock clock;

    final Timer getHit;
    final Timer getMiss;
    final Timer getError;
    final Timer findHit;
    final Timer findMiss;
    final Timer findError;
    final Timer setSuccess;
    final Timer setError;
    final Timer deleteSuccess;
    final Timer deleteError;
    final Timer watchSuccess;
    final Timer watchError;

    final DistributionSummary getSize;
    final DistributionSummary findSize;
    final DistributionSummary setSize;

    /** Indexed by {@link KvEvent.Kind#ordinal()}. */
    private final Counter[] delivered;
    final Counter dropped;
    final AtomicInteger subscriptions = new AtomicInteger();

    /** Removed from the registry when the last handle closes. */
    private final List<Meter> transientMeters = new ArrayList<>();
    private int handles;

    private StoreMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.clock = registry.config().clock();
        getHit = timer("get", "hit");
        getMiss = timer("get", "miss");
        getError = timer("get", "error");
        findHit = timer("find", "hit");
        findMiss = timer("find", "miss");
        findError = timer("find", "error");
        setSuccess = timer("set", "success");
        setError = timer("set", "error");
        deleteSuccess = timer("delete", "success");
        deleteError = timer("delete", "error");
        watchSuccess = timer("watch", "success");
        watchError = timer("watch", "error");
        getSize = size("get");
        findSize = size("find");
        setSize = size("set");
        KvEvent.Kind[] kinds = KvEvent.Kind.values();
        delivered = new Counter[kinds.length];
        for (KvEvent.Kind kind : kinds) {
            delivered[kind.ordinal()] = Counter.builder(KvMetrics.WATCH_EVENTS_DELIVERED)
                    .description("Watch events handed to subscribers")
                    .baseUnit("events")
                    .tags(tags).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        dropped = Counter.builder(KvMetrics.WATCH_EVENTS_DROPPED)
                .description("Watch events subscribers lost because they fell behind by more than their buffer"
                        + " (WATCH_OVERFLOW)")
                .baseUnit("events")
                .tags(tags)
                .register(registry);
        // Held strongly by this object, which lives while a handle is open; the gauge only reads it.
        transientMeters.add(Gauge.builder(KvMetrics.WATCH_SUBSCRIPTIONS, subscriptions, AtomicInteger::get)
                .description("Watch subscriptions made through instrumented handles that have not ended")
                .baseUnit("subscriptions")
                .tags(tags)
                .register(registry));
    }

    private Timer timer(String op, String outcome) {
        return Timer.builder(KvMetrics.OPERATIONS)
                .description("Store operations, by operation and outcome")
                .tags(tags).tag("op", op).tag("outcome", outcome)
                .register(registry);
    }

    private DistributionSummary size(String op) {
        return DistributionSummary.builder(KvMetrics.PAYLOAD_SIZE)
                .description("Sizes of payloads read (hits) and written (successful sets)")
                .baseUnit("bytes")
                .tags(tags).tag("op", op)
                .register(registry);
    }

    /**
     * The meters for {@code store}, counting one more handle; the first handle also runs the binders.
     *
     * @param store the provider's handle, open
     */
    static StoreMeters acquire(MeterRegistry registry, Tags tags, KvStore store) {
        synchronized (OPEN) {
            StoreMeters m = OPEN.computeIfAbsent(registry, r -> new HashMap<>())
                    .computeIfAbsent(tags, t -> new StoreMeters(registry, t));
            if (m.handles++ == 0) {
                m.transientMeters.addAll(MeterBinders.bindAll(store, registry, tags));
            }
            return m;
        }
    }

    /** Counts one handle fewer; the last removes the gauges and the binders' meters. */
    void release() {
        // Under the lock, so that a handle opening meanwhile registers its gauges after these are gone rather
        // than being handed the old ones and then losing them.
        synchronized (OPEN) {
            if (--handles > 0) {
                return;
            }
            Map<Tags, StoreMeters> byTags = OPEN.get(registry);
            if (byTags != null) {
                byTags.remove(tags, this);
                if (byTags.isEmpty()) {
                    OPEN.remove(registry);
                }
            }
            for (Meter meter : transientMeters) {
                registry.remove(meter);
            }
            transientMeters.clear();
        }
    }

    void delivered(KvEvent event) {
        delivered[event.kind().ordinal()].increment();
    }
}
