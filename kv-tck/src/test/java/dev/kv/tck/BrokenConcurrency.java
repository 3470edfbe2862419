package dev.kv.tck;

import dev.kv.api.Payload;
import java.util.HashMap;
import java.util.Map;

/** Broken providers of the CONC clauses: stores that are not thread-safe the ways real ones are not. */
final class BrokenConcurrency {

    private BrokenConcurrency() {
    }

    /** CONC-1: each store is a plain, unsynchronised HashMap. */
    public static final class PlainHashMap extends ReferenceKvProvider {
        public PlainHashMap() {
            super("broken-hashmap", java.util.EnumSet.noneOf(dev.kv.api.spi.Capability.class));
        }

        @Override
        protected Map<String, Payload> newMap() {
            return new HashMap<>();
        }
    }

    /** CONC-1: copy-on-write without compare-and-set: concurrent writers lose each other's updates. */
    public static final class RacyCopyOnWrite extends ReferenceKvProvider {
        public RacyCopyOnWrite() {
            super("broken-racy-cow", java.util.EnumSet.noneOf(dev.kv.api.spi.Capability.class));
        }

        @Override
        protected Map<String, Payload> newMap() {
            return new java.util.AbstractMap<String, Payload>() {
                // 64 shards keep each copy small; the race is the same in each
                @SuppressWarnings("unchecked")
                private final Map<String, Payload>[] shards = new Map[64];

                {
                    for (int i = 0; i < shards.length; i++) {
                        shards[i] = new HashMap<>();
                    }
                }

                private int shard(Object key) {
                    return (key.hashCode() & 0x7fffffff) % shards.length;
                }

                @Override
                public Payload get(Object key) {
                    return shards[shard(key)].get(key);
                }

                @Override
                public Payload put(String key, Payload value) {
                    int i = shard(key);
                    Map<String, Payload> next = new HashMap<>(shards[i]);
                    Payload old = next.put(key, value);
                    shards[i] = next;
                    return old;
                }

                @Override
                public Payload remove(Object key) {
                    int i = shard(key);
                    Map<String, Payload> next = new HashMap<>(shards[i]);
                    Payload old = next.remove(key);
                    shards[i] = next;
                    return old;
                }

                @Override
                public java.util.Set<Map.Entry<String, Payload>> entrySet() {
                    Map<String, Payload> all = new HashMap<>();
                    for (Map<String, Payload> m : shards) {
                        all.putAll(m);
                    }
                    return all.entrySet();
                }
            };
        }
    }
}
