package dev.kv.micrometer;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Set;

/**
 * The memory provider with every handle it opens instrumented: what the conformance kit runs against. Public with
 * a no-argument constructor because the kit also instantiates it, by name, in child JVMs.
 */
public final class MeteredProvider implements KvProvider {

    private final KvProvider delegate;
    private final MeterRegistry registry;

    /** The memory provider, recording into Micrometer's global registry. */
    public MeteredProvider() {
        this(Kv.provider("memory"), Metrics.globalRegistry);
    }

    MeteredProvider(KvProvider delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        return delegate.configProperties();
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        return KvMetrics.monitor(registry, delegate.open(name, config));
    }
}
