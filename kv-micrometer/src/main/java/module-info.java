/**
 * Micrometer meters for kv stores of any provider.
 *
 * <p>{@code dev.kv.micrometer} is the whole public API: {@link dev.kv.micrometer.KvMetrics} instruments a store
 * handle in code, and {@link dev.kv.micrometer.KvStoreMeterBinder} is the hook through which provider-specific
 * meters are added. Everything else is internal.
 *
 * <p>Present at run time, this module also instruments every store opened through {@link dev.kv.api.Kv} with
 * Micrometer's global registry ({@code io.micrometer.core.instrument.Metrics.globalRegistry}), as a
 * {@link dev.kv.api.spi.KvStoreDecorator}. System properties read:
 * <ul>
 *   <li>{@code kv.metrics.enabled}: {@code false} turns that automatic instrumentation off (also read from the
 *       {@link dev.kv.api.KvConfig} a store is opened with); default {@code true};</li>
 *   <li>{@code kv.metrics.sampleEvery}: of the calls of those stores, time (and record the payload size of) one in
 *       this many, a power of two; every call is counted regardless (also read from the
 *       {@link dev.kv.api.KvConfig}); default {@code 256}, {@code 1} times every call;</li>
 *   <li>{@code kv.decorators.disabled} (read by kv-api): {@code true} turns off every decorator, this one
 *       included.</li>
 * </ul>
 *
 * <p>The Caffeine, Chronicle Map and Lettuce modules are optional ({@code requires static}): the meters of the
 * memory provider are bound only when Caffeine is present, those of the chronicle provider only when Chronicle
 * Map is, those of the redis provider only when Lettuce is.
 *
 * @uses dev.kv.micrometer.KvStoreMeterBinder
 * @provides dev.kv.api.spi.KvStoreDecorator instruments stores opened through {@code Kv} with the global registry
 */
module dev.kv.micrometer {
    requires transitive dev.kv.api;
    requires transitive micrometer.core;
    requires static com.github.benmanes.caffeine;
    requires static chronicle.map;
    requires static lettuce.core;

    exports dev.kv.micrometer;

    uses dev.kv.micrometer.KvStoreMeterBinder;

    provides dev.kv.api.spi.KvStoreDecorator with dev.kv.micrometer.internal.MetricsDecorator;
}
