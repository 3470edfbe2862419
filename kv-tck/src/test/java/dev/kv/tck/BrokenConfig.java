package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.WatchHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Broken providers of the CONF, ERR and CAP-2 clauses, each violating one. */
final class BrokenConfig {

    static final String BUFFER = "kv.watch.bufferSize";

    private BrokenConfig() {
    }

    /** CONF-1: a documented property without a description. */
    public static final class UndescribedProperty extends BrokenProvider {
        public UndescribedProperty() {
            super("broken-undescribed");
        }

        @Override
        public List<ConfigProperty<?>> configProperties() {
            List<ConfigProperty<?>> all = new ArrayList<>(super.configProperties());
            all.add(ConfigProperty.ofLong("kv.broken-undescribed.retries", 3, 0, 10, " "));
            return all;
        }
    }

    /** CONF-1: a property named outside the provider's prefix. */
    public static final class ForeignPrefix extends BrokenProvider {
        public ForeignPrefix() {
            super("broken-foreign-prefix");
        }

        @Override
        public List<ConfigProperty<?>> configProperties() {
            List<ConfigProperty<?>> all = new ArrayList<>(super.configProperties());
            all.add(ConfigProperty.ofLong("kv.retries", 3, 0, 10, "How often to retry"));
            return all;
        }
    }

    /**
     * CONF-3: parses its own property and clamps a value outside the documented range to the nearest end
     * instead of refusing it.
     */
    public static final class ClampsOutOfRange extends BrokenProvider {
        private static final ConfigProperty<Long> RETRIES = ConfigProperty.ofLong("kv.broken-clamps.retries", 3, 0,
                10, "How often to retry");

        public ClampsOutOfRange() {
            super("broken-clamps");
        }

        @Override
        public List<ConfigProperty<?>> configProperties() {
            List<ConfigProperty<?>> all = new ArrayList<>(super.configProperties());
            all.add(RETRIES);
            return all;
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            Optional<String> text = RETRIES.textIn(config);
            if (text.isPresent()) {
                try {
                    Math.max(0, Math.min(10, Long.parseLong(text.get().trim())));
                } catch (NumberFormatException e) {
                    throw KvException.of(KvException.Reason.CONFIGURATION, "invalid value '" + text.get()
                            + "' for property " + RETRIES.name());
                }
            }
            Map<String, String> rest = new java.util.HashMap<>(config.asMap());
            rest.remove(RETRIES.name());
            return super.open(name, KvConfig.of(rest));
        }
    }

    /** CONF-2: the system property wins over the configuration given in code. */
    public static final class SystemPropertyWins extends BrokenProvider {
        public SystemPropertyWins() {
            super("broken-sysprop-wins");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            String sys = System.getProperty(BUFFER);
            return super.open(name, sys == null ? config : config.with(BUFFER, sys));
        }
    }

    /** CONF-2: system properties are never read: anything not given in code takes its default. */
    public static final class IgnoresSystemProperties extends BrokenProvider {
        public IgnoresSystemProperties() {
            super("broken-ignores-sysprops");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            return super.open(name, config.get(BUFFER).isPresent() ? config : config.with(BUFFER,
                    WatchHub.BUFFER_SIZE.defaultText()));
        }
    }

    /** CONF-3: an unusable value is dropped and the default used. */
    public static final class DropsBadValues extends BrokenProvider {
        public DropsBadValues() {
            super("broken-drops-bad-values");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            Map<String, String> kept = new java.util.HashMap<>(config.asMap());
            String b = kept.get(BUFFER);
            if (b != null && !b.trim().matches("[1-9][0-9]*")) {
                kept.remove(BUFFER);
            }
            return super.open(name, KvConfig.of(kept));
        }
    }

    /** CONF-3: an unusable value fails with INVALID_ARGUMENT and does not name the property. */
    public static final class BadValueWrongReason extends BrokenProvider {
        public BadValueWrongReason() {
            super("broken-bad-value-reason");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            try {
                return super.open(name, config);
            } catch (KvException e) {
                if (e.reason() == KvException.Reason.CONFIGURATION && !e.getMessage().contains("unknown")) {
                    throw KvException.of(KvException.Reason.INVALID_ARGUMENT, "bad configuration");
                }
                throw e;
            }
        }
    }

    /** CONF-4: undocumented properties are refused in code but ignored as system properties. */
    public static final class UnknownSystemPropertyIgnored extends BrokenProvider {
        public UnknownSystemPropertyIgnored() {
            super("broken-unknown-sysprop");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            for (String k : config.asMap().keySet()) {
                if (k.startsWith("kv." + id() + ".") && configProperties().stream().noneMatch(p -> p.name().equals(k))) {
                    throw KvException.of(KvException.Reason.CONFIGURATION, "unknown property " + k);
                }
            }
            return wrap(delegate().open(name, config));
        }
    }

    /** ERR-1: an illegal key's error is an IllegalArgumentException from the backend. */
    public static final class IllegalArgumentEscapes extends BrokenProvider {
        public IllegalArgumentEscapes() {
            super("broken-iae-escapes");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    try {
                        super.set(key, value);
                    } catch (KvException e) {
                        if (e.reason() == KvException.Reason.INVALID_ARGUMENT && key != null && !key.isEmpty()) {
                            throw new IllegalArgumentException(e.getMessage());
                        }
                        throw e;
                    }
                }
            };
        }
    }

    /** ERR-1: open(null) fails with a NullPointerException. */
    public static final class NpeOnNullName extends BrokenProvider {
        public NpeOnNullName() {
            super("broken-npe-name");
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            if (name == null) {
                throw new NullPointerException("name");
            }
            return super.open(name, config);
        }
    }

    /** ERR-2: a payload-too-large error that names neither key nor store. */
    public static final class VagueTooLarge extends BrokenProvider {
        public VagueTooLarge() {
            super("broken-vague-too-large");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    if (value != null && value.size() > limits().maxPayloadBytes()) {
                        throw KvException.of(KvException.Reason.PAYLOAD_TOO_LARGE, "value too large");
                    }
                    super.set(key, value);
                }
            };
        }
    }

    /** ERR-3: a payload over the limit is refused with INVALID_ARGUMENT. */
    public static final class TooLargeAsInvalid extends BrokenProvider {
        public TooLargeAsInvalid() {
            super("broken-too-large-reason");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    try {
                        super.set(key, value);
                    } catch (KvException e) {
                        if (e.reason() == KvException.Reason.PAYLOAD_TOO_LARGE) {
                            throw KvException.of(KvException.Reason.INVALID_ARGUMENT, e.getMessage());
                        }
                        throw e;
                    }
                }
            };
        }
    }

    /** ERR-3: a closed handle's get fails with STORAGE. */
    public static final class ClosedGetAsNotFound extends BrokenProvider {
        public ClosedGetAsNotFound() {
            super("broken-closed-not-found");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public Payload get(String key) {
                    if (!isOpen()) {
                        throw KvException.notFound(name(), String.valueOf(key));
                    }
                    return super.get(key);
                }
            };
        }
    }

    /** CAP-2: without EXPIRY, values older than a second are dropped (a default TTL). */
    public static final class DefaultTtl extends BrokenProvider {
        private final Map<String, Long> written = new ConcurrentHashMap<>();

        public DefaultTtl() {
            super("broken-default-ttl");
        }

        @Override
        protected KvStore wrap(KvStore store) {
            return new Store(store) {
                @Override
                public void set(String key, Payload value) {
                    super.set(key, value);
                    written.put(name() + "/" + key, System.nanoTime());
                }

                @Override
                public Optional<Payload> find(String key) {
                    Long at = written.get(name() + "/" + key);
                    return at != null && System.nanoTime() - at > 1_000_000_000L ? Optional.empty() : super.find(key);
                }
            };
        }
    }
}
