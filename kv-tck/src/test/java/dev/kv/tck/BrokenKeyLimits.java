package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.Optional;

/** Broken providers of KEY-5, the key length limit: declared, enforced and counted wrong, each one way. */
final class BrokenKeyLimits {

    private BrokenKeyLimits() {
    }

    /** KEY-5: declares 300 bytes of key but enforces the reference's 1024. */
    public static final class UnenforcedKeyLimit extends BrokenProvider {
        public UnenforcedKeyLimit() {
            super("broken-key-limit");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public KvLimits limits() {
                    return new KvLimits(300, super.limits().maxPayloadBytes());
                }
            };
        }
    }

    /** KEY-5: off by one, a key of exactly the declared limit is refused. */
    public static final class KeyLimitOffByOne extends BrokenProvider {
        public KeyLimitOffByOne() {
            super("broken-key-off-by-one");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            return super.open(name, config.with("kv.broken-key-off-by-one.maxKeyBytes", "1023"));
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public KvLimits limits() {
                    return new KvLimits(1024, super.limits().maxPayloadBytes());
                }
            };
        }
    }

    /**
     * KEY-5: enforces the declared 1024 bytes with a hand-written UTF-8 count whose width test is off by one
     * ({@code c <= 0x800} for {@code c < 0x800}: U+0800 counted as two bytes), over a store allowing more, so a key
     * of U+0800s beyond the limit is accepted. Random keys almost never hold that one character.
     */
    public static final class MiscountsThreeByteKeys extends BrokenProvider {
        public MiscountsThreeByteKeys() {
            super("broken-key-width");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            return super.open(name, config.with("kv.broken-key-width.maxKeyBytes", "4096"));
        }

        static int miscounted(String key) {
            int bytes = 0;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                // a surrogate pair is 2 + 2 = 4 bytes, as UTF-8 has it
                bytes += c < 0x80 ? 1 : c <= 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            }
            return bytes;
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                private String check(String key) {
                    if (key != null && miscounted(key) > 1024) {
                        throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "key of " + miscounted(key)
                                + " bytes in store '" + name() + "' is over the limit of 1024");
                    }
                    return key;
                }

                @Override
                public KvLimits limits() {
                    return new KvLimits(1024, super.limits().maxPayloadBytes());
                }

                @Override
                public void set(String key, Payload value) {
                    super.set(check(key), value);
                }

                @Override
                public void set(String key, byte[] value) {
                    super.set(check(key), value);
                }

                @Override
                public Payload get(String key) {
                    return super.get(check(key));
                }

                @Override
                public Optional<Payload> find(String key) {
                    return super.find(check(key));
                }

                @Override
                public void delete(String key) {
                    super.delete(check(key));
                }

                @Override
                public Observable watch(String key) {
                    return super.watch(check(key));
                }
            };
        }
    }
}
