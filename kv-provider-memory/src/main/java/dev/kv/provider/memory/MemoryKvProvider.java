package dev.kv.provider.memory;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.SharedStores;
import dev.kv.api.spi.StoreNames;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The {@code memory} provider: stores held in this JVM's heap, in a Caffeine cache per store.
 *
 * <p>Promises:
 * <ul>
 *   <li>Handles opened with the same name in one JVM share one store (whichever instance of this class opened
 *       them); different names are isolated. A second open of an open name must resolve to the same
 *       configuration, otherwise it fails with {@code CONFIGURATION} naming the properties that differ.</li>
 *   <li>When the last handle of a store closes, its data is discarded: a later open of the name starts empty.
 *       Nothing is shared with other processes and nothing survives the JVM.</li>
 *   <li>A store holds at most {@code kv.memory.maximumBytes}, counting each entry as its key's UTF-8 length plus
 *       its payload's size; beyond it Caffeine evicts entries and watchers of those keys receive {@code EVICT}.
 *       With {@code kv.memory.expireAfterWrite} or {@code kv.memory.expireAfterAccess} set, values expire and
 *       watchers receive {@code EXPIRE}. Either event arrives in order with the key's other events.</li>
 *   <li>Reads return the stored immutable payload without copying; a write copies nothing beyond what
 *       {@link dev.kv.api.Payload} already copied.</li>
 *   <li>{@code store.unwrap(com.github.benmanes.caffeine.cache.Cache.class)} returns the store's cache, whose
 *       statistics count hits, misses and evictions unless {@code kv.memory.recordStats} is {@code false}.</li>
 * </ul>
 *
 * <p>Thread-safe. Instantiated by {@link java.util.ServiceLoader}; applications use {@link dev.kv.api.Kv}.
 *
 * @since 0.1
 */
public final class MemoryKvProvider implements KvProvider {

    /** This provider's id. */
    static final String ID = "memory";

    /** Stores open in this JVM, shared by every instance that discovery or users create. */
    private static final SharedStores<SharedCache> STORES = new SharedStores<>();

    private final SharedStores<SharedCache> stores;
    private final Tuning tuning;

    /**
     * Creates the provider; every instance shares the stores open in this JVM.
     */
    public MemoryKvProvider() {
        this(STORES, Tuning.DEFAULT);
    }

    /** A provider with its own stores and the given clock and executors, for tests. */
    MemoryKvProvider(Tuning tuning) {
        this(new SharedStores<>(), tuning);
    }

    private MemoryKvProvider(SharedStores<SharedCache> stores, Tuning tuning) {
        this.stores = stores;
        this.tuning = Objects.requireNonNull(tuning, "tuning");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "in-memory stores on Caffeine, bounded by bytes, optional expiry; not persistent";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.EVICTION, Capability.EXPIRY);
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        return MemorySettings.PROPERTIES;
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        if (config == null) {
            throw KvException.of(KvException.Reason.INVALID_ARGUMENT,
                    "configuration for memory store " + Diagnostics.quote(name) + " must not be null");
        }
        MemorySettings settings = MemorySettings.from(name, config);
        SharedCache shared = stores.acquire(name, n -> create(n, settings));
        if (!shared.settings().equals(settings)) {
            List<String> differences = shared.settings().differences(settings);
            stores.release(name, SharedCache::close);
            throw KvException.of(KvException.Reason.CONFIGURATION, "memory store " + Diagnostics.quote(name)
                    + " is already open with another configuration: " + String.join("; ", differences)
                    + ". Open it with the same configuration, or close its handles first");
        }
        return new MemoryStore(shared, () -> stores.release(name, SharedCache::close));
    }

    private SharedCache create(String name, MemorySettings settings) {
        try {
            return new SharedCache(name, settings, tuning);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw KvException.of(KvException.Reason.CONFIGURATION,
                    "cannot open memory store " + Diagnostics.quote(name) + " with " + settings + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MemoryKvProvider[" + ID + "]";
    }

    /**
     * The clock and threads behind the caches. Tests use a ticker they advance by hand and run Caffeine's
     * maintenance on the calling thread, so eviction and expiry happen at points they choose.
     *
     * @param ticker        Caffeine's clock
     * @param cacheExecutor runs Caffeine's maintenance; {@code null} for Caffeine's default (the common pool)
     * @param scheduler     wakes the cache when the next entry expires
     */
    record Tuning(Ticker ticker, Executor cacheExecutor, Scheduler scheduler) {
        static final Tuning DEFAULT = new Tuning(Ticker.systemTicker(), null, Scheduler.systemScheduler());

        Tuning {
            Objects.requireNonNull(ticker, "ticker");
            Objects.requireNonNull(scheduler, "scheduler");
        }
    }
}
