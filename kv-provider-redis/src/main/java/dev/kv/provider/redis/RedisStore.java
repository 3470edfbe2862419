package dev.kv.provider.redis;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.Observable;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.ForwardingKvStore;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle to a redis store, as users get it. Everything is {@link RedisKvStore}'s, except that a watch also
 * makes the {@link WatchRelay} listen for the key's changes from other processes, from before the subscription
 * begins until it ends (cancelled, failed or completed).
 */
final class RedisStore extends ForwardingKvStore {

    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final RedisStoreState state;

    RedisStore(RedisKvStore store) {
        super(store);
        this.state = store.state();
    }

    RedisStoreState state() {
        return state;
    }

    @Override
    public Flow.Publisher<KvEvent> events(Observable observable) {
        Flow.Publisher<KvEvent> local = delegate().events(observable);
        String key = observable.key();
        WatchRelay relay = state.connections().relay();
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber must not be null (Reactive Streams rule 1.9)");
            if (!delegate().isOpen()) {
                local.subscribe(subscriber);
                return;
            }
            try {
                relay.watch(state, key);
            } catch (RuntimeException e) {
                subscriber.onSubscribe(CANCELLED);
                subscriber.onError(KvException.of(KvException.Reason.STORAGE, "watch of key " + Diagnostics.quote(key)
                        + " in store " + Diagnostics.quote(name()) + " (" + rd() + ") failed: " + e, e));
                return;
            }
            AtomicBoolean ended = new AtomicBoolean();
            Runnable end = () -> {
                if (ended.compareAndSet(false, true)) {
                    relay.unwatch(state, key);
                }
            };
            local.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            s.request(n);
                        }

                        @Override
                        public void cancel() {
                            s.cancel();
                            end.run();
                        }
                    });
                }

                @Override
                public void onNext(KvEvent item) {
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    end.run();
                    subscriber.onError(t);
                }

                @Override
                public void onComplete() {
                    end.run();
                    subscriber.onComplete();
                }
            });
        };
    }
}
