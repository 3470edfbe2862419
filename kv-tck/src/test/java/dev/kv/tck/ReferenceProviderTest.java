package dev.kv.tck;

import dev.kv.api.spi.KvProvider;

/** The reference provider passes the whole kit: the kit does not fail correct providers. */
class ReferenceProviderTest extends KvProviderTck {
    @Override
    protected KvProvider provider() {
        return new ReferenceKvProvider();
    }
}
