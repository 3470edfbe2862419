package dev.kv.tck;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Broken providers of the DEL clauses, each violating one. */
final class BrokenDeletes {

    private BrokenDeletes() {
    }

    /** DEL-1: delete removes every key starting with the given one (a prefix-scan backend). */
    public static final class DeletesByPrefix extends ReferenceKvProvider {
        public DeletesByPrefix() {
            super("broken-prefix-delete", java.util.EnumSet.noneOf(dev.kv.api.spi.Capability.class));
        }

        @Override
        protected KvStore wrap(ReferenceKvProvider.Store store) {
            return new ForwardingStore(store) {
                @Override
                public void delete(String key) {
                    super.delete(key);
                    if (key != null && !key.isEmpty()) {
                        delegate.backing.map.keySet().removeIf(k -> k.startsWith(key));
                    }
                }
            };
        }
    }

    /** DEL-1: delete encodes the key as ISO-8859-1, so keys beyond Latin-1 are never deleted. */
    public static final class DeleteLatin1 extends BrokenProvider {
        public DeleteLatin1() {
            super("broken-delete-latin1");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void delete(String key) {
                    super.delete(key == null || key.isEmpty() ? key
                            : new String(key.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1));
                }
            };
        }
    }

    /** DEL-2: delete of a key with no value fails with NOT_FOUND. */
    public static final class DeleteMissingFails extends BrokenProvider {
        public DeleteMissingFails() {
            super("broken-delete-missing");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void delete(String key) {
                    if (super.find(key).isEmpty()) {
                        throw KvException.notFound(name(), key);
                    }
                    super.delete(key);
                }
            };
        }
    }

    /** DEL-3: a deleted key keeps a tombstone that a later set does not clear. */
    public static final class StickyTombstone extends BrokenProvider {
        private final Map<String, Boolean> tombstones = new java.util.concurrent.ConcurrentHashMap<>();

        public StickyTombstone() {
            super("broken-sticky-tombstone");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void delete(String key) {
                    super.delete(key);
                    tombstones.put(name() + "/" + key, true);
                }

                @Override
                public Optional<Payload> find(String key) {
                    return key != null && tombstones.containsKey(name() + "/" + key) ? Optional.empty() : super.find(key);
                }

                @Override
                public Payload get(String key) {
                    return find(key).orElseThrow(() -> KvException.notFound(name(), key));
                }
            };
        }
    }
}
