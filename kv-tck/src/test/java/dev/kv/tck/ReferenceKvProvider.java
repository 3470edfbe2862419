package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvLimits;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.SharedStores;
import dev.kv.api.spi.StoreInfo;
import dev.kv.api.spi.StoreNames;
import dev.kv.api.spi.WatchHub;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kit's reference: a correct in-memory provider on a ConcurrentHashMap, built on AbstractKvStore. The
 * broken providers of the self-test are variations of it. Not registered with ServiceLoader, so that it never
 * appears among other modules' providers.
 */
public class ReferenceKvProvider implements KvProvider {

    static final ConfigProperty<Long> MAX_KEY_BYTES = ConfigProperty.ofLong("kv.reference.maxKeyBytes", 1024, 256,
            1 << 16, "Longest key in UTF-8 bytes");

    /** Stores open in this JVM, per provider id: every instance of one provider sees the same stores (VIS-1). */
    private static final ConcurrentHashMap<String, SharedStores<Backing>> STORES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, ConcurrentHashMap<String, Backing>> KEPT = new ConcurrentHashMap<>();

    private final SharedStores<Backing> stores;
    private final ConcurrentHashMap<String, Backing> kept;
    private final String id;
    private final Set<Capability> capabilities;

    /** The reference itself. */
    public ReferenceKvProvider() {
        this("reference", EnumSet.noneOf(Capability.class));
    }

    /**
     * A variant, for broken providers.
     *
     * @param id           the id it reports
     * @param capabilities what it declares
     */
    protected ReferenceKvProvider(String id, Set<Capability> capabilities) {
        this.id = id;
        this.stores = STORES.computeIfAbsent(id, k -> new SharedStores<>());
        this.kept = KEPT.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    /**
     * A reference of its own id, with stores of its own, for the broken providers to forward to.
     *
     * @param id the id
     * @return a correct provider
     */
    public static ReferenceKvProvider named(String id) {
        return new ReferenceKvProvider(id, EnumSet.noneOf(Capability.class));
    }

    /**
     * Checks a store name; a broken provider overrides it.
     *
     * @param name the name
     */
    protected void checkName(String name) {
        StoreNames.check(name);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        return List.of(MAX_KEY_BYTES, WatchHub.BUFFER_SIZE);
    }

    /** The stores open in this JVM and, for a variant that keeps data after the last close, those kept. */
    @Override
    public List<StoreInfo> stores(KvConfig config) {
        checkConfiguration(config);
        TreeSet<String> names = new TreeSet<>(stores.open().keySet());
        names.addAll(kept.keySet());
        List<StoreInfo> listed = new ArrayList<>();
        names.forEach(n -> listed.add(new StoreInfo(n, -1, "this JVM's heap")));
        return listed;
    }

    @Override
    public Optional<StoreInfo> store(String name, KvConfig config) {
        checkName(name);
        checkConfiguration(config);
        String identity = identity(name);
        return stores.handles(identity) > 0 || kept.containsKey(identity)
                ? Optional.of(new StoreInfo(name, -1, "this JVM's heap")) : Optional.empty();
    }

    /** Refuses an open store; removes one kept after its last close; NOT_FOUND otherwise. */
    @Override
    public void drop(String name, KvConfig config) {
        checkName(name);
        String identity = identity(name);
        int handles = stores.handles(identity);
        if (handles > 0) {
            Backing open = stores.open().get(identity);
            if (dropsOpenStores() && open != null) {
                open.map.clear();
                return;
            }
            throw KvException.of(KvException.Reason.STORAGE, "store " + Diagnostics.quote(name) + " is open ("
                    + handles + " handles); nothing was removed");
        }
        if (kept.remove(identity) == null) {
            throw KvException.of(KvException.Reason.NOT_FOUND, "there is no store " + Diagnostics.quote(name));
        }
    }

    /**
     * Whether drop empties a store that is still open; a broken provider overrides it.
     *
     * @return false for the reference
     */
    protected boolean dropsOpenStores() {
        return false;
    }

    /** The per-store state shared by the handles of one name. */
    protected static final class Backing {
        final Map<String, Payload> map;
        final WatchHub hub;

        Backing(String rd, KvConfig config, Map<String, Payload> map) {
            this.hub = new WatchHub(rd, config);
            this.map = map;
        }
    }

    /**
     * How a name maps to the store's identity; a broken provider overrides it.
     *
     * @param name the name
     * @return the identity
     */
    protected String identity(String name) {
        return name;
    }

    /**
     * The map that holds a store's values; a broken provider returns one that is not thread-safe.
     *
     * @return a ConcurrentHashMap for the reference
     */
    protected Map<String, Payload> newMap() {
        return new ConcurrentHashMap<>();
    }

    /**
     * Whether the data survives the last close; a broken provider overrides it.
     *
     * @return false for the reference
     */
    protected boolean keepsDataAfterLastClose() {
        return false;
    }

    /**
     * Whether open refuses undocumented properties; a broken provider overrides it.
     *
     * @return true for the reference
     */
    protected boolean checksUnknownProperties() {
        return true;
    }

    /** Refuses what open refuses; returns the longest key. */
    private int checkConfiguration(KvConfig config) {
        if (checksUnknownProperties()) {
            ConfigProperty.rejectUnknown("kv." + id + ".", config, configProperties());
        }
        WatchHub.BUFFER_SIZE.from(config);
        return Math.toIntExact(MAX_KEY_BYTES.from(config));
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        checkName(name);
        int maxKey = checkConfiguration(config);
        String identity = identity(name);
        Backing b = stores.acquire(identity, n -> keepsDataAfterLastClose()
                ? kept.computeIfAbsent(n, k -> new Backing(id + ":" + k, config, newMap()))
                : new Backing(id + ":" + n, config, newMap()));
        return wrap(new Store(id, name, new KvLimits(maxKey, 1 << 20), b, () -> stores.release(identity, x -> {
            if (!keepsDataAfterLastClose()) {
                x.hub.close();
            }
        })));
    }

    /**
     * Lets a broken provider wrap the handle.
     *
     * @param store the correct handle
     * @return the handle to return
     */
    protected KvStore wrap(Store store) {
        return store;
    }

    /** The reference handle. */
    protected static class Store extends AbstractKvStore {
        final Backing backing;
        private final Runnable onRelease;

        Store(String id, String name, KvLimits limits, Backing backing, Runnable onRelease) {
            super(id, name, limits, backing.hub);
            this.backing = backing;
            this.onRelease = onRelease;
        }

        @Override
        protected Payload readValue(String key) {
            return backing.map.get(key);
        }

        @Override
        protected void writeValue(String key, Payload value) {
            backing.map.put(key, value);
        }

        @Override
        protected boolean removeValue(String key) {
            return backing.map.remove(key) != null;
        }

        @Override
        protected void release() {
            onRelease.run();
        }
    }
}
