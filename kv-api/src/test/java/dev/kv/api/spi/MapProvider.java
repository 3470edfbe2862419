package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The smallest correct provider: what the toolkit promises a provider author can write in a few dozen lines. */
final class MapProvider implements KvProvider {

    private static final class Shared {
        final ConcurrentMap<String, Payload> map = new ConcurrentHashMap<>();
        final WatchHub hub;

        Shared(String name, KvConfig config) {
            hub = new WatchHub("map:" + name, config);
        }
    }

    private final SharedStores<Shared> stores = new SharedStores<>();
    volatile RuntimeException failNextWrite;

    @Override
    public String id() {
        return "map";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        Shared shared = stores.acquire(name, n -> new Shared(n, config));
        return new AbstractKvStore(id(), name, new KvLimits(256, 1 << 20), shared.hub) {
            @Override
            protected Payload readValue(String key) {
                return shared.map.get(key);
            }

            @Override
            protected void writeValue(String key, Payload value) {
                RuntimeException failure = failNextWrite;
                if (failure != null) {
                    failNextWrite = null;
                    throw failure;
                }
                shared.map.put(key, value);
            }

            @Override
            protected boolean removeValue(String key) {
                return shared.map.remove(key) != null;
            }

            @Override
            protected void release() {
                stores.release(name, s -> s.hub.close());
            }
        };
    }
}
