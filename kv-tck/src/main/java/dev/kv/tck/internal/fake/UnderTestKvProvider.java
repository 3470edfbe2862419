package dev.kv.tck.internal.fake;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The provider under test, as ServiceLoader sees it in an isolated loader: a delegate to the real instance. */
public class UnderTestKvProvider implements KvProvider {

    private final KvProvider delegate;

    /** For ServiceLoader: asks the defining loader for the provider under test. */
    public UnderTestKvProvider() {
        Object p = ((Supplier<?>) getClass().getClassLoader()).get();
        if (p == null) {
            throw new IllegalStateException("kv-tck: no provider under test was given to this loader");
        }
        this.delegate = (KvProvider) p;
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
        return delegate.open(name, config);
    }
}
