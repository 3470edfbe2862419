package dev.kv.tck;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.Payloads;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

/**
 * Deliberately broken providers, each a variation of {@link ReferenceKvProvider} that violates one clause.
 * Public with public no-argument constructors, so child JVMs can instantiate them too.
 */
final class BrokenProviders {

    private BrokenProviders() {
    }

    private static Set<Capability> none() {
        return EnumSet.noneOf(Capability.class);
    }

    /** PAYLOAD-1: treats an empty payload as missing (the seed's Redis backend did). */
    public static final class EmptyAsMissing extends ReferenceKvProvider {
        public EmptyAsMissing() {
            super("broken-empty", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public Payload get(String key) {
                    Payload p = delegate.get(key);
                    if (p.isEmpty()) {
                        throw KvException.notFound(name(), key);
                    }
                    return p;
                }

                @Override
                public Optional<Payload> find(String key) {
                    return delegate.find(key).filter(p -> !p.isEmpty());
                }
            };
        }
    }

    /** PAYLOAD-4: keeps the caller's array. */
    public static final class AliasesArray extends ReferenceKvProvider {
        public AliasesArray() {
            super("broken-alias", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public void set(String key, byte[] value) {
                    delegate.set(key, value == null ? null : Payloads.adopt(value));
                }
            };
        }
    }

    /** NAME-3 and VIS-2: maps names to resources naively, so 'a/b' and 'a_b' share one. */
    public static final class NaiveNameMapping extends ReferenceKvProvider {
        public NaiveNameMapping() {
            super("broken-names", none());
        }

        @Override
        protected String identity(String name) {
            return name.replace('/', '_');
        }
    }

    /** NAME-4: case-insensitive names. */
    public static final class CaseInsensitiveNames extends ReferenceKvProvider {
        public CaseInsensitiveNames() {
            super("broken-case", none());
        }

        @Override
        protected String identity(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    /** WATCH-3: swaps every two consecutive events of a key. */
    public static final class ReordersEvents extends ReferenceKvProvider {
        public ReordersEvents() {
            super("broken-reorder", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable observable) {
                    Flow.Publisher<KvEvent> inner = delegate.events(observable);
                    return subscriber -> inner.subscribe(new Flow.Subscriber<KvEvent>() {
                        private KvEvent held;

                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            subscriber.onSubscribe(s);
                        }

                        @Override
                        public void onNext(KvEvent e) {
                            if (held == null) {
                                held = e;
                            } else {
                                subscriber.onNext(e);
                                subscriber.onNext(held);
                                held = null;
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            subscriber.onError(t);
                        }

                        @Override
                        public void onComplete() {
                            if (held != null) {
                                subscriber.onNext(held);
                            }
                            subscriber.onComplete();
                        }
                    });
                }
            };
        }
    }

    /** WATCH-7: cancel() does nothing, so events keep coming. */
    public static final class IgnoresCancel extends ReferenceKvProvider {
        public IgnoresCancel() {
            super("broken-cancel", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable observable) {
                    Flow.Publisher<KvEvent> inner = delegate.events(observable);
                    return subscriber -> inner.subscribe(new Flow.Subscriber<KvEvent>() {
                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            subscriber.onSubscribe(new Flow.Subscription() {
                                @Override
                                public void request(long n) {
                                    s.request(n);
                                }

                                @Override
                                public void cancel() {
                                    // broken on purpose
                                }
                            });
                        }

                        @Override
                        public void onNext(KvEvent e) {
                            subscriber.onNext(e);
                        }

                        @Override
                        public void onError(Throwable t) {
                            subscriber.onError(t);
                        }

                        @Override
                        public void onComplete() {
                            subscriber.onComplete();
                        }
                    });
                }
            };
        }
    }

    /** PAYLOAD-3 and SET-3: a set refused as too large first removes the previous value. */
    public static final class LosesValueOnFailedSet extends ReferenceKvProvider {
        public LosesValueOnFailedSet() {
            super("broken-lossy", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() > limits().maxPayloadBytes()) {
                        delegate.delete(key);
                    }
                    delegate.set(key, value);
                }

                @Override
                public void set(String key, byte[] value) {
                    set(key, value == null ? null : Payload.copyOf(value));
                }
            };
        }
    }

    /** SET-2: writes a value in two steps, so a concurrent reader can see half of it. */
    public static final class TornWrites extends ReferenceKvProvider {
        public TornWrites() {
            super("broken-torn", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() > 1024) {
                        delegate.set(key, Payload.copyOf(value.toByteArray(), 0, value.size() / 2));
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000); // widen the torn window
                    }
                    delegate.set(key, value);
                }

                @Override
                public void set(String key, byte[] value) {
                    set(key, value == null ? null : Payload.copyOf(value));
                }
            };
        }
    }

    /** PERSIST-1: claims PERSISTENT, but a write is gone after reopening. */
    public static final class ForgetsOnReopen extends ReferenceKvProvider {
        public ForgetsOnReopen() {
            super("broken-forgetful", EnumSet.of(Capability.PERSISTENT));
        }
    }

    /** EXPIRY-1: claims EXPIRY it lacks. */
    public static final class ClaimsExpiry extends ReferenceKvProvider {
        public ClaimsExpiry() {
            super("broken-expiry", EnumSet.of(Capability.EXPIRY));
        }
    }

    /** GET-2: get of a missing key returns null. */
    public static final class NullOnMissing extends ReferenceKvProvider {
        public NullOnMissing() {
            super("broken-null", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public Payload get(String key) {
                    return delegate.find(key).orElse(null);
                }
            };
        }
    }

    /** GET-4: the NOT_FOUND exception carries a stack trace. */
    public static final class ExpensiveMiss extends ReferenceKvProvider {
        public ExpensiveMiss() {
            super("broken-trace", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public Payload get(String key) {
                    return delegate.find(key).orElseThrow(() -> KvException.of(KvException.Reason.NOT_FOUND,
                            "no such key '" + key + "' in store '" + name() + "'"));
                }
            };
        }
    }

    /** CLOSE-2: a closed handle fails with INVALID_ARGUMENT instead of CLOSED. */
    public static final class WrongClosedReason extends ReferenceKvProvider {
        public WrongClosedReason() {
            super("broken-closed", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                private void check() {
                    if (!isOpen()) {
                        throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "store '" + name() + "' is not usable");
                    }
                }

                @Override
                public Payload get(String key) {
                    check();
                    return super.get(key);
                }

                @Override
                public Optional<Payload> find(String key) {
                    check();
                    return super.find(key);
                }

                @Override
                public void set(String key, Payload value) {
                    check();
                    super.set(key, value);
                }

                @Override
                public void delete(String key) {
                    check();
                    super.delete(key);
                }
            };
        }
    }

    /** VIS-1 and CONC-2: each handle caches what it read, so it misses other handles' writes. */
    public static final class StaleHandleCache extends ReferenceKvProvider {
        public StaleHandleCache() {
            super("broken-stale", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                private final Map<String, Optional<Payload>> cache = new ConcurrentHashMap<>();

                @Override
                public Optional<Payload> find(String key) {
                    return cache.computeIfAbsent(key, delegate::find);
                }

                @Override
                public Payload get(String key) {
                    return find(key).orElseThrow(() -> KvException.notFound(name(), key));
                }

                @Override
                public void set(String key, Payload value) {
                    delegate.set(key, value);
                    cache.put(key, Optional.of(value));
                }

                @Override
                public void set(String key, byte[] value) {
                    set(key, value == null ? null : Payload.copyOf(value));
                }

                @Override
                public void delete(String key) {
                    delegate.delete(key);
                    cache.put(key, Optional.empty());
                }
            };
        }
    }

    /** DEL-2: deleting a key with no value publishes a DELETE event. */
    public static final class EventOnMissingDelete extends ReferenceKvProvider {
        public EventOnMissingDelete() {
            super("broken-delete-event", none());
        }

        @Override
        protected KvStore wrap(Store store) {
            return new ForwardingStore(store) {
                @Override
                public void delete(String key) {
                    if (delegate.isOpen() && key != null && !key.isEmpty() && delegate.find(key).isEmpty()) {
                        synchronized (delegate.backing.hub.lockFor(key)) {
                            delegate.backing.hub.publish(key, KvEvent.Kind.DELETE, null);
                        }
                        return;
                    }
                    delegate.delete(key);
                }
            };
        }
    }

    /** CLOSE-5 and CAP-2: keeps the data after the last close without declaring PERSISTENT. */
    public static final class KeepsDataAfterClose extends ReferenceKvProvider {
        public KeepsDataAfterClose() {
            super("broken-keeps", none());
        }

        @Override
        protected boolean keepsDataAfterLastClose() {
            return true;
        }
    }

    /** PROV-1: an id with capitals and an underscore. */
    public static final class BadId extends ReferenceKvProvider {
        public BadId() {
            super("Broken_Id", none());
        }
    }

    /** CONF-4: silently ignores a misspelt property. */
    public static final class IgnoresUnknownProperties extends ReferenceKvProvider {
        public IgnoresUnknownProperties() {
            super("broken-config", none());
        }

        @Override
        protected boolean checksUnknownProperties() {
            return false;
        }
    }
}
