package dev.kv.micrometer.internal;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.ForwardingKvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store handle that forwards every call to the provider's handle and records it. Results, exceptions and events
 * pass through untouched; the only objects it adds are the subscriber and subscription wrappers of watch
 * subscriptions, which forward every signal.
 *
 * <p>Every call adds one to a {@link java.util.concurrent.atomic.LongAdder}. Only sampled calls read the clock and
 * update a timer and a summary: those cost ten times a memory store's {@code get}, the adder a fraction of it.
 * Whether a call is sampled comes from {@link ThreadLocalRandom}, whose state lives in the calling thread, so the
 * choice writes nothing shared and needs no per-thread object (which virtual threads would multiply).
 */
public final class InstrumentedKvStore extends ForwardingKvStore {

    final StoreMeters meters;
    private final Clock clock;
    private final int sampleMask;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile AsyncKvStore asyncView;

    private InstrumentedKvStore(KvStore delegate, StoreMeters meters) {
        super(delegate);
        this.meters = meters;
        this.clock = meters.clock;
        this.sampleMask = meters.sampleMask;
    }

    /**
     * Instruments {@code store}; see {@link dev.kv.micrometer.KvMetrics#monitor}.
     *
     * @param registry    where to record
     * @param store       the handle
     * @param extraTags   the user's tags
     * @param sampleEvery time one call in this many, a power of two (checked by the caller)
     * @return the instrumented handle, or {@code store} if it is closed or already instrumented the same way
     * @throws IllegalArgumentException if handles of the store are instrumented into {@code registry} with the same
     *                                  tags and another sampling rate
     */
    public static KvStore wrap(MeterRegistry registry, KvStore store, Tags extraTags, int sampleEvery) {
        Tags tags = extraTags.and("provider", store.providerId()).and("store", store.name());
        if (store instanceof InstrumentedKvStore) {
            InstrumentedKvStore s = (InstrumentedKvStore) store;
            if (s.meters.registry == registry && s.meters.tags.equals(tags) && s.sampleMask + 1 == sampleEvery) {
                return store;
            }
        }
        if (!store.isOpen()) {
            // Nothing to measure: every call fails with CLOSED, and close() would never release the meters.
            return store;
        }
        return new InstrumentedKvStore(store, StoreMeters.acquire(registry, tags, store, sampleEvery));
    }

    /** Whether to time this call: one in {@code sampleMask + 1}, every call when the mask is 0. */
    boolean sampled() {
        return (ThreadLocalRandom.current().nextInt() & sampleMask) == 0;
    }

    @Override
    public Payload get(String key) {
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        Payload value;
        try {
            value = delegate().get(key);
        } catch (KvException e) {
            done(e.reason() == KvException.Reason.NOT_FOUND ? meters.getMiss : meters.getError, sampled, start);
            throw e;
        } catch (RuntimeException | Error e) {
            done(meters.getError, sampled, start);
            throw e;
        }
        done(meters.getHit, sampled, start);
        if (sampled && value != null) {
            meters.getSize.record(value.size());
        }
        return value;
    }

    @Override
    public Optional<Payload> find(String key) {
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        Optional<Payload> value;
        try {
            value = delegate().find(key);
        } catch (RuntimeException | Error e) {
            done(meters.findError, sampled, start);
            throw e;
        }
        if (value != null && value.isPresent()) {
            done(meters.findHit, sampled, start);
            if (sampled) {
                meters.findSize.record(value.get().size());
            }
        } else {
            done(meters.findMiss, sampled, start);
        }
        return value;
    }

    @Override
    public void set(String key, Payload value) {
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        try {
            delegate().set(key, value);
        } catch (RuntimeException | Error e) {
            done(meters.setError, sampled, start);
            throw e;
        }
        done(meters.setSuccess, sampled, start);
        if (sampled) {
            meters.setSize.record(value.size());
        }
    }

    @Override
    public void set(String key, byte[] value) {
        // Forwarded as is (not through set(String, Payload)) in case the provider stores arrays without the copy.
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        try {
            delegate().set(key, value);
        } catch (RuntimeException | Error e) {
            done(meters.setError, sampled, start);
            throw e;
        }
        done(meters.setSuccess, sampled, start);
        if (sampled) {
            meters.setSize.record(value.length);
        }
    }

    @Override
    public void delete(String key) {
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        try {
            delegate().delete(key);
        } catch (RuntimeException | Error e) {
            done(meters.deleteError, sampled, start);
            throw e;
        }
        done(meters.deleteSuccess, sampled, start);
    }

    @Override
    public Observable watch(String key) {
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        Observable observable;
        try {
            observable = delegate().watch(key);
        } catch (RuntimeException | Error e) {
            done(meters.watchError, sampled, start);
            throw e;
        }
        done(meters.watchSuccess, sampled, start);
        return observable;
    }

    @Override
    public Flow.Publisher<KvEvent> events(Observable observable) {
        return counting(delegate().events(observable));
    }

    @Override
    public Flow.Publisher<KvEvent> events(String key) {
        // Forwarded (not events(watch(key))) so that a provider's own version of it keeps its behaviour.
        boolean sampled = sampled();
        long start = sampled ? clock.monotonicTime() : 0L;
        Flow.Publisher<KvEvent> publisher;
        try {
            publisher = delegate().events(key);
        } catch (RuntimeException | Error e) {
            done(meters.watchError, sampled, start);
            throw e;
        }
        done(meters.watchSuccess, sampled, start);
        return counting(publisher);
    }

    private Flow.Publisher<KvEvent> counting(Flow.Publisher<KvEvent> publisher) {
        if (publisher == null) {
            return null;
        }
        // A null subscriber goes through unwrapped, so the provider refuses it exactly as it would have.
        return subscriber -> publisher.subscribe(
                subscriber == null ? null : new CountingSubscriber(subscriber, meters));
    }

    @Override
    public void close() {
        try {
            delegate().close();
        } finally {
            if (released.compareAndSet(false, true)) {
                meters.release();
            }
        }
    }

    /** The provider's own asynchronous view, with each call recorded when its future completes. */
    @Override
    public AsyncKvStore async() {
        AsyncKvStore view = asyncView;
        if (view == null) {
            view = new InstrumentedAsyncKvStore(delegate().async(), this);
            asyncView = view; // racing callers may each make one: equivalent, recording into the same meters
        }
        return view;
    }

    /** @return the clock's current time, for a call that {@link #sampled()} chose to time */
    long start(boolean sampled) {
        return sampled ? clock.monotonicTime() : 0L;
    }

    void done(StoreMeters.Outcome outcome, boolean sampled, long start) {
        outcome.count.increment();
        if (sampled) {
            outcome.duration.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
