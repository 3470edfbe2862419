package dev.kv.api.spi;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import dev.kv.api.internal.AsyncLanes;
import dev.kv.api.internal.EventSubscription;
import dev.kv.api.internal.LaneAsyncKvStore;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

/**
 * A base for store handles that gives a provider the spec's checks and watch for free. A provider implements
 * three storage methods and, if it holds resources, {@link #release()}:
 *
 * <pre>{@code
 * final class MapStore extends AbstractKvStore {
 *     private final ConcurrentMap<String, Payload> map;
 *     MapStore(String name, ConcurrentMap<String, Payload> map, WatchHub hub) {
 *         super("map", name, new KvLimits(4096, 1 << 20), hub);
 *         this.map = map;
 *     }
 *     protected Payload readValue(String key) { return map.get(key); }
 *     protected void writeValue(String key, Payload value) { map.put(key, value); }
 *     protected boolean removeValue(String key) { return map.remove(key) != null; }
 * }
 * }</pre>
 *
 * <p>What this class does before calling those methods: rejects a closed handle ({@code CLOSED}), a null,
 * empty, malformed or too long key ({@code INVALID_ARGUMENT}), a null payload ({@code INVALID_ARGUMENT}) or a
 * too large one ({@code PAYLOAD_TOO_LARGE}), and turns any other runtime failure of the storage methods into a
 * {@link KvException} with reason {@code STORAGE} naming the operation, key and store (a storage method may
 * throw a {@code KvException} itself to choose the reason). It publishes an event to the store's
 * {@link WatchHub} for every successful write of a watched key, holding the hub's key lock around the write
 * so events follow write order; unwatched keys take no lock.
 *
 * <p>The storage methods must be thread-safe and atomic per key, and a failing {@code writeValue} must leave
 * the previous value in place.
 *
 * <p>A provider that publishes events of its own to the hub (evictions, expiries, other processes' writes) must
 * order them with the writes made through this class. For a watched key this class calls
 * {@link #writeWatchedValue}, {@link #removeWatchedValue} and {@link #readWatchedValue} instead, holding the hub's
 * key lock; by default they call the plain methods, and a provider overrides them to do that ordering there, so
 * that the unwatched path stays free of it.
 *
 * @since 0.1
 */
public abstract class AbstractKvStore implements KvStore {

    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private static final VarHandle CLOSED_FIELD;

    static {
        try {
            CLOSED_FIELD = MethodHandles.lookup().findVarHandle(AbstractKvStore.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String providerId;
    private final String name;
    private final KvLimits limits;
    private final WatchHub hub;
    /** {@code limits.maxKeyBytes() / 3}: a key of at most this many UTF-16 units cannot be too long. */
    private final int maxCheapKeyLength;
    /** Read on every call: a plain volatile field, one load cheaper than an {@code AtomicBoolean}. */
    private volatile boolean closed;
    private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Object asyncLock = new Object();
    private volatile AsyncKvStore asyncView;
    private boolean holdsLanes; // guarded by asyncLock

    /**
     * Creates a handle.
     *
     * @param providerId the provider's id
     * @param name       the store's name, already checked with {@link StoreNames#check(String)}
     * @param limits     the largest key and payload this store accepts
     * @param hub        the watch hub shared by every handle of this store
     */
    protected AbstractKvStore(String providerId, String name, KvLimits limits, WatchHub hub) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.name = Objects.requireNonNull(name, "name");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.maxCheapKeyLength = limits.maxKeyBytes() / 3;
    }

    /**
     * Reads a value.
     *
     * @param key a legal key
     * @return the value, or {@code null} if the key has none
     */
    protected abstract Payload readValue(String key);

    /**
     * Stores a value, replacing any previous one atomically; on failure the previous value stays.
     *
     * @param key   a legal key
     * @param value a payload within the limits
     */
    protected abstract void writeValue(String key, Payload value);

    /**
     * Removes a value.
     *
     * @param key a legal key
     * @return {@code true} if a value was removed, {@code false} if the key had none
     */
    protected abstract boolean removeValue(String key);

    /**
     * Reads a value for a key that is watched, holding {@code hub().lockFor(key)}: the state this returns is
     * published next, as the key's state when its first watch began. By default {@link #readValue}.
     *
     * @param key a legal key
     * @return the value, or {@code null} if the key has none
     */
    protected Payload readWatchedValue(String key) {
        return readValue(key);
    }

    /**
     * Stores a value of a watched key, holding {@code hub().lockFor(key)}; its {@code SET} event is published
     * right after. By default {@link #writeValue}. Same contract as that method.
     *
     * @param key   a legal key
     * @param value a payload within the limits
     */
    protected void writeWatchedValue(String key, Payload value) {
        writeValue(key, value);
    }

    /**
     * Removes the value of a watched key, holding {@code hub().lockFor(key)}; if this returns {@code true} its
     * {@code DELETE} event is published right after. By default {@link #removeValue}.
     *
     * @param key a legal key
     * @return {@code true} if a value was removed, {@code false} if the key had none
     */
    protected boolean removeWatchedValue(String key) {
        return removeValue(key);
    }

    /**
     * The sequence number of the event this class publishes for {@code key} next: called holding
     * {@code hub().lockFor(key)}, on the thread that just returned from {@link #writeWatchedValue},
     * {@link #removeWatchedValue} or {@link #readWatchedValue} for it. By default 0: the hub numbers the store's
     * events itself. A provider whose keys carry revisions (a server's, shared by every process) returns the
     * one the call just wrote or read, so that an event's {@code sequence} is the same number wherever it is
     * watched; it must then give every event of the store its number (see
     * {@link WatchHub#publish(String, KvEvent.Kind, Payload, long)}).
     *
     * @param key a legal key
     * @return above every sequence number given for {@code key} before, or 0
     */
    protected long watchedSequence(String key) {
        return 0;
    }

    /**
     * Whether {@link #readValue} may be given a non-null key before it is checked, because the store can hold
     * nothing under an illegal key and a read of one simply finds nothing. If so, {@code get} and {@code find}
     * check the key only when the read finds nothing (a hit proves the key legal: only checked keys are ever
     * written), and a read of an illegal key still fails with {@code INVALID_ARGUMENT}. This saves the key check
     * on every hit, which matters for stores whose reads take a few nanoseconds.
     *
     * <p>Return {@code true} only if {@code readValue} is exact on the key string (no encoding that could map an
     * illegal key, such as one with an unpaired surrogate, onto a legal one) and harmless for any key. Default
     * {@code false}. Must always return the same value.
     *
     * @return {@code true} to check keys of reads on misses only
     */
    protected boolean readsOfIllegalKeysMiss() {
        return false;
    }

    /**
     * Releases what this handle holds. Called once, by the first {@link #close()}.
     */
    protected void release() {
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String rd() {
        return hub.rd();
    }

    @Override
    public final String providerId() {
        return providerId;
    }

    @Override
    public final KvLimits limits() {
        return limits;
    }

    /**
     * The watch hub of this store.
     *
     * @return the hub given to the constructor
     */
    protected final WatchHub hub() {
        return hub;
    }

    @Override
    public final Payload get(String key) {
        Payload value = read("get", key);
        if (value == null) {
            throw KvException.notFound(name, key);
        }
        return value;
    }

    @Override
    public final Optional<Payload> find(String key) {
        return Optional.ofNullable(read("find", key));
    }

    private Payload read(String op, String key) {
        checkOpen();
        if (key == null || !readsOfIllegalKeysMiss()) {
            checkKey(key);
            return readUnchecked(op, key);
        }
        // Only legal keys were ever stored, so a hit proves the key legal; a miss may be an illegal key.
        Payload value = readUnchecked(op, key);
        if (value == null) {
            checkKey(key);
        }
        return value;
    }

    private Payload readUnchecked(String op, String key) {
        try {
            return readValue(key);
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storageFailure(op, key, e);
        }
    }

    private Payload readWatched(String op, String key) {
        try {
            return readWatchedValue(key);
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storageFailure(op, key, e);
        }
    }

    @Override
    public final void set(String key, Payload value) {
        checkOpen();
        checkKey(key);
        checkPayload(key, value);
        if (hub.isWatched(key)) {
            synchronized (hub.lockFor(key)) {
                write(key, value, true);
                hub.publish(key, KvEvent.Kind.SET, value, watchedSequence(key));
            }
        } else {
            write(key, value, false);
            announceIfWatchStarted(key);
        }
    }

    private void write(String key, Payload value, boolean watched) {
        try {
            if (watched) {
                writeWatchedValue(key, value);
            } else {
                writeValue(key, value);
            }
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storageFailure("set", key, e);
        }
    }

    @Override
    public final void delete(String key) {
        checkOpen();
        checkKey(key);
        if (hub.isWatched(key)) {
            synchronized (hub.lockFor(key)) {
                if (remove(key, true)) {
                    hub.publish(key, KvEvent.Kind.DELETE, null, watchedSequence(key));
                }
            }
        } else if (remove(key, false)) {
            // A delete that removed nothing changed nothing, so it has nothing to announce (SPEC.md DEL-2).
            announceIfWatchStarted(key);
        }
    }

    private boolean remove(String key, boolean watched) {
        try {
            return watched ? removeWatchedValue(key) : removeValue(key);
        } catch (KvException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storageFailure("delete", key, e);
        }
    }

    /**
     * A write that found the key unwatched took no lock. If a watch began meanwhile, a locked write of the same
     * key may have published its event before this write landed; publishing the key's state now keeps the
     * watcher's last event equal to the stored value (SPEC.md WATCH-5).
     */
    void announceIfWatchStarted(String key) {
        if (hub.isWatched(key)) {
            synchronized (hub.lockFor(key)) {
                Payload current = readWatched("set", key);
                hub.publish(key, current == null ? KvEvent.Kind.DELETE : KvEvent.Kind.SET, current,
                        watchedSequence(key));
            }
        }
    }

    @Override
    public final Observable watch(String key) {
        checkOpen();
        checkKey(key);
        return new Observable(hub.rd(), key);
    }

    @Override
    public final Flow.Publisher<KvEvent> events(Observable observable) {
        checkOpen();
        if (observable == null) {
            throw invalid("observable must not be null (store " + Diagnostics.quote(name) + ")");
        }
        if (!observable.rd().equals(hub.rd())) {
            throw invalid("observable of store " + observable.rd() + " cannot be used with store " + hub.rd());
        }
        String key = observable.key();
        checkKey(key);
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber must not be null (Reactive Streams rule 1.9)");
            if (closed) {
                // Rule 1.9: a publisher signals failure through the subscriber, it does not throw.
                subscriber.onSubscribe(CANCELLED);
                subscriber.onError(KvException.of(KvException.Reason.CLOSED, closedMessage()));
                return;
            }
            EventSubscription s = hub.subscribe(key, subscriber, subscriptions::remove);
            subscriptions.add(s);
            if (closed) {
                s.complete();
            }
        };
    }

    /**
     * The asynchronous view of this handle, made once by {@link #newAsyncView()}. A view on kv's shared lanes
     * keeps them in use until this handle closes.
     */
    @Override
    public final AsyncKvStore async() {
        AsyncKvStore view = asyncView;
        if (view != null) {
            return view;
        }
        synchronized (asyncLock) {
            if (asyncView == null) {
                AsyncKvStore made = newAsyncView();
                // Both use the lanes (the native view for watched keys' writes) and their completion threads.
                if ((made instanceof LaneAsyncKvStore || made instanceof NativeAsyncKvStore) && !closed) {
                    AsyncLanes.shared().acquire();
                    holdsLanes = true;
                }
                asyncView = made;
            }
            return asyncView;
        }
    }

    /**
     * Makes this handle's asynchronous view, once. By default {@link AsyncViews#blocking(KvStore)}: the blocking
     * calls on kv's shared lanes. A store whose calls never wait may return {@link AsyncViews#immediate(KvStore)};
     * one with a native asynchronous client, its own view (keeping SPEC.md's ASYNC clauses).
     *
     * @return the view, whose {@link AsyncKvStore#synchronous()} is this handle
     */
    protected AsyncKvStore newAsyncView() {
        return AsyncViews.blocking(this);
    }

    /**
     * An asynchronous view for {@link #newAsyncView()} whose operations run {@code storage}'s non-blocking calls,
     * with this class's checks and SPEC.md's ASYNC promises kept around them: arguments and closed handle
     * reported through the future, one key's operations in issue order (each starts when the key's previous one
     * finished), writes of keys watched in this JVM as the blocking call on kv's lanes (so their events are
     * published under the key's lock), stages of callers on kv's completion threads, failures as the blocking
     * call reports them.
     *
     * @param storage the provider's non-blocking calls
     * @return the view, whose {@link AsyncKvStore#synchronous()} is this handle
     * @since 0.2
     */
    protected final AsyncKvStore nativeAsyncView(AsyncStorage storage) {
        return new NativeAsyncKvStore(this, Objects.requireNonNull(storage, "storage"), AsyncLanes.shared());
    }

    @Override
    public final boolean isOpen() {
        return !closed;
    }

    @Override
    public final void close() {
        if (CLOSED_FIELD.compareAndSet(this, false, true)) {
            for (EventSubscription s : subscriptions) {
                s.complete();
            }
            synchronized (asyncLock) {
                if (holdsLanes) {
                    holdsLanes = false;
                    AsyncLanes.shared().release();
                }
            }
            release();
        }
    }

    /**
     * Throws {@code CLOSED} if this handle is closed; for provider methods beyond the ones checked here.
     */
    protected final void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    KvException closedException() {
        return KvException.of(KvException.Reason.CLOSED, closedMessage());
    }

    /** For the native asynchronous view: the payload checks of {@code set}. */
    void checkPayloadOf(String key, Payload value) {
        checkPayload(key, value);
    }

    /** Whether a watch of {@code key} is open on this store in this JVM. */
    boolean isWatched(String key) {
        return hub.isWatched(key);
    }

    private String closedMessage() {
        return "store " + Diagnostics.quote(name) + " (" + hub.rd() + ") is closed";
    }

    /**
     * Checks a key against SPEC.md's KEY clauses and this store's limit.
     *
     * @param key the key
     * @throws KvException with reason {@code INVALID_ARGUMENT} naming the key and store
     */
    protected final void checkKey(String key) {
        // Every call checks its key, so the common case must be cheap, and small: a store call the JIT cannot
        // inline costs more than the check. n UTF-16 units are at most 3n UTF-8 bytes, so such a key cannot be
        // too long, and without surrogates it cannot hold an unpaired one. Everything else is decided out of line.
        if (key == null || key.isEmpty() || key.length() > maxCheapKeyLength || containsSurrogate(key)) {
            checkKeyExactly(key);
        }
    }

    private void checkKeyExactly(String key) {
        if (key == null) {
            throw invalid("key must not be null (store " + Diagnostics.quote(name) + ")");
        }
        int n = key.length();
        if (n == 0) {
            throw invalid("key must not be empty (store " + Diagnostics.quote(name) + ")");
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("key " + Diagnostics.quote(key) + " contains an unpaired surrogate at index " + i
                        + " (store " + Diagnostics.quote(name) + ")");
            }
        }
        int utf8 = Utf8.encodedLength(key);
        if (utf8 > limits.maxKeyBytes()) {
            throw invalid("key " + Diagnostics.quote(key) + " is " + utf8 + " UTF-8 bytes long; store "
                    + Diagnostics.quote(name) + " accepts at most " + limits.maxKeyBytes());
        }
    }

    private static boolean containsSurrogate(String key) {
        for (int i = 0, n = key.length(); i < n; i++) {
            if (Character.isSurrogate(key.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private void checkPayload(String key, Payload value) {
        if (value == null) {
            throw invalid("payload for key " + Diagnostics.quote(key) + " in store " + Diagnostics.quote(name)
                    + " must not be null");
        }
        if (value.size() > limits.maxPayloadBytes()) {
            throw payloadTooLarge(key, value);
        }
    }

    private KvException payloadTooLarge(String key, Payload value) {
        return KvException.of(KvException.Reason.PAYLOAD_TOO_LARGE, "payload of " + value.size()
                + " bytes for key " + Diagnostics.quote(key) + " is larger than the " + limits.maxPayloadBytes()
                + " bytes store " + Diagnostics.quote(name) + " accepts; the previous value is unchanged");
    }

    KvException storageFailure(String op, String key, RuntimeException e) {
        return KvException.of(KvException.Reason.STORAGE, op + " of key " + Diagnostics.quote(key) + " in store "
                + Diagnostics.quote(name) + " (" + hub.rd() + ") failed: " + e, e);
    }

    private static KvException invalid(String message) {
        return KvException.of(KvException.Reason.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + hub.rd() + (closed ? ", closed" : "") + "]";
    }
}
