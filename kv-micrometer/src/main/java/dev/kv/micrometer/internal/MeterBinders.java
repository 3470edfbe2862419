package dev.kv.micrometer.internal;

import dev.kv.api.KvStore;
import dev.kv.micrometer.KvStoreMeterBinder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The binders every store is offered to: the built-in ones whose library is present, then those found with
 * {@link ServiceLoader}.
 *
 * <p>The built-in binders are separate classes, reached only after their library was found by name without being
 * initialised, so that a missing Caffeine or Chronicle Map never surfaces as a {@code NoClassDefFoundError}.
 */
final class MeterBinders {

    private static final System.Logger LOG = System.getLogger("dev.kv.micrometer");

    static final String CAFFEINE_CACHE = "com.github.benmanes.caffeine.cache.Cache";
    static final String CHRONICLE_MAP = "net.openhft.chronicle.map.ChronicleMap";
    static final String LETTUCE_CLIENT = "io.lettuce.core.AbstractRedisClient";

    private MeterBinders() {
    }

    /** Found once: binders are stateless hooks and ServiceLoader scans are not free. */
    private static final class Holder {
        static final List<KvStoreMeterBinder> ALL = load();
    }

    static List<KvStoreMeterBinder> all() {
        return Holder.ALL;
    }

    private static List<KvStoreMeterBinder> load() {
        List<KvStoreMeterBinder> binders = new ArrayList<>();
        if (Classes.present(CAFFEINE_CACHE)) {
            binders.add(CaffeineBinder.create());
        }
        if (Classes.present(CHRONICLE_MAP)) {
            binders.add(ChronicleBinder.create());
        }
        if (Classes.present(LETTUCE_CLIENT)) {
            binders.add(RedisBinder.create());
        }
        Iterator<KvStoreMeterBinder> it = ServiceLoader.load(KvStoreMeterBinder.class,
                MeterBinders.class.getClassLoader()).iterator();
        for (int failures = 0; failures < 16; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                binders.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                LOG.log(Level.WARNING, "kv-micrometer: skipped a KvStoreMeterBinder that failed to load: " + e, e);
            }
        }
        return List.copyOf(binders);
    }

    /**
     * Offers {@code store} to every binder.
     *
     * @return the meters they registered
     */
    static List<Meter> bindAll(KvStore store, MeterRegistry registry, Tags tags) {
        List<Meter> meters = new ArrayList<>();
        for (KvStoreMeterBinder binder : all()) {
            try {
                List<Meter> bound = binder.bindTo(store, registry, tags);
                if (bound != null) {
                    meters.addAll(bound);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "kv-micrometer: " + binder.getClass().getName() + " failed to bind the meters"
                        + " of store '" + store.name() + "' (" + store.rd() + "); its other meters are unaffected", e);
            }
        }
        return meters;
    }
}
