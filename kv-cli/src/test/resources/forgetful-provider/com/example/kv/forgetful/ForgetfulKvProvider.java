package com.example.kv.forgetful;

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

/** The README's map provider, with one bug: delete forgets to delete. */
public final class ForgetfulKvProvider implements KvProvider {
    private final SharedStores<Shared> stores = new SharedStores<>();

    private static final class Shared {
        final ConcurrentMap<String, Payload> map = new ConcurrentHashMap<>();
        final WatchHub hub;

        Shared(String name, KvConfig config) {
            hub = new WatchHub("forgetful:" + name, config);
        }
    }

    /** For ServiceLoader. */
    public ForgetfulKvProvider() {
    }

    @Override
    public String id() {
        return "forgetful";
    }

    @Override
    public String description() {
        return "a broken provider whose delete keeps the value";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        Shared shared = stores.acquire(name, n -> new Shared(n, config));
        return new AbstractKvStore(id(), name, new KvLimits(4096, 16 << 20), shared.hub) {
            @Override
            protected Payload readValue(String key) {
                return shared.map.get(key);
            }

            @Override
            protected void writeValue(String key, Payload value) {
                shared.map.put(key, value);
            }

            @Override
            protected boolean removeValue(String key) {
                return shared.map.containsKey(key); // the bug: reports a removal, removes nothing
            }

            @Override
            protected void release() {
                stores.release(name, s -> s.hub.close());
            }
        };
    }
}
