package dev.kv.tck;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Broken providers of the WATCH clauses, each violating one. */
final class BrokenWatch {

    private BrokenWatch() {
    }

    /** A subscriber that forwards every signal; broken ones override one. */
    static class Relay implements Flow.Subscriber<KvEvent> {
        final Flow.Subscriber<? super KvEvent> out;

        Relay(Flow.Subscriber<? super KvEvent> out) {
            this.out = out;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            out.onSubscribe(s);
        }

        @Override
        public void onNext(KvEvent e) {
            out.onNext(e);
        }

        @Override
        public void onError(Throwable t) {
            out.onError(t);
        }

        @Override
        public void onComplete() {
            out.onComplete();
        }
    }

    /** A provider whose publishers pass each subscriber through {@code relay}. */
    abstract static class Relaying extends BrokenProvider {
        Relaying(String id) {
            super(id);
        }

        abstract Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out);

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    Flow.Publisher<KvEvent> inner = super.events(o);
                    return subscriber -> inner.subscribe(subscriber == null ? null : relay(subscriber));
                }
            };
        }
    }

    /** A provider whose events are rewritten one by one. */
    abstract static class Rewriting extends Relaying {
        Rewriting(String id) {
            super(id);
        }

        abstract KvEvent rewrite(KvEvent e);

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new Relay(out) {
                @Override
                public void onNext(KvEvent e) {
                    KvEvent r = rewrite(e);
                    if (r != null) {
                        out.onNext(r);
                    }
                }
            };
        }
    }

    /** WATCH-1: every handle has an rd of its own (a fresh id per handle). */
    public static final class RdPerHandle extends BrokenProvider {
        private final java.util.concurrent.atomic.AtomicInteger handles = new java.util.concurrent.atomic.AtomicInteger();

        public RdPerHandle() {
            super("broken-rd-per-handle");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            String rd = id() + ":" + store.name() + "#" + handles.incrementAndGet();
            return new Store(store) {
                @Override
                public String rd() {
                    return rd;
                }

                @Override
                public Observable watch(String key) {
                    return new Observable(rd, super.watch(key).key());
                }

                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    return super.events(o == null ? null : super.watch(o.key()));
                }
            };
        }
    }

    /** WATCH-1: the rd lacks the provider id (just the store's name). */
    public static final class RdWithoutId extends BrokenProvider {
        public RdWithoutId() {
            super("broken-rd-without-id");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public String rd() {
                    return "store:" + name();
                }

                @Override
                public Observable watch(String key) {
                    return new Observable(rd(), super.watch(key).key());
                }

                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    return super.events(o == null ? null : o.rd().equals(rd()) ? super.watch(o.key()) : o);
                }
            };
        }
    }

    /** WATCH-2: the SET of an empty payload publishes nothing. */
    public static final class NoEventForEmpty extends Rewriting {
        public NoEventForEmpty() {
            super("broken-no-empty-event");
        }

        @Override
        KvEvent rewrite(KvEvent e) {
            return e.kind() == KvEvent.Kind.SET && e.payload().isEmpty() ? null : e;
        }
    }

    /** WATCH-2: DELETE events are reported as a SET of the empty payload. */
    public static final class DeleteAsEmptySet extends Rewriting {
        public DeleteAsEmptySet() {
            super("broken-delete-as-set");
        }

        @Override
        KvEvent rewrite(KvEvent e) {
            return e.kind() == KvEvent.Kind.DELETE ? new KvEvent(e.key(), KvEvent.Kind.SET, Payload.empty(), e.sequence()) : e;
        }
    }

    /** WATCH-3: sequence numbers restart at every subscription and repeat every 1000 events (an int counter wrap). */
    public static final class WrappingSequence extends Rewriting {
        public WrappingSequence() {
            super("broken-sequence");
        }

        @Override
        KvEvent rewrite(KvEvent e) {
            return new KvEvent(e.key(), e.kind(), e.payload(), e.sequence() % 1000);
        }
    }

    /** WATCH-4: streams are looked up by the key's hashCode, so the watcher of "BB" gets the stream of "Aa". */
    public static final class RoutesByHash extends BrokenProvider {
        private final java.util.Map<String, java.util.Map<Integer, String>> first =
                new java.util.concurrent.ConcurrentHashMap<>();

        public RoutesByHash() {
            super("broken-hash-routing");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    if (o == null || !isOpen() || !rd().equals(o.rd()) || o.key().isEmpty()) {
                        return super.events(o);
                    }
                    String owner = first.computeIfAbsent(rd(), r -> new java.util.concurrent.ConcurrentHashMap<>())
                            .computeIfAbsent(o.key().hashCode(), h -> o.key());
                    return super.events(watch(owner));
                }
            };
        }
    }

    /** WATCH-6: demand is ignored: everything is requested at once. */
    public static final class IgnoresDemand extends Relaying {
        public IgnoresDemand() {
            super("broken-demand");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new Relay(out) {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    out.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            s.request(n <= 0 ? n : Long.MAX_VALUE);
                        }

                        @Override
                        public void cancel() {
                            s.cancel();
                        }
                    });
                }
            };
        }
    }

    /** WATCH-7: cancel takes effect 200 ms later, on another thread. */
    public static final class LateCancel extends Relaying {
        private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broken-late-cancel");
            t.setDaemon(true);
            return t;
        });

        public LateCancel() {
            super("broken-late-cancel");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new Relay(out) {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    out.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            s.request(n);
                        }

                        @Override
                        public void cancel() {
                            LATER.schedule(s::cancel, 200, TimeUnit.MILLISECONDS);
                        }
                    });
                }
            };
        }
    }

    /**
     * WATCH-8: the buffer holds one event fewer than {@code kv.watch.bufferSize} says (an overflow test written
     * {@code >=} for {@code >}), so a subscriber exactly that far behind is cut off.
     */
    public static final class BufferOneShort extends BrokenProvider {
        public BufferOneShort() {
            super("broken-buffer-one-short");
        }

        @Override
        public KvStore open(String name, dev.kv.api.KvConfig config) {
            return super.open(name, config.get("kv.watch.bufferSize")
                    .map(size -> config.with("kv.watch.bufferSize",
                            Long.toString(Math.max(1, Long.parseLong(size.trim()) - 1))))
                    .orElse(config));
        }
    }

    /** WATCH-8: an overflow is reported as onComplete, so the subscriber never learns of the loss. */
    public static final class OverflowCompletes extends Relaying {
        public OverflowCompletes() {
            super("broken-overflow-completes");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new Relay(out) {
                @Override
                public void onError(Throwable t) {
                    if (t instanceof KvException && ((KvException) t).reason() == KvException.Reason.WATCH_OVERFLOW) {
                        out.onComplete();
                    } else {
                        out.onError(t);
                    }
                }
            };
        }
    }

    /** WATCH-9: deliveries of one store share a lock, so a blocked subscriber holds up the others. */
    public static final class SharedDeliveryLock extends Relaying {
        private final Object lock = new Object();

        public SharedDeliveryLock() {
            super("broken-shared-delivery");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new Relay(out) {
                @Override
                public void onNext(KvEvent e) {
                    synchronized (lock) {
                        out.onNext(e);
                    }
                }
            };
        }
    }

    /** WATCH-10: events accepts any observable, taking only its key. */
    public static final class AnyRd extends BrokenProvider {
        public AnyRd() {
            super("broken-any-rd");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    return super.events(o == null ? null : watch(o.key()));
                }
            };
        }
    }

    /** WATCH-11: request(n <= 0) is ignored instead of ending the subscription with IllegalArgumentException. */
    public static final class IgnoresBadRequest extends Relaying {
        public IgnoresBadRequest() {
            super("broken-bad-request");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new Relay(out) {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    out.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            if (n > 0) {
                                s.request(n);
                            }
                        }

                        @Override
                        public void cancel() {
                            s.cancel();
                        }
                    });
                }
            };
        }
    }
}
