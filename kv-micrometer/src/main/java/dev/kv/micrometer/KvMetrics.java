package dev.kv.micrometer;

import dev.kv.api.KvStore;
import dev.kv.micrometer.internal.InstrumentedKvStore;
import dev.kv.micrometer.internal.Sampling;
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
 * // timing every call instead of 1 in 256:
 * KvStore audited = KvMetrics.with(registry).tags("app", "shop").sampleEvery(1).monitor(Kv.open("audit"));
 * }</pre>
 *
 * <p><b>Exact counts, sampled timings.</b> Every call is counted, exactly; its duration and payload size are
 * recorded for a sample of calls, 1 in {@link Builder#sampleEvery N} ({@value #DEFAULT_SAMPLE_EVERY} by default),
 * chosen at random per call. Reading the clock and updating a timer costs about ten times a memory store's
 * {@code get}; the count costs a fraction of it, so the default is cheap enough to leave on. {@code N = 1} times
 * every call. The timer's and the summary's counts are therefore the number of <em>sampled</em> calls, about
 * 1/N of the calls; their totals are sums over the sample, and their means and maxima estimates for all calls.
 * For how many calls there were, read {@value #OPERATIONS}.
 *
 * <p>Meters, each tagged {@code provider} (the provider id) and {@code store} (the store's name) plus the tags
 * given; both meters and tags follow Micrometer's naming conventions:
 * <ul>
 *   <li>{@value #OPERATIONS} (function counter, exact): every {@code get}, {@code find}, {@code set},
 *       {@code delete} and {@code watch} call, tagged {@code op} and {@code outcome}: {@code hit} or {@code miss}
 *       for reads (a {@code get} that fails with {@code NOT_FOUND} is a miss), {@code success} for the others,
 *       and {@code error} for any call that threw otherwise. {@code watch} counts {@code watch(key)} and
 *       {@code events(key)}; {@code events(observable)} is not counted.</li>
 *   <li>{@value #OPERATION_DURATION} (timer, sampled), same tags: the duration of the sampled calls.</li>
 *   <li>{@value #PAYLOAD_SIZE} (distribution summary, bytes, sampled): the size of the payloads of the sampled
 *       calls that read one ({@code op=get|find}, hits only) or wrote one ({@code op=set}, successful ones).</li>
 *   <li>{@value #WATCH_SUBSCRIPTIONS} (gauge): watch subscriptions made through instrumented handles that have
 *       not ended.</li>
 *   <li>{@value #WATCH_EVENTS_DELIVERED} (counter, tagged {@code kind} {@code set|delete|expire|evict}): events
 *       handed to subscribers, every one.</li>
 *   <li>{@value #WATCH_EVENTS_DROPPED} (counter): events subscribers lost to overflow, as reported by the
 *       {@code WATCH_OVERFLOW} error they received ({@link dev.kv.api.KvException#droppedEvents()}).</li>
 *   <li>whatever the {@link KvStoreMeterBinder}s that recognise the store add: Caffeine's statistics through
 *       Micrometer's {@code CaffeineCacheMetrics} for the memory provider ({@code cache.*}, tagged
 *       {@code cache} with the store's name), and {@value #CHRONICLE_ENTRIES}, {@value #CHRONICLE_CAPACITY_USED}
 *       and {@value #CHRONICLE_OFF_HEAP_USED} for the chronicle provider.</li>
 * </ul>
 *
 * <p>Handles of one store monitored with one registry and the same tags share their meters, and so must share
 * the sampling rate: monitoring with another rate while such handles are open is refused. The gauges, and the
 * meters of the binders, are removed from the registry when the last such handle closes; counters, timers and
 * summaries stay, as cumulative meters do in Micrometer, and a store monitored again goes on counting in them
 * (if with another rate, a warning says that the timers now mix two rates). A handle that was never closed keeps
 * its gauges registered (holding the provider's objects weakly).
 *
 * <p>Stores instrumented automatically (see {@link #ENABLED_PROPERTY}) take their rate from
 * {@value #SAMPLE_EVERY_PROPERTY}.
 *
 * <p>The meters are looked up once, when a handle is monitored; a call then costs a random number from
 * {@link java.util.concurrent.ThreadLocalRandom} and a {@link java.util.concurrent.atomic.LongAdder} increment,
 * and a sampled call two clock reads and one or two meter updates besides. Thread-safe.
 *
 * @since 0.1
 */
public final class KvMetrics {

    /** The counter of store operations: every call, exactly, by operation and outcome. */
    public static final String OPERATIONS = "kv.operations";
    /** The timer of a sample of store operations, by operation and outcome; its count is the sample's size. */
    public static final String OPERATION_DURATION = "kv.operation.duration";
    /** The distribution summary of the payload sizes of a sample of operations, in bytes. */
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
    /** Redis provider: the timer of the Redis commands of the store's client, by {@code command}, as Lettuce times them. */
    public static final String REDIS_COMMAND_DURATION = "kv.redis.command.duration";
    /** Redis provider: the gauge that is 1 while the store's data connection is open and 0 while it is down. */
    public static final String REDIS_CONNECTION_OPEN = "kv.redis.connection.open";

    /**
     * The system property (also read from the {@link dev.kv.api.KvConfig} a store is opened with) that, set to
     * {@code false}, stops this module from instrumenting stores opened through {@link dev.kv.api.Kv}.
     * {@link #monitor} is not affected.
     */
    public static final String ENABLED_PROPERTY = "kv.metrics.enabled";

    /**
     * The system property (also read from the {@link dev.kv.api.KvConfig} a store is opened with, first) that sets
     * the sampling rate of stores instrumented through {@link dev.kv.api.Kv}: a power of two from 1 (every call)
     * to 2<sup>30</sup>, default {@value #DEFAULT_SAMPLE_EVERY}. Any other value makes {@code open} fail with a
     * {@link dev.kv.api.KvException} of reason {@code CONFIGURATION} naming the property and the value.
     * {@link #monitor} is not affected; use {@link Builder#sampleEvery} there.
     */
    public static final String SAMPLE_EVERY_PROPERTY = "kv.metrics.sampleEvery";

    /**
     * The default sampling rate: one call in this many is timed. Chosen by measuring a memory store's
     * {@code get} (kv-bench, {@code MemoryBench}): a timed call costs about 130 ns more than a counted one, which
     * spread over this many calls is about half a nanosecond per call.
     */
    public static final int DEFAULT_SAMPLE_EVERY = Sampling.DEFAULT;

    private KvMetrics() {
    }

    /**
     * Instruments {@code store}, recording into {@code registry}, timing 1 call in
     * {@value #DEFAULT_SAMPLE_EVERY}.
     *
     * @param registry where the meters are registered
     * @param store    the handle to instrument; closing the returned handle closes it
     * @param tags     extra tags for every meter; {@code provider} and {@code store} are added (and win)
     * @return a handle that behaves like {@code store} and records its use; {@code store} itself if it is closed
     *         or already instrumented into {@code registry} with the same tags and rate
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if handles of the store are open in {@code registry} with the same tags
     *                                  and another sampling rate
     */
    public static KvStore monitor(MeterRegistry registry, KvStore store, Iterable<Tag> tags) {
        return with(registry).tags(tags).monitor(store);
    }

    /**
     * Instruments {@code store}, recording into {@code registry}, timing 1 call in
     * {@value #DEFAULT_SAMPLE_EVERY}.
     *
     * @param registry where the meters are registered
     * @param store    the handle to instrument
     * @param tags     extra tags as key-value pairs, an even number of strings
     * @return as for {@link #monitor(MeterRegistry, KvStore, Iterable)}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code tags} has an odd number of elements, or as for
     *                                  {@link #monitor(MeterRegistry, KvStore, Iterable)}
     */
    public static KvStore monitor(MeterRegistry registry, KvStore store, String... tags) {
        Objects.requireNonNull(tags, "tags must not be null");
        return monitor(registry, store, Tags.of(tags));
    }

    /**
     * Starts instrumenting with options: extra tags and the sampling rate.
     *
     * @param registry where the meters are registered
     * @return a builder with no extra tags and the default rate
     * @throws NullPointerException if {@code registry} is null
     */
    public static Builder with(MeterRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry must not be null"));
    }

    /**
     * The options of {@link KvMetrics#with}: set what differs from the defaults, then {@link #monitor} as many
     * stores as needed. Not thread-safe; the handles it returns are.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private int sampleEvery = DEFAULT_SAMPLE_EVERY;

        private Builder(MeterRegistry registry) {
            this.registry = registry;
        }

        /**
         * Adds tags to every meter; {@code provider} and {@code store} are added (and win).
         *
         * @param tags the tags
         * @return this builder
         * @throws NullPointerException if {@code tags} is null
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = this.tags.and(Objects.requireNonNull(tags, "tags must not be null"));
            return this;
        }

        /**
         * Adds tags to every meter, as key-value pairs.
         *
         * @param tags an even number of strings
         * @return this builder
         * @throws NullPointerException     if {@code tags} is null
         * @throws IllegalArgumentException if {@code tags} has an odd number of elements
         */
        public Builder tags(String... tags) {
            return tags(Tags.of(Objects.requireNonNull(tags, "tags must not be null")));
        }

        /**
         * Times (and records the payload size of) 1 call in {@code n}, chosen at random per call; every call is
         * still counted exactly in {@value KvMetrics#OPERATIONS}. {@code 1} times every call, at about ten times
         * the cost of a memory store's {@code get}; larger values spread that cost over more calls.
         *
         * @param n a power of two from 1 to 2<sup>30</sup>; default {@value KvMetrics#DEFAULT_SAMPLE_EVERY}
         * @return this builder
         * @throws IllegalArgumentException naming {@code n}, if it is not such a power of two
         */
        public Builder sampleEvery(int n) {
            this.sampleEvery = Sampling.check(n);
            return this;
        }

        /**
         * Instruments {@code store} with these options.
         *
         * @param store the handle to instrument; closing the returned handle closes it
         * @return a handle that behaves like {@code store} and records its use; {@code store} itself if it is
         *         closed or already instrumented into this registry with the same tags and rate
         * @throws NullPointerException     if {@code store} is null
         * @throws IllegalArgumentException if handles of the store are open in this registry with the same tags
         *                                  and another sampling rate
         */
        public KvStore monitor(KvStore store) {
            Objects.requireNonNull(store, "store must not be null");
            return InstrumentedKvStore.wrap(registry, store, tags, sampleEvery);
        }
    }
}
