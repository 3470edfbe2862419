package dev.kv.micrometer.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.micrometer.KvStoreMeterBinder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Caffeine's statistics for stores that unwrap to a Caffeine {@link Cache} (the memory provider), through
 * Micrometer's own {@link CaffeineCacheMetrics}: {@code cache.gets{result=hit|miss}}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.size}, ... tagged {@code cache} with the store's name. Micrometer holds the
 * cache weakly and warns, naming the cache, if it does not record statistics. Loaded only when Caffeine is present.
 */
final class CaffeineBinder implements KvStoreMeterBinder {

    private CaffeineBinder() {
    }

    static KvStoreMeterBinder create() {
        return new CaffeineBinder();
    }

    @Override
    public List<Meter> bindTo(KvStore store, MeterRegistry registry, Tags tags) {
        Cache<?, ?> cache;
        try {
            cache = store.unwrap(Cache.class);
        } catch (KvException e) {
            return List.of();
        }
        return bind(cache, store.name(), registry, tags);
    }

    private static <K, V> List<Meter> bind(Cache<K, V> cache, String name, MeterRegistry registry, Tags tags) {
        new CaffeineCacheMetrics<K, V, Cache<K, V>>(cache, name, tags).bindTo(registry);
        // CaffeineCacheMetrics does not return what it registered; its meters are the "cache." ones carrying the
        // store's tags and the cache tag, which no other store has.
        Tags all = tags.and("cache", name);
        List<Meter> bound = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (id.getName().startsWith("cache.") && hasAll(id, all)) {
                bound.add(meter);
            }
        }
        return bound;
    }

    private static boolean hasAll(Meter.Id id, Tags tags) {
        List<Tag> have = id.getTags();
        for (Tag tag : tags) {
            if (!have.contains(tag)) {
                return false;
            }
        }
        return true;
    }
}
