package dev.kv.provider.memory;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigDifferences;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.SharedStores;
import dev.kv.api.spi.StoreInfo;
import dev.kv.api.spi.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
        ConfigDifferences differences = shared.settings().differences(settings);
        if (!differences.isEmpty()) {
            stores.release(name, SharedCache::close);
            throw differences.refusal("memory store " + Diagnostics.quote(name));
        }
        return new MemoryStore(shared, () -> stores.release(name, SharedCache::close));
    }

    /** The stores open in this JVM (a memory store lives from its first open to its last close), by name. */
    @Override
    public List<StoreInfo> stores(KvConfig config) {
        MemorySettings.check(config);
        List<StoreInfo> listed = new ArrayList<>();
        stores.open().values().forEach(store -> listed.add(info(store)));
        return listed;
    }

    @Override
    public Optional<StoreInfo> store(String name, KvConfig config) {
        StoreNames.check(name);
        MemorySettings.from(name, config);
        return Optional.ofNullable(stores.open().get(name)).map(MemoryKvProvider::info);
    }

    /**
     * Never removes anything: a store that exists has open handles (its data goes when the last one closes), and
     * one that has none does not exist.
     */
    @Override
    public void drop(String name, KvConfig config) {
        StoreNames.check(name);
        MemorySettings.from(name, config);
        int handles = stores.handles(name);
        if (handles == 0) {
            throw KvException.of(KvException.Reason.NOT_FOUND, "there is no memory store " + Diagnostics.quote(name)
                    + " in this JVM (a memory store exists only while a handle to it is open)");
        }
        throw KvException.of(KvException.Reason.STORAGE, "memory store " + Diagnostics.quote(name) + " is open in"
                + " this JVM (" + handles + (handles == 1 ? " handle" : " handles") + "); its data goes when the last"
                + " handle closes");
    }

    private static StoreInfo info(SharedCache store) {
        return new StoreInfo(store.name(), store.weightedSize(), "this JVM's heap");
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
