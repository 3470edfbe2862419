package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.spi.Capability;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Broken providers of the CLOSE, VIS, PROV and CAP clauses, each violating one. */
final class BrokenHandles {

    private BrokenHandles() {
    }

    /** CLOSE-1: a second close() throws. */
    public static final class CloseTwiceThrows extends BrokenProvider {
        public CloseTwiceThrows() {
            super("broken-close-twice");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            AtomicBoolean closed = new AtomicBoolean();
            return new Store(store) {
                @Override
                public void close() {
                    if (!closed.compareAndSet(false, true)) {
                        throw new IllegalStateException("already closed");
                    }
                    super.close();
                }
            };
        }
    }

    /** CLOSE-2: isOpen() stays true after close(). */
    public static final class StillOpen extends BrokenProvider {
        public StillOpen() {
            super("broken-still-open");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public boolean isOpen() {
                    return true;
                }
            };
        }
    }

    /** CLOSE-3: closing any handle closes every handle of the store. */
    public static final class CloseClosesAll extends BrokenProvider {
        private final Map<String, List<KvStore>> open = new ConcurrentHashMap<>();

        public CloseClosesAll() {
            super("broken-close-all");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            List<KvStore> handles = open.computeIfAbsent(store.name(), n -> new CopyOnWriteArrayList<>());
            handles.add(store);
            return new Store(store) {
                @Override
                public void close() {
                    for (KvStore h : handles) {
                        h.close();
                    }
                    handles.clear();
                }
            };
        }
    }

    /** CLOSE-4: closing a handle leaves its subscriptions hanging (onComplete is swallowed). */
    public static final class NoCompleteOnClose extends BrokenWatch.Relaying {
        public NoCompleteOnClose() {
            super("broken-no-complete");
        }

        @Override
        Flow.Subscriber<KvEvent> relay(Flow.Subscriber<? super KvEvent> out) {
            return new BrokenWatch.Relay(out) {
                @Override
                public void onComplete() {
                    // broken on purpose
                }
            };
        }
    }

    /** CLOSE-2: operations on a closed handle fail with STORAGE naming nothing (a backend's own error). */
    public static final class ClosedAsStorage extends BrokenProvider {
        public ClosedAsStorage() {
            super("broken-closed-storage");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public dev.kv.api.Payload get(String key) {
                    if (!isOpen()) {
                        throw KvException.of(KvException.Reason.STORAGE, "connection is gone");
                    }
                    return super.get(key);
                }
            };
        }
    }

    /**
     * A publisher made before close() and subscribed after it, which does {@link #whenClosed} instead of failing
     * with CLOSED through onSubscribe and onError; events() on the closed handle itself still fails correctly.
     */
    abstract static class LatePublisher extends BrokenProvider {
        LatePublisher(String id) {
            super(id);
        }

        abstract void whenClosed(Flow.Subscriber<? super KvEvent> subscriber, String store);

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Flow.Publisher<KvEvent> events(Observable observable) {
                    Flow.Publisher<KvEvent> real = super.events(observable);
                    return subscriber -> {
                        if (isOpen()) {
                            real.subscribe(subscriber);
                        } else {
                            whenClosed(subscriber, name());
                        }
                    };
                }
            };
        }
    }

    /** CLOSE-2: the late publisher completes quietly (a "no more events" shortcut) instead of failing with CLOSED. */
    public static final class LatePublisherCompletes extends LatePublisher {
        public LatePublisherCompletes() {
            super("broken-late-publisher");
        }

        @Override
        void whenClosed(Flow.Subscriber<? super KvEvent> subscriber, String store) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onComplete();
        }
    }

    /**
     * CLOSE-2: the late publisher sends onError(CLOSED) without onSubscribe first (Reactive Streams rule 1.9 wants
     * onSubscribe before any other signal).
     */
    public static final class LateErrorWithoutSubscribe extends LatePublisher {
        public LateErrorWithoutSubscribe() {
            super("broken-late-error");
        }

        @Override
        void whenClosed(Flow.Subscriber<? super KvEvent> subscriber, String store) {
            subscriber.onError(KvException.of(KvException.Reason.CLOSED, "store '" + store + "' is closed"));
        }
    }

    /** CLOSE-5: data kept in a static cache after the last close, without PERSISTENT. */
    public static final class CachesClosedStores extends ReferenceKvProvider {
        public CachesClosedStores() {
            super("broken-cached-stores", EnumSet.noneOf(Capability.class));
        }

        @Override
        protected boolean keepsDataAfterLastClose() {
            return true;
        }
    }

    /** VIS-1: every provider instance keeps stores of its own, so two instances over one name disagree. */
    public static final class StoresPerInstance extends ForwardingStoresPerInstance {
        public StoresPerInstance() {
            super();
        }
    }

    /** The reference with a fresh id per instance behind one visible id. */
    static class ForwardingStoresPerInstance extends dev.kv.api.spi.ForwardingKvProvider {
        private static final AtomicInteger INSTANCES = new AtomicInteger();

        ForwardingStoresPerInstance() {
            super("broken-per-instance", ReferenceKvProvider.named("ref-instance-" + INSTANCES.incrementAndGet()));
        }

        @Override
        protected KvStore wrap(KvStore store) {
            String rd = id() + ":" + store.name();
            return new dev.kv.api.spi.ForwardingKvStore(store, id()) {
                @Override
                public String rd() {
                    return rd; // one rd per name, as if the stores were shared
                }

                @Override
                public Observable watch(String key) {
                    return new Observable(rd, super.watch(key).key());
                }

                @Override
                public Flow.Publisher<KvEvent> events(Observable o) {
                    return o != null && rd.equals(o.rd()) ? super.events(super.watch(o.key())) : super.events(o);
                }
            };
        }
    }

    /** VIS-2: trailing dots and spaces dropped from names, as Windows file names do, so "x." is "x". */
    public static final class WindowsNames extends ReferenceKvProvider {
        public WindowsNames() {
            super("broken-windows-names", EnumSet.noneOf(Capability.class));
        }

        @Override
        protected String identity(String name) {
            String n = name.replaceAll("[. ]+$", "");
            return n.isEmpty() ? name : n;
        }
    }

    /** PROV-1: the id changes between calls. */
    public static final class UnstableId extends ReferenceKvProvider {
        private final AtomicInteger calls = new AtomicInteger();

        public UnstableId() {
            super("broken-unstable-id", EnumSet.noneOf(Capability.class));
        }

        @Override
        public String id() {
            return calls.incrementAndGet() > 3 ? "broken-unstable-id-" + calls.get() : "broken-unstable-id";
        }
    }

    /** PROV-2: registered nowhere: no META-INF/services entry (and, in test classes, no module-info). */
    public static final class Unregistered extends BrokenProvider {
        public Unregistered() {
            super("broken-unregistered");
        }
    }

    /** CAP-1: capabilities() returns null. */
    public static final class NullCapabilities extends BrokenProvider {
        public NullCapabilities() {
            super("broken-null-capabilities");
        }

        @Override
        public Set<Capability> capabilities() {
            return null;
        }
    }

    /** CAP-1: declares CROSS_PROCESS_WATCH without the MULTI_PROCESS it builds on. */
    public static final class WatchWithoutProcesses extends BrokenProvider {
        public WatchWithoutProcesses() {
            super("broken-watch-without-processes", EnumSet.of(Capability.CROSS_PROCESS_WATCH));
        }
    }

    /** CAP-3: unwrap to an unknown type throws ClassCastException. */
    public static final class UnwrapCasts extends BrokenProvider {
        public UnwrapCasts() {
            super("broken-unwrap-cast");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public <T> T unwrap(Class<T> type) {
                    return type.cast(this);
                }
            };
        }
    }

    /** CAP-3: unwrap's UNSUPPORTED error names neither the operation nor the provider. */
    public static final class UnwrapVague extends BrokenProvider {
        public UnwrapVague() {
            super("broken-unwrap-vague");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public <T> T unwrap(Class<T> type) {
                    if (type != null && type.isInstance(this)) {
                        return type.cast(this);
                    }
                    throw KvException.of(KvException.Reason.UNSUPPORTED, "not supported");
                }
            };
        }
    }

    /** Opens with a fixed configuration; for the configuration brokens. */
    static KvConfig nothing() {
        return KvConfig.empty();
    }
}
