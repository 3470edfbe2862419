package dev.kv.tck;

import dev.kv.api.spi.KvProvider;

/**
 * The whole kit against {@link ToolkitPropertiesProvider}: the toolkit's text, path, duration and large size
 * properties and its shared async lanes, which neither memory nor the forwarded reference uses.
 */
class ToolkitPropertiesUnderMutationTest extends KvProviderTck {

    /** Test classes carry no module-info, which PROV-2 requires (as for ReferenceProviderTest). */
    @Override
    boolean includes(dev.kv.tck.internal.Check check) {
        return !check.clauses().contains("PROV-2");
    }

    @Override
    protected KvProvider provider() {
        return new ToolkitPropertiesProvider();
    }
}
