package dev.kv.micrometer;

import dev.kv.api.KvStore;
import dev.kv.micrometer.internal.InstrumentedKvStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;

/**
 * Instruments kv store handles with Micrometer meters, for any provider, in the manner of Micrometer's own
 * binders ({@code CaffeineCacheMetrics.monitor}): {@link #monitor} returns a handle that behaves exactly like the
 * one given (same results, same exceptions with the same reason, same events, {@code unwrap} reaching the
 * provider's object, {@code close} closing it) and records what it does.
 *
 * <pre>{@code
 * KvStore orders = KvMetrics.monitor(registry, Kv.open("orders"), Tags.of("app", "shop"));
 * }</pre>
 *
 * <p>Meters, each tagged {@code provider} (the provider id) and {@code store} (the store's name) plus the tags
 * given; both meters and tags follow Micrometer's naming conventions:
 * <ul>
 *   <li>{@value #OPERATIONS} (timer): every {@code get}, {@code find}, {@code set}, {@code delete} and
 *       {@code watch} call, tagged {@code op} and {@code outcome}: {@code hit} or {@code miss} for reads (a
 *       {@code get} that fails with {@code NOT_FOUND} is a miss), {@code success} for the others, and
 *       {@code error} for any call that threw otherwise. {@code watch} counts {@code watch(key)} and
 *       {@code events(key)}; {@code events(observable)} is not timed.</li>
 *   <li>{@value #PAYLOAD_SIZE} (distribution summary, bytes): the size of every payload read ({@code op=get|find},
 *       hits only) and successfully written ({@code op=set}).</li>
 *   <li>{@value #WATCH_SUBSCRIPTIONS} (gauge): watch subscriptions made through instrumented handles that have
 *       not ended.</li>
 *   <li>{@value #WATCH_EVENTS_DELIVERED} (counter, tagged {@code kind} {@code set|delete|expire|evict}): events
 *       handed to subscribers.</li>
 *   <li>{@value #WATCH_EVENTS_DROPPED} (counter): events subscribers lost to overflow, as reported by the
 *       {@code WATCH_OVERFLOW} error they received ({@link dev.kv.api.KvException#droppedEvents()}).</li>
 *   <li>whatever the {@link KvStoreMeterBinder}s that recognise the store add: Caffeine's statistics through
 *       Micrometer's {@code CaffeineCacheMetrics} for the memory provider ({@code cache.*}, tagged
 *       {@code cache} with the store's name), and {@value #CHRONICLE_ENTRIES}, {@value #CHRONICLE_CAPACITY_USED}
 *       and {@value #CHRONICLE_OFF_HEAP_USED} for the chronicle provider.</li>
 * </ul>
 *
 * <p>Handles of one store monitored with one registry and the same tags share their meters. The gauges, and the
 * meters of the binders, are removed from the registry when the last such handle closes; timers, counters and
 * summaries stay, as cumulative meters do in Micrometer. A handle that was never closed keeps its gauges
 * registered (holding the provider's objects weakly).
 *
 * <p>The per-call cost is a clock read and one or two meter updates: the meters are looked up once, when a
 * handle is monitored. Thread-safe.
 *
 * @since 0.1
 */
public final class KvMetrics {

    /** The timer of store operations. */
    public static final String OPERATIONS = "kv.operations";
    /** The distribution summary of payload sizes, in bytes. */
    public static final String PAYLOAD_SIZE = "kv.payload.size";
    /** The gauge of watch subscriptions that have not ended. */
    public static final String WATCH_SUBSCRIPTIONS = "kv.watch.subscriptions";
    /** The counter of events delivered to watch subscribers. */
    public static final String WATCH_EVENTS_DELIVERED = "kv.watch.events.delivered";
    /** The counter of events watch subscribers lost to overflow. */
    public static final String WATCH_EVENTS_DROPPED = "kv.watch.events.dropped";
    /** Chronicle provider: the gauge of entries in the store's map. */
    public static final String CHRONICLE_ENTRIES = "kv.chronicle.entries";
    /** Chronicle provider: the gauge of the share (0 to 1) of the map's space in use. */
    public static final String CHRONICLE_CAPACITY_USED = "kv.chronicle.capacity.used";
    /** Chronicle provider: the gauge of off-heap memory the map uses, in bytes. */
    public static final String CHRONICLE_OFF_HEAP_USED = "kv.chronicle.offheap.used";

    /**
     * The system property (also read from the {@link dev.kv.api.KvConfig} a store is opened with) that, set to
     * {@code false}, stops this module from instrumenting stores opened through {@link dev.kv.api.Kv}.
     * {@link #monitor} is not affected.
     */
    public static final String ENABLED_PROPERTY = "kv.metrics.enabled";

    private KvMetrics() {
    }

    /**
     * Instruments {@code store}, recording into {@code registry}.
     *
     * @param registry where the meters are registered
     * @param store    the handle to instrument; closing the returned handle closes it
     * @param tags     extra tags for every meter; {@code provider} and {@code store} are added (and win)
     * @return a handle that behaves like {@code store} and records its use; {@code store} itself if it is closed
     *         or already instrumented into {@code registry} with the same tags
     * @throws NullPointerException if an argument is null
     */
    public static KvStore monitor(MeterRegistry registry, KvStore store, Iterable<Tag> tags) {
        Objects.requireNonNull(registry, "registry must not be null");
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(tags, "tags must not be null");
        return InstrumentedKvStore.wrap(registry, store, Tags.of(tags));
    }

    /**
     * Instruments {@code store}, recording into {@code registry}.
     *
     * @param registry where the meters are registered
     * @param store    the handle to instrument
     * @param tags     extra tags as key-value pairs, an even number of strings
     * @return as for {@link #monitor(MeterRegistry, KvStore, Iterable)}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code tags} has an odd number of elements
     */
    public static KvStore monitor(MeterRegistry registry, KvStore store, String... tags) {
        Objects.requireNonNull(tags, "tags must not be null");
        return monitor(registry, store, Tags.of(tags));
    }
}
