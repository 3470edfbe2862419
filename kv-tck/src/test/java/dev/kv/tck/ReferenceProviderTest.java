package dev.kv.tck;

import dev.kv.api.spi.KvProvider;

/** The reference provider passes the whole kit: the kit does not fail correct providers. */
class ReferenceProviderTest extends KvProviderTck {
    /** Test classes carry no module-info, which PROV-2 requires; BrokenProvidersTest shows that it is caught. */
    @Override
    boolean includes(dev.kv.tck.internal.Check check) {
        return !check.clauses().contains("PROV-2");
    }

    @Override
    protected KvProvider provider() {
        return new ReferenceKvProvider();
    }
}
