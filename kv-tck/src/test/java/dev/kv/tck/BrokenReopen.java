package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.ConfigProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Broken providers of CONF-5: providers whose handles of one store share its settings and which refuse a further
 * open with other settings, as memory and redis do, each refusing wrongly.
 */
final class BrokenReopen {

    /** The settings and handle count of each open store, per provider id and store name, for every instance. */
    private static final Map<String, OpenStore> OPEN = new LinkedHashMap<>();

    private BrokenReopen() {
    }

    private static final class OpenStore {
        final Map<String, String> settings;
        int handles;

        OpenStore(Map<String, String> settings) {
            this.settings = settings;
        }
    }

    /** Refuses an open whose settings differ from the open store's, in the way a subclass gets wrong. */
    abstract static class RefusesOtherSettings extends BrokenProvider {

        RefusesOtherSettings(String id) {
            super(id);
        }

        /**
         * The error refusing the open of {@code name}.
         *
         * @param name      the store
         * @param differing the properties that differ, in documented order
         * @param openWith  the configuration the store is open with
         * @return the error to throw
         */
        abstract KvException refusal(String name, List<String> differing, KvConfig openWith);

        @Override
        public KvStore open(String name, KvConfig config) {
            String slot = id() + "/" + name;
            Map<String, String> settings = settingsOf(config);
            synchronized (OPEN) {
                OpenStore open = OPEN.get(slot);
                if (open != null && !open.settings.equals(settings)) {
                    List<String> differing = new ArrayList<>();
                    settings.forEach((property, value) -> {
                        if (!value.equals(open.settings.get(property))) {
                            differing.add(property);
                        }
                    });
                    throw refusal(name, differing, KvConfig.of(open.settings));
                }
                KvStore store = super.open(name, config);
                OPEN.computeIfAbsent(slot, s -> new OpenStore(settings)).handles++;
                return new Store(store) {
                    private boolean closed;

                    @Override
                    public void close() {
                        synchronized (OPEN) {
                            if (!closed) {
                                closed = true;
                                if (--OPEN.get(slot).handles == 0) {
                                    OPEN.remove(slot);
                                }
                            }
                        }
                        super.close();
                    }
                };
            }
        }

        /** Each documented property's value in effect under {@code config}, as text. */
        private Map<String, String> settingsOf(KvConfig config) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (ConfigProperty<?> p : configProperties()) {
                settings.put(p.name(), String.valueOf(p.from(config)));
            }
            return settings;
        }
    }

    /** CONF-5: refuses with CONFIGURATION but names no property, so the user cannot tell what to change. */
    public static final class RefusesNamingNothing extends RefusesOtherSettings {
        public RefusesNamingNothing() {
            super("broken-refuses-silently");
        }

        @Override
        KvException refusal(String name, List<String> differing, KvConfig openWith) {
            return KvException.of(KvException.Reason.CONFIGURATION, "store '" + name + "' is already open with"
                    + " another configuration");
        }
    }

    /** CONF-5: names the first property that differs and not the others (a loop that stops at the first). */
    public static final class NamesOnlyTheFirstDifference extends RefusesOtherSettings {
        public NamesOnlyTheFirstDifference() {
            super("broken-names-first");
        }

        @Override
        KvException refusal(String name, List<String> differing, KvConfig openWith) {
            return KvException.of(KvException.Reason.CONFIGURATION, "store '" + name + "' is already open with"
                    + " another value of " + differing.get(0));
        }
    }

    /**
     * CONF-5: refuses correctly, but only after acquiring the store's shared state, which the refusal path never
     * releases: the store outlives its last handle.
     */
    public static final class RefusalKeepsTheStoreAlive extends RefusesOtherSettings {
        public RefusalKeepsTheStoreAlive() {
            super("broken-refusal-leaks");
        }

        @Override
        KvException refusal(String name, List<String> differing, KvConfig openWith) {
            delegate().open(name, openWith); // acquired and never closed
            return KvException.of(KvException.Reason.CONFIGURATION, "store '" + name + "' is already open with"
                    + " other values of " + String.join(", ", differing));
        }
    }
}
