package dev.kv.micrometer.internal;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.KvStoreDecorator;
import java.lang.System.Logger.Level;

/**
 * Instruments every store that {@link dev.kv.api.Kv} opens with Micrometer's global registry, unless
 * {@code kv.metrics.enabled} is {@code false} (in the store's configuration or as a system property), timing one
 * call in {@code kv.metrics.sampleEvery} (read the same way).
 *
 * <p>This class is what {@link java.util.ServiceLoader} instantiates, so it names no Micrometer type: if the
 * module is present without Micrometer (on the class path), it says so once and leaves stores as they are,
 * instead of failing every {@code open} with a {@code NoClassDefFoundError}.
 */
public final class MetricsDecorator implements KvStoreDecorator {

    private static final System.Logger LOG = System.getLogger("dev.kv.micrometer");
    static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    /** Same text as {@link dev.kv.micrometer.KvMetrics#ENABLED_PROPERTY}, which this class must not load. */
    static final String ENABLED_PROPERTY = "kv.metrics.enabled";

    private final boolean micrometerPresent;

    /** Called by {@link java.util.ServiceLoader}. */
    public MetricsDecorator() {
        micrometerPresent = Classes.present(MICROMETER_REGISTRY);
        if (!micrometerPresent) {
            LOG.log(Level.WARNING, "kv-micrometer is present but Micrometer is not (class " + MICROMETER_REGISTRY
                    + " not found): stores are opened without metrics. Add io.micrometer:micrometer-core, or"
                    + " remove dev.kv:kv-micrometer.");
        }
    }

    @Override
    public KvStore decorate(KvProvider provider, KvStore store, KvConfig config) {
        if (!micrometerPresent || !enabled(config)) {
            return store;
        }
        try {
            return GlobalRegistry.monitor(store, Sampling.from(config));
        } catch (RuntimeException e) {
            // Kv hands the caller nothing when a decorator throws, so the handle it opened would never be closed.
            try {
                store.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static boolean enabled(KvConfig config) {
        String value = config.get(ENABLED_PROPERTY).orElseGet(() -> System.getProperty(ENABLED_PROPERTY));
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        LOG.log(Level.WARNING, "kv-micrometer: " + ENABLED_PROPERTY + "='" + value + "' is neither true nor false;"
                + " stores are instrumented (the default)");
        return true;
    }
}
