package dev.kv.micrometer;

import dev.kv.api.KvConfig;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.SharedStores;
import dev.kv.api.spi.StoreNames;
import dev.kv.api.spi.WatchHub;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A small provider for the tests: a map per store name, the toolkit's watch, and two levers: a hook run inside
 * every storage call (the tests advance a mock clock there, to give operations a known duration) and a failure to
 * throw from the next write.
 */
final class TestProvider implements KvProvider {

    static final class Backing {
        final ConcurrentMap<String, Payload> map = new ConcurrentHashMap<>();
        final WatchHub hub;

        Backing(String name, KvConfig config) {
            hub = new WatchHub("test:" + name, config);
        }
    }

    private final SharedStores<Backing> stores = new SharedStores<>();
    volatile Runnable duringStorageCall = () -> { };
    volatile RuntimeException failNextWrite;

    @Override
    public String id() {
        return "test";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        Backing backing = stores.acquire(name, n -> new Backing(n, config));
        return new AbstractKvStore(id(), name, new KvLimits(256, 1 << 20), backing.hub) {
            @Override
            protected Payload readValue(String key) {
                duringStorageCall.run();
                return backing.map.get(key);
            }

            @Override
            protected void writeValue(String key, Payload value) {
                duringStorageCall.run();
                RuntimeException failure = failNextWrite;
                if (failure != null) {
                    failNextWrite = null;
                    throw failure;
                }
                backing.map.put(key, value);
            }

            @Override
            protected boolean removeValue(String key) {
                duringStorageCall.run();
                return backing.map.remove(key) != null;
            }

            @Override
            protected void release() {
                stores.release(name, b -> b.hub.close());
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                if (type == ConcurrentMap.class) {
                    return type.cast(backing.map);
                }
                return super.unwrap(type);
            }
        };
    }
}
