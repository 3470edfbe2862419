package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.provider.memory.MemoryKvProvider;
import java.nio.file.Path;
import java.time.Duration;

/** The whole kit against the memory provider, configured as kv-provider-memory's own conformance test does. */
class MemoryUnderMutationTest extends KvProviderTck {

    @Override
    protected KvProvider provider() {
        return new MemoryKvProvider();
    }

    @Override
    protected KvConfig expiringConfiguration(Path directory, Duration ttl) {
        return KvConfig.builder().set("kv.memory.expireAfterWrite", ttl.toMillis() + "ms").build();
    }

    @Override
    protected KvConfig boundedConfiguration(Path directory, long maximumBytes) {
        return KvConfig.builder().set("kv.memory.maximumBytes", Long.toString(maximumBytes)).build();
    }
}
