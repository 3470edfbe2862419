package dev.kv.tck;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.StoreNames;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;

/** Broken providers of the NAME and KEY clauses, each violating one, the way real implementations do. */
final class BrokenNamesAndKeys {

    private BrokenNamesAndKeys() {
    }

    /** A reference whose names map to resources through {@code identity}, or are checked differently. */
    abstract static class Mapping extends ReferenceKvProvider {
        Mapping(String id) {
            super(id, EnumSet.noneOf(Capability.class));
        }
    }

    /** NAME-3: resources keyed by String.hashCode(), so "Aa" and "BB" share one. */
    public static final class HashedNames extends Mapping {
        public HashedNames() {
            super("broken-hashed-names");
        }

        @Override
        protected String identity(String name) {
            return Integer.toHexString(name.hashCode());
        }
    }

    /** NAME-3: names cut to 100 characters for the resource, so long names differing late share one. */
    public static final class TruncatedNames extends Mapping {
        public TruncatedNames() {
            super("broken-truncated-names");
        }

        @Override
        protected String identity(String name) {
            return name.length() > 100 ? name.substring(0, 100) : name;
        }
    }

    /** NAME-4: only the first character's case is folded (a "capitalised file name" mapping). */
    public static final class FoldsFirstLetter extends Mapping {
        public FoldsFirstLetter() {
            super("broken-first-letter");
        }

        @Override
        protected String identity(String name) {
            return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
        }
    }

    /** NAME-1: refuses legal names longer than 64 units, a file-system limit leaking through. */
    public static final class ShortNamesOnly extends Mapping {
        public ShortNamesOnly() {
            super("broken-short-names");
        }

        @Override
        protected void checkName(String name) {
            StoreNames.check(name);
            if (name.length() > 64) {
                throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "store name '" + name + "' is longer than 64");
            }
        }
    }

    /** NAME-1: refuses names with path separators or ':' instead of encoding them. */
    public static final class NoSeparators extends Mapping {
        public NoSeparators() {
            super("broken-separators");
        }

        @Override
        protected void checkName(String name) {
            StoreNames.check(name);
            if (name.contains("/") || name.contains("\\") || name.contains(":")) {
                throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "store name '" + name + "' has a separator");
            }
        }
    }

    /** NAME-2: checks C0 controls only, so C1 controls (U+0080..U+009F) are accepted. */
    public static final class AcceptsC1Names extends Mapping {
        public AcceptsC1Names() {
            super("broken-c1-names");
        }

        @Override
        protected void checkName(String name) {
            StoreNames.check(name == null ? null : name.replaceAll("[\\u0080-\\u009f]", "x"));
        }
    }

    /** NAME-2: counts code points instead of UTF-16 units, so 65 emoji (130 units) pass. */
    public static final class CountsCodePoints extends Mapping {
        public CountsCodePoints() {
            super("broken-codepoint-names");
        }

        @Override
        protected void checkName(String name) {
            if (name != null && name.length() > 128 && name.codePointCount(0, name.length()) <= 128) {
                return;
            }
            StoreNames.check(name);
        }
    }

    /** KEY-1: delete(null) and find(null) quietly do nothing. */
    public static final class QuietNullKey extends BrokenProvider {
        public QuietNullKey() {
            super("broken-null-key");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void delete(String key) {
                    if (key != null) {
                        super.delete(key);
                    }
                }

                @Override
                public Optional<Payload> find(String key) {
                    return key == null ? Optional.empty() : super.find(key);
                }
            };
        }
    }

    /** KEY-1: watch(null) and events(null key) fail with a NullPointerException. */
    public static final class NpeOnNullWatch extends BrokenProvider {
        public NpeOnNullWatch() {
            super("broken-null-watch");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Observable watch(String key) {
                    return key == null ? new Observable(rd(), key) : super.watch(key);
                }
            };
        }
    }

    /** KEY-2: set of the empty key succeeds (and stores nothing). */
    public static final class AcceptsEmptyKey extends BrokenProvider {
        public AcceptsEmptyKey() {
            super("broken-empty-key");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (!"".equals(key)) {
                        super.set(key, value);
                    }
                }
            };
        }
    }

    /** KEY-2: watch('') and events('') are accepted. */
    public static final class WatchesEmptyKey extends BrokenProvider {
        public WatchesEmptyKey() {
            super("broken-empty-watch");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Observable watch(String key) {
                    return "".equals(key) ? new Observable(rd(), "") : super.watch(key);
                }

                @Override
                public java.util.concurrent.Flow.Publisher<dev.kv.api.KvEvent> events(Observable o) {
                    return o != null && o.key().isEmpty() ? subscriber -> { } : super.events(o);
                }
            };
        }
    }

    /** A store whose keys pass through {@code key} before they reach the reference. */
    abstract static class KeyMapping extends BrokenProvider {
        KeyMapping(String id) {
            super(id);
        }

        abstract String key(String key);

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                private String k(String key) {
                    return key == null || key.isEmpty() ? key : KeyMapping.this.key(key);
                }

                @Override
                public Payload get(String key) {
                    return super.get(k(key));
                }

                @Override
                public Optional<Payload> find(String key) {
                    return super.find(k(key));
                }

                @Override
                public void set(String key, Payload value) {
                    super.set(k(key), value);
                }

                @Override
                public void delete(String key) {
                    super.delete(k(key));
                }
            };
        }
    }

    /** KEY-3: keys normalised to NFC, so "é" and "e\u0301" are one key. */
    public static final class NormalisesKeys extends KeyMapping {
        public NormalisesKeys() {
            super("broken-nfc-keys");
        }

        @Override
        String key(String key) {
            return Normalizer.isNormalized(key, Normalizer.Form.NFC) ? key : Normalizer.normalize(key, Normalizer.Form.NFC);
        }
    }

    /** KEY-3: NUL and other C0 controls stripped from keys (a C-string backend). */
    public static final class StripsControls extends KeyMapping {
        public StripsControls() {
            super("broken-strip-controls");
        }

        @Override
        String key(String key) {
            String k = key.replaceAll("[\\u0000-\\u001f]", "");
            return k.isEmpty() ? "_" : k;
        }
    }

    /** KEY-4: lone surrogates replaced with U+FFFD (encoding with a replacing encoder), accepted. */
    public static final class ReplacesLoneSurrogates extends KeyMapping {
        public ReplacesLoneSurrogates() {
            super("broken-replacing-encoder");
        }

        @Override
        String key(String key) {
            return new String(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** KEY-4: refuses unpaired surrogates without naming where. */
    public static final class UnpairedWithoutPosition extends BrokenProvider {
        public UnpairedWithoutPosition() {
            super("broken-unpaired-message");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                private String check(String key) {
                    if (key != null && !key.isEmpty() && !new String(key.getBytes(
                            java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8).equals(key)) {
                        throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "malformed key in store '" + name() + "'");
                    }
                    return key;
                }

                @Override
                public void set(String key, Payload value) {
                    super.set(check(key), value);
                }

                @Override
                public Payload get(String key) {
                    return super.get(check(key));
                }
            };
        }
    }
}
