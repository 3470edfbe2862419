package dev.kv.api.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The stores a provider has open in this JVM, by name, with a count of open handles each, so that handles
 * opened with the same name share one underlying store and the last {@code release} closes it.
 *
 * <pre>{@code
 * private final SharedStores<Backing> stores = new SharedStores<>();
 * public KvStore open(String name, KvConfig config) {
 *     Backing b = stores.acquire(name, n -> new Backing(n, config));
 *     return new MyStore(name, b, () -> stores.release(name, Backing::close));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Opening and releasing are serialised, which is fine for operations that happen once per
 * handle; reads and writes never touch this class.
 *
 * @param <S> the provider's per-store state
 * @since 0.1
 */
public final class SharedStores<S> {

    private final Map<String, Entry<S>> open = new HashMap<>();

    private static final class Entry<S> {
        final S store;
        int handles;

        Entry(S store) {
            this.store = store;
        }
    }

    /**
     * The store for {@code key}, created with {@code creator} if no handle holds it; counts one more handle.
     *
     * @param key     the store's identity, usually its name (plus whatever else makes two stores different)
     * @param creator makes the store; if it throws, nothing is counted
     * @return the shared store
     */
    public synchronized S acquire(String key, Function<String, S> creator) {
        Entry<S> e = open.get(key);
        if (e == null) {
            e = new Entry<>(Objects.requireNonNull(creator.apply(key), "creator returned null"));
            open.put(key, e);
        }
        e.handles++;
        return e.store;
    }

    /**
     * Counts one handle fewer; when none is left, forgets the store and passes it to {@code closer}.
     *
     * @param key    the store's identity
     * @param closer releases the store when its last handle goes
     * @return {@code true} if this was the last handle
     */
    public boolean release(String key, Consumer<S> closer) {
        S last;
        synchronized (this) {
            Entry<S> e = open.get(key);
            if (e == null) {
                throw new IllegalStateException("release of " + key + " without a matching acquire");
            }
            if (--e.handles > 0) {
                return false;
            }
            open.remove(key);
            last = e.store;
        }
        closer.accept(last);
        return true;
    }

    /**
     * How many handles hold {@code key}.
     *
     * @param key the store's identity
     * @return the count, 0 if none
     */
    public synchronized int handles(String key) {
        Entry<S> e = open.get(key);
        return e == null ? 0 : e.handles;
    }

    /**
     * The stores open now, for listings such as {@link KvProvider#stores}: a copy, so it neither changes under
     * its reader nor holds a store open.
     *
     * @return each open store by its identity, in the identities' natural order
     * @since 0.3
     */
    public synchronized SortedMap<String, S> open() {
        TreeMap<String, S> copy = new TreeMap<>();
        open.forEach((key, entry) -> copy.put(key, entry.store));
        return copy;
    }
}
