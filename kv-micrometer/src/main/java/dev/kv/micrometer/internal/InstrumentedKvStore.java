package dev.kv.micrometer.internal;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.ForwardingKvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store handle that forwards every call to the provider's handle and records it. Results, exceptions and events
 * pass through untouched; the only objects it adds are the subscriber and subscription wrappers of watch
 * subscriptions, which forward every signal.
 */
public final class InstrumentedKvStore extends ForwardingKvStore {

    private final StoreMeters meters;
    private final Clock clock;
    private final AtomicBoolean released = new AtomicBoolean();

    private InstrumentedKvStore(KvStore delegate, StoreMeters meters) {
        super(delegate);
        this.meters = meters;
        this.clock = meters.clock;
    }

    /**
     * Instruments {@code store}; see {@link dev.kv.micrometer.KvMetrics#monitor}.
     *
     * @param registry  where to record
     * @param store     the handle
     * @param extraTags the user's tags
     * @return the instrumented handle, or {@code store} if it is closed or already instrumented the same way
     */
    public static KvStore wrap(MeterRegistry registry, KvStore store, Tags extraTags) {
        Tags tags = extraTags.and("provider", store.providerId()).and("store", store.name());
        if (store instanceof InstrumentedKvStore) {
            InstrumentedKvStore s = (InstrumentedKvStore) store;
            if (s.meters.registry == registry && s.meters.tags.equals(tags)) {
                return store;
            }
        }
        if (!store.isOpen()) {
            // Nothing to measure: every call fails with CLOSED, and close() would never release the meters.
            return store;
        }
        return new InstrumentedKvStore(store, StoreMeters.acquire(registry, tags, store));
    }

    @Override
    public Payload get(String key) {
        long start = clock.monotonicTime();
        Payload value;
        try {
            value = delegate().get(key);
        } catch (KvException e) {
            record(e.reason() == KvException.Reason.NOT_FOUND ? meters.getMiss : meters.getError, start);
            throw e;
        } catch (RuntimeException | Error e) {
            record(meters.getError, start);
            throw e;
        }
        record(meters.getHit, start);
        if (value != null) {
            meters.getSize.record(value.size());
        }
        return value;
    }

    @Override
    public Optional<Payload> find(String key) {
        long start = clock.monotonicTime();
        Optional<Payload> value;
        try {
            value = delegate().find(key);
        } catch (RuntimeException | Error e) {
            record(meters.findError, start);
            throw e;
        }
        if (value != null && value.isPresent()) {
            record(meters.findHit, start);
            meters.findSize.record(value.get().size());
        } else {
            record(meters.findMiss, start);
        }
        return value;
    }

    @Override
    public void set(String key, Payload value) {
        long start = clock.monotonicTime();
        try {
            delegate().set(key, value);
        } catch (RuntimeException | Error e) {
            record(meters.setError, start);
            throw e;
        }
        record(meters.setSuccess, start);
        meters.setSize.record(value.size());
    }

    @Override
    public void set(String key, byte[] value) {
        // Forwarded as is (not through set(String, Payload)) in case the provider stores arrays without the copy.
        long start = clock.monotonicTime();
        try {
            delegate().set(key, value);
        } catch (RuntimeException | Error e) {
            record(meters.setError, start);
            throw e;
        }
        record(meters.setSuccess, start);
        meters.setSize.record(value.length);
    }

    @Override
    public void delete(String key) {
        long start = clock.monotonicTime();
        try {
            delegate().delete(key);
        } catch (RuntimeException | Error e) {
            record(meters.deleteError, start);
            throw e;
        }
        record(meters.deleteSuccess, start);
    }

    @Override
    public Observable watch(String key) {
        long start = clock.monotonicTime();
        Observable observable;
        try {
            observable = delegate().watch(key);
        } catch (RuntimeException | Error e) {
            record(meters.watchError, start);
            throw e;
        }
        record(meters.watchSuccess, start);
        return observable;
    }

    @Override
    public Flow.Publisher<KvEvent> events(Observable observable) {
        return counting(delegate().events(observable));
    }

    @Override
    public Flow.Publisher<KvEvent> events(String key) {
        // Forwarded (not events(watch(key))) so that a provider's own version of it keeps its behaviour.
        long start = clock.monotonicTime();
        Flow.Publisher<KvEvent> publisher;
        try {
            publisher = delegate().events(key);
        } catch (RuntimeException | Error e) {
            record(meters.watchError, start);
            throw e;
        }
        record(meters.watchSuccess, start);
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

    private void record(Timer timer, long start) {
        timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
}
