package dev.kv.tck;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** Broken providers of WATCH-12 and WATCH-13: what a store does with subscribers that throw or leave. */
final class BrokenSubscribers {

    private BrokenSubscribers() {
    }

    /** WATCH-12: catches what onNext throws "to stay robust" and goes on delivering. */
    public static final class SwallowsOnNextThrow extends BrokenWatch.Relaying {
        public SwallowsOnNextThrow() {
            super("broken-swallows-onnext");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new BrokenWatch.Relay(out) {
                @Override
                public void onNext(KvEvent e) {
                    try {
                        out.onNext(e);
                    } catch (RuntimeException ignored) {
                        // the bug: the subscription stays live
                    }
                }
            };
        }
    }

    /** WATCH-12: catches what onSubscribe throws and keeps the subscription, whose demand stands. */
    public static final class SwallowsOnSubscribeThrow extends BrokenWatch.Relaying {
        public SwallowsOnSubscribeThrow() {
            super("broken-swallows-onsubscribe");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new BrokenWatch.Relay(out) {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    try {
                        out.onSubscribe(s);
                    } catch (RuntimeException ignored) {
                        // the bug: the subscription stays live
                    }
                }
            };
        }
    }

    /** WATCH-13: keeps every subscriber it ever had, for "diagnostics". */
    public static final class RemembersEverySubscriber extends BrokenWatch.Relaying {
        private static final Queue<Object> SEEN = new ConcurrentLinkedQueue<>();

        public RemembersEverySubscriber() {
            super("broken-remembers-subscribers");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            SEEN.add(out);
            return new BrokenWatch.Relay(out);
        }
    }

    /** WATCH-13: tracks live subscribers per key and forgets one only at onComplete or onError, not at cancel. */
    public static final class ForgetsOnlyTerminated extends BrokenWatch.Relaying {
        private final Set<Object> liveSubscribers = ConcurrentHashMap.newKeySet();

        public ForgetsOnlyTerminated() {
            super("broken-forgets-only-terminated");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            liveSubscribers.add(out);
            return new BrokenWatch.Relay(out) {
                @Override
                public void onError(Throwable t) {
                    liveSubscribers.remove(out);
                    out.onError(t);
                }

                @Override
                public void onComplete() {
                    liveSubscribers.remove(out);
                    out.onComplete();
                }
            };
        }
    }

    /**
     * WATCH-13: keeps each key's subscriptions in a list and, when one is cancelled, forgets the key's list
     * ({@code byKey.remove(key)}) and with it the key's other subscribers, which receive nothing more.
     */
    public static final class ForgetsTheKeyAtCancel extends BrokenProvider {
        private final Map<String, List<Flow.Subscription>> byKey = new ConcurrentHashMap<>();

        public ForgetsTheKeyAtCancel() {
            super("broken-forgets-the-key");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    Flow.Publisher<KvEvent> inner = super.events(o);
                    return subscriber -> inner.subscribe(subscriber == null ? null : new BrokenWatch.Relay(subscriber) {
                        private volatile Flow.Subscription subscription;

                        @Override
                        public void onError(Throwable t) {
                            forget();
                            out.onError(t);
                        }

                        @Override
                        public void onComplete() {
                            forget();
                            out.onComplete();
                        }

                        // a terminated subscription is forgotten correctly: only cancel has the bug
                        private void forget() {
                            List<Flow.Subscription> all = byKey.get(o.key());
                            if (all != null) {
                                all.remove(subscription);
                            }
                        }

                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            subscription = s;
                            byKey.computeIfAbsent(o.key(), k -> new CopyOnWriteArrayList<>()).add(s);
                            out.onSubscribe(new Flow.Subscription() {
                                @Override
                                public void request(long n) {
                                    s.request(n);
                                }

                                @Override
                                public void cancel() {
                                    s.cancel();
                                    List<Flow.Subscription> all = byKey.remove(o.key());
                                    if (all != null) {
                                        all.forEach(Flow.Subscription::cancel);
                                    }
                                }
                            });
                        }
                    });
                }
            };
        }
    }
}
