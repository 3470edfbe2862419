package dev.kv.tck;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Broken providers of the PAYLOAD, GET and SET clauses, each violating one. */
final class BrokenValues {

    private BrokenValues() {
    }

    /** PAYLOAD-1: set(k, new byte[0]) is taken as "no value" (the byte[] path only). */
    public static final class EmptyArrayAsMissing extends BrokenProvider {
        public EmptyArrayAsMissing() {
            super("broken-empty-array");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, byte[] value) {
                    if (value != null && value.length == 0 && key != null && !key.isEmpty()) {
                        super.delete(key);
                        return;
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** PAYLOAD-2: values over 64 KiB lose their last byte (an off-by-one in chunked copying). */
    public static final class DropsLastByte extends BrokenProvider {
        public DropsLastByte() {
            super("broken-last-byte");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() > 65536 && value.size() <= limits().maxPayloadBytes()) {
                        value = Payload.copyOf(value.toByteArray(), 0, value.size() - 1);
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** PAYLOAD-2: values pass through a UTF-8 String, so bytes that are not valid UTF-8 are replaced. */
    public static final class ValuesAsText extends BrokenProvider {
        public ValuesAsText() {
            super("broken-values-as-text");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() <= limits().maxPayloadBytes()) {
                        byte[] b = value.toByteArray();
                        value = Payload.copyOf(Arrays.copyOf(new String(b, StandardCharsets.UTF_8)
                                .getBytes(StandardCharsets.UTF_8), b.length));
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** PAYLOAD-3: one byte over the limit is accepted and silently cut to the limit. */
    public static final class CutsOneOver extends BrokenProvider {
        public CutsOneOver() {
            super("broken-cuts-one-over");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    int max = limits().maxPayloadBytes();
                    if (value != null && value.size() == max + 1) {
                        value = Payload.copyOf(value.toByteArray(), 0, max);
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** PAYLOAD-3: off by one, exactly the limit is refused. */
    public static final class RefusesExactLimit extends BrokenProvider {
        public RefusesExactLimit() {
            super("broken-payload-off-by-one");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() >= limits().maxPayloadBytes()) {
                        throw KvException.of(KvException.Reason.PAYLOAD_TOO_LARGE, "payload for key '" + key
                                + "' too large for store '" + name() + "'");
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** PAYLOAD-4: arrays over 1 KiB are adopted, not copied (a zero-copy path for large values). */
    public static final class AliasesLargeArrays extends BrokenProvider {
        public AliasesLargeArrays() {
            super("broken-alias-large");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, byte[] value) {
                    super.set(key, value != null && value.length > 1024 ? Payloads.adopt(value)
                            : value == null ? null : Payload.copyOf(value));
                }
            };
        }
    }

    /** PAYLOAD-5: set(k, (Payload) null) deletes the key instead of failing. */
    public static final class NullPayloadDeletes extends BrokenProvider {
        public NullPayloadDeletes() {
            super("broken-null-deletes");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value == null && key != null && !key.isEmpty()) {
                        super.delete(key);
                        return;
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** PAYLOAD-5: set(k, (byte[]) null) stores the empty payload. */
    public static final class NullArrayStoresEmpty extends BrokenProvider {
        public NullArrayStoresEmpty() {
            super("broken-null-array");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, byte[] value) {
                    super.set(key, value == null ? Payload.empty() : Payload.copyOf(value));
                }
            };
        }
    }

    /** GET-1: get (not find) of a value over 4 KiB returns only its first 4 KiB (a fixed read buffer). */
    public static final class ShortReadBuffer extends BrokenProvider {
        public ShortReadBuffer() {
            super("broken-read-buffer");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Payload get(String key) {
                    Payload p = super.get(key);
                    return p.size() > 4096 ? Payload.copyOf(p.toByteArray(), 0, 4096) : p;
                }
            };
        }
    }

    /** GET-2: the NOT_FOUND description names the key but not the store. */
    public static final class MissWithoutStore extends BrokenProvider {
        public MissWithoutStore() {
            super("broken-miss-message");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Payload get(String key) {
                    return super.find(key).orElseThrow(() -> {
                        KvException e = KvException.of(KvException.Reason.NOT_FOUND, "no value for key '" + key + "'");
                        e.setStackTrace(new StackTraceElement[0]);
                        return e;
                    });
                }
            };
        }
    }

    /** GET-3: find of a missing key throws NOT_FOUND like get. */
    public static final class FindThrows extends BrokenProvider {
        public FindThrows() {
            super("broken-find-throws");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Optional<Payload> find(String key) {
                    return Optional.of(super.get(key));
                }
            };
        }
    }

    /** GET-3: find returns null instead of an empty Optional. */
    public static final class FindReturnsNull extends BrokenProvider {
        public FindReturnsNull() {
            super("broken-find-null");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Optional<Payload> find(String key) {
                    Optional<Payload> p = super.find(key);
                    return p.isPresent() ? p : null;
                }
            };
        }
    }

    /** GET-4: a miss of a key that once had a value builds a full exception (from a tombstone path). */
    public static final class TracedTombstoneMiss extends BrokenProvider {
        private final Map<String, Boolean> deleted = new java.util.concurrent.ConcurrentHashMap<>();

        public TracedTombstoneMiss() {
            super("broken-tombstone-trace");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void delete(String key) {
                    super.delete(key);
                    deleted.put(name() + "/" + key, true);
                }

                @Override
                public Payload get(String key) {
                    if (key != null && deleted.containsKey(name() + "/" + key) && super.find(key).isEmpty()) {
                        throw KvException.of(KvException.Reason.NOT_FOUND, "key '" + key + "' of store '" + name()
                                + "' was deleted");
                    }
                    return super.get(key);
                }
            };
        }
    }

    /** SET-1: set never shrinks a value: a shorter value overwrites only the start of the longer one. */
    public static final class NeverShrinks extends BrokenProvider {
        public NeverShrinks() {
            super("broken-never-shrinks");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    Optional<Payload> old = key == null || key.isEmpty() || value == null ? Optional.empty() : super.find(key);
                    if (old.isPresent() && old.get().size() > value.size() && value.size() > 0) {
                        byte[] b = old.get().toByteArray();
                        System.arraycopy(value.toByteArray(), 0, b, 0, value.size());
                        value = Payload.copyOf(b);
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** SET-2: set is a delete followed by a write, so a concurrent reader can find no value. */
    public static final class DeleteThenWrite extends BrokenProvider {
        public DeleteThenWrite() {
            super("broken-delete-then-write");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (key != null && !key.isEmpty() && value != null && value.size() <= limits().maxPayloadBytes()) {
                        super.delete(key);
                        Thread.yield();
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** SET-3: a too-large set of an absent key leaves an empty value behind (a placeholder written first). */
    public static final class PlaceholderOnFailedSet extends BrokenProvider {
        public PlaceholderOnFailedSet() {
            super("broken-placeholder");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() > limits().maxPayloadBytes() && super.find(key).isEmpty()) {
                        super.set(key, Payload.empty());
                    }
                    super.set(key, value);
                }
            };
        }
    }
}
