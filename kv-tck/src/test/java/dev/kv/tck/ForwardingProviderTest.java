package dev.kv.tck;

import dev.kv.api.spi.ForwardingKvProvider;
import dev.kv.api.spi.KvProvider;

/**
 * A {@link ForwardingKvProvider} with its own id, rd and property prefix over the reference passes the whole kit:
 * the forwarding base keeps a decorating provider conformant.
 */
class ForwardingProviderTest extends KvProviderTck {

    /** The reference behind a provider of its own, as a decorator author writes one. */
    public static final class Forwarding extends ForwardingKvProvider {
        public Forwarding() {
            super("forwarding", new ReferenceKvProvider());
        }
    }

    @Override
    boolean includes(dev.kv.tck.internal.Check check) {
        // registration is the one thing a test-source provider cannot show (no module-info in test classes)
        return !check.clauses().contains("PROV-2");
    }

    @Override
    protected KvProvider provider() {
        return new Forwarding();
    }
}
