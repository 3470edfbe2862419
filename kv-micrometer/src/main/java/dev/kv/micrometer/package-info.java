/**
 * Micrometer meters for kv stores: {@link dev.kv.micrometer.KvMetrics#monitor} instruments a store handle of any
 * provider, and {@link dev.kv.micrometer.KvStoreMeterBinder} adds meters only a provider knows. With this module
 * present, stores opened through {@link dev.kv.api.Kv} are instrumented with Micrometer's global registry unless
 * {@value dev.kv.micrometer.KvMetrics#ENABLED_PROPERTY} is {@code false}. Every call is counted exactly; durations and
 * payload sizes are recorded for a sample of calls ({@link dev.kv.micrometer.KvMetrics.Builder#sampleEvery}).
 *
 * @since 0.1
 */
package dev.kv.micrometer;
