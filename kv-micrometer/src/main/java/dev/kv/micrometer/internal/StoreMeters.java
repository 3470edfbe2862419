package dev.kv.micrometer.internal;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.micrometer.KvMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one store in one registry, built once so that operations only update them, and shared by every
 * instrumented handle with the same registry and tags (the registry would hand out the same timers anyway, but
 * the subscription gauge needs one shared count, provider gauges one binding, and the handles one sampling rate).
 * Counted per handle: when the last one closes, the gauges and the binders' meters are removed from the registry.
 */
final class StoreMeters {

    private static final System.Logger LOG = System.getLogger("dev.kv.micrometer");

    /**
     * Per registry (by identity), per tag set: the meters of the stores with open instrumented handles. An entry
     * goes when its store's last instrumented handle closes.
     */
    private static final Map<MeterRegistry, Map<Tags, StoreMeters>> OPEN = new IdentityHashMap<>();

    /**
     * Per registry, per tag set: the operation counts and the sampling rate last used, kept after the last handle
     * closes. The registry holds a function counter's object weakly and hands back the first counter registered
     * under an id, so a reopened store must count into the same adders or its counts would vanish. Weak keys: a
     * registry that is dropped takes its counts with it (registries do not override equals, so this is identity).
     */
    private static final Map<MeterRegistry, Map<Tags, Series>> SERIES = new WeakHashMap<>();

    final MeterRegistry registry;
    final Tags tags;
    final Clock clock;
    /** One call in {@code sampleMask + 1} is timed; a power of two less one, so a random int masked picks it. */
    final int sampleMask;

    final Outcome getHit;
    final Outcome getMiss;
    final Outcome getError;
    final Outcome findHit;
    final Outcome findMiss;
    final Outcome findError;
    final Outcome setSuccess;
    final Outcome setError;
    final Outcome deleteSuccess;
    final Outcome deleteError;
    final Outcome watchSuccess;
    final Outcome watchError;

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

    /**
     * One operation's outcome: its exact count, and the timer of the calls sampled.
     */
    static final class Outcome {
        /** Every call; a LongAdder because it takes one uncontended CAS and spreads over cells when contended. */
        final LongAdder count;
        /** Only the sampled calls. */
        final Timer duration;

        Outcome(LongAdder count, Timer duration) {
            this.count = count;
            this.duration = duration;
        }
    }

    /** What outlives the handles of one store in one registry: the exact counts and the last sampling rate. */
    private static final class Series {
        final Map<String, LongAdder> counts = new HashMap<>();
        int sampleEvery;

        Series(int sampleEvery) {
            this.sampleEvery = sampleEvery;
        }
    }

    private StoreMeters(MeterRegistry registry, Tags tags, int sampleEvery, Series series) {
        this.registry = registry;
        this.tags = tags;
        this.clock = registry.config().clock();
        this.sampleMask = sampleEvery - 1;
        getHit = outcome(series, "get", "hit");
        getMiss = outcome(series, "get", "miss");
        getError = outcome(series, "get", "error");
        findHit = outcome(series, "find", "hit");
        findMiss = outcome(series, "find", "miss");
        findError = outcome(series, "find", "error");
        setSuccess = outcome(series, "set", "success");
        setError = outcome(series, "set", "error");
        deleteSuccess = outcome(series, "delete", "success");
        deleteError = outcome(series, "delete", "error");
        watchSuccess = outcome(series, "watch", "success");
        watchError = outcome(series, "watch", "error");
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

    private Outcome outcome(Series series, String op, String outcome) {
        LongAdder count = series.counts.computeIfAbsent(op + "/" + outcome, k -> new LongAdder());
        // Registered on every acquire, not once per series: the registry may have been cleared in between, and
        // registering an id it already has returns the existing counter, which reads this same adder.
        FunctionCounter.builder(KvMetrics.OPERATIONS, count, LongAdder::sum)
                .description("Store operations, by operation and outcome: every call, exactly")
                .baseUnit("operations")
                .tags(tags).tag("op", op).tag("outcome", outcome)
                .register(registry);
        Timer duration = Timer.builder(KvMetrics.OPERATION_DURATION)
                .description("Duration of a sample of store operations, by operation and outcome: its count is"
                        + " the number of calls sampled, not of calls (that is " + KvMetrics.OPERATIONS + ")")
                .tags(tags).tag("op", op).tag("outcome", outcome)
                .register(registry);
        return new Outcome(count, duration);
    }

    private DistributionSummary size(String op) {
        return DistributionSummary.builder(KvMetrics.PAYLOAD_SIZE)
                .description("Sizes of a sample of payloads read (hits) and written (successful sets): its count is"
                        + " the number of calls sampled")
                .baseUnit("bytes")
                .tags(tags).tag("op", op)
                .register(registry);
    }

    /**
     * The meters for {@code store}, counting one more handle; the first handle also runs the binders.
     *
     * @param store       the provider's handle, open
     * @param sampleEvery the sampling rate, a power of two (checked by the caller)
     * @throws IllegalArgumentException if handles of the store are open in {@code registry} with the same tags
     *                                  and another sampling rate: they would record into the same timers, whose
     *                                  counts could then not be read as 1 in any N
     */
    static StoreMeters acquire(MeterRegistry registry, Tags tags, KvStore store, int sampleEvery) {
        synchronized (OPEN) {
            Map<Tags, StoreMeters> byTags = OPEN.computeIfAbsent(registry, r -> new HashMap<>());
            StoreMeters m = byTags.get(tags);
            if (m != null && m.sampleMask + 1 != sampleEvery) {
                throw new IllegalArgumentException("cannot sample 1 in " + sampleEvery + " calls of store '"
                        + store.name() + "' with tags " + tags + ": open handles of it in this registry sample 1 in "
                        + (m.sampleMask + 1) + ", into the same meters; close them first or use other tags");
            }
            if (m == null) {
                Series series = SERIES.computeIfAbsent(registry, r -> new HashMap<>())
                        .computeIfAbsent(tags, t -> new Series(sampleEvery));
                if (series.sampleEvery != sampleEvery) {
                    // Not an error: the store was closed and is monitored anew, but the timers' counts now mix
                    // two rates, which whoever reads them must know.
                    LOG.log(System.Logger.Level.WARNING, "kv-micrometer: store '" + store.name() + "' with tags "
                            + tags + " now samples 1 in " + sampleEvery + " calls, after 1 in " + series.sampleEvery
                            + ": the counts of " + KvMetrics.OPERATION_DURATION + " and " + KvMetrics.PAYLOAD_SIZE
                            + " mix both rates (" + KvMetrics.OPERATIONS + " stays exact)");
                    series.sampleEvery = sampleEvery;
                }
                m = new StoreMeters(registry, tags, sampleEvery, series);
                byTags.put(tags, m);
            }
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
