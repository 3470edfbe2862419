package dev.kv.micrometer;

import dev.kv.api.KvStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * The hook for provider-specific meters: given a store, registers meters for what only its provider knows
 * (cache statistics, file occupancy, ...). {@link KvMetrics} calls every binder when the first instrumented
 * handle of a store opens in a registry; a binder that does not recognise the store returns an empty list.
 * Stores are recognised by what they {@link KvStore#unwrap unwrap} to.
 *
 * <p>Built in: the memory provider's Caffeine cache (bound with Micrometer's {@code CaffeineCacheMetrics}), the
 * chronicle provider's {@code ChronicleMap}, and the redis provider's Lettuce client (command latencies and
 * connection state), each only when its library is present. Others are found with
 * {@link java.util.ServiceLoader}: {@code provides dev.kv.micrometer.KvStoreMeterBinder with ...} in a module,
 * or {@code META-INF/services/dev.kv.micrometer.KvStoreMeterBinder} on the class path (public no-argument
 * constructor).
 *
 * <pre>{@code
 * public final class AcmeMeterBinder implements KvStoreMeterBinder {
 *     public List<Meter> bindTo(KvStore store, MeterRegistry registry, Tags tags) {
 *         if (!store.providerId().equals("acme")) return List.of();
 *         AcmeClient client = store.unwrap(AcmeClient.class);
 *         return List.of(Gauge.builder("kv.acme.connections", client, AcmeClient::connections)
 *                 .tags(tags).description("Open connections").register(registry));
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe, must hold the provider's objects weakly (gauges do by default) so that
 * a closed store is not kept alive, and should not throw: a binder that throws is logged and skipped.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface KvStoreMeterBinder {

    /**
     * Registers meters for {@code store}, if this binder recognises it.
     *
     * @param store    the provider's handle (not the instrumented one); open
     * @param registry the registry to register with
     * @param tags     the tags every meter of the store carries ({@code provider}, {@code store} and the user's)
     * @return the meters registered, which are removed from {@code registry} when the store's last instrumented
     *         handle closes; empty if the store is not one this binder knows
     */
    List<Meter> bindTo(KvStore store, MeterRegistry registry, Tags tags);
}
