package dev.kv.tck.internal.fake;

import dev.kv.api.KvConfig;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.StoreNames;
import dev.kv.api.spi.WatchHub;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A second provider for the PROV checks, id {@code tck-fake}; defined in an isolated loader, never registered. */
public class FakeKvProvider implements KvProvider {

    /** For ServiceLoader. */
    public FakeKvProvider() {
    }

    @Override
    public String id() {
        return "tck-fake";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        return new FakeStore(id(), name, new WatchHub(id() + ":" + name, config));
    }

    /** A throwaway store. */
    static final class FakeStore extends AbstractKvStore {
        private final ConcurrentHashMap<String, Payload> map = new ConcurrentHashMap<>();

        FakeStore(String id, String name, WatchHub hub) {
            super(id, name, new KvLimits(KvLimits.MIN_KEY_BYTES, KvLimits.MIN_PAYLOAD_BYTES), hub);
        }

        @Override
        protected Payload readValue(String key) {
            return map.get(key);
        }

        @Override
        protected void writeValue(String key, Payload value) {
            map.put(key, value);
        }

        @Override
        protected boolean removeValue(String key) {
            return map.remove(key) != null;
        }
    }
}
