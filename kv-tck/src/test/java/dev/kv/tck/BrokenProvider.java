package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ForwardingKvProvider;
import dev.kv.api.spi.ForwardingKvStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * The base of the self-test's broken providers: a correct reference of its own behind a
 * {@link ForwardingKvProvider} with the broken provider's id; each subclass changes one behaviour in
 * {@link #wrap(KvStore)} or {@link #open(String, KvConfig)}.
 */
abstract class BrokenProvider extends ForwardingKvProvider {

    private final Set<Capability> capabilities;

    BrokenProvider(String id) {
        this(id, EnumSet.noneOf(Capability.class));
    }

    BrokenProvider(String id, Set<Capability> capabilities) {
        super(id, ReferenceKvProvider.named("ref-" + id));
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** A store of this provider that forwards everything; broken ones override one method. */
    class Store extends ForwardingKvStore {
        Store(KvStore delegate) {
            super(delegate, BrokenProvider.this.id());
        }
    }
}
