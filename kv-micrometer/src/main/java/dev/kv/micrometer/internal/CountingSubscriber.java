package dev.kv.micrometer.internal;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stands between a watch subscription and its subscriber to count, forwarding every signal unchanged and in the
 * same order: demand and cancellation go up as they come, events and terminal signals come down as they come.
 * Counting happens before forwarding, so a subscriber that has seen a signal also sees it counted.
 *
 * <p>The subscription counts as active from {@code onSubscribe} until the first of {@code onComplete},
 * {@code onError}, {@code cancel}, or a subscriber method throwing (after which the provider cancels the
 * subscription and sends nothing more, Reactive Streams rule 2.13).
 */
final class CountingSubscriber implements Flow.Subscriber<KvEvent>, Flow.Subscription {

    private final Flow.Subscriber<? super KvEvent> downstream;
    private final StoreMeters meters;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription upstream;

    CountingSubscriber(Flow.Subscriber<? super KvEvent> downstream, StoreMeters meters) {
        this.downstream = downstream;
        this.meters = meters;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        meters.subscriptions.incrementAndGet();
        try {
            downstream.onSubscribe(this);
        } catch (RuntimeException | Error e) {
            end();
            throw e;
        }
    }

    @Override
    public void onNext(KvEvent event) {
        meters.delivered(event);
        try {
            downstream.onNext(event);
        } catch (RuntimeException | Error e) {
            end();
            throw e;
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (failure instanceof KvException) {
            long lost = ((KvException) failure).droppedEvents();
            if (lost > 0) {
                meters.dropped.increment(lost);
            }
        }
        end();
        downstream.onError(failure);
    }

    @Override
    public void onComplete() {
        end();
        downstream.onComplete();
    }

    @Override
    public void request(long n) {
        upstream.request(n);
    }

    @Override
    public void cancel() {
        end();
        upstream.cancel();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            meters.subscriptions.decrementAndGet();
        }
    }
}
