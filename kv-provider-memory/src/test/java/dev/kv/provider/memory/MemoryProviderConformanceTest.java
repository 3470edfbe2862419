package dev.kv.provider.memory;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import java.nio.file.Path;
import java.time.Duration;

/** The whole conformance kit (kv-tck) against the memory provider as users get it. */
class MemoryProviderConformanceTest extends KvProviderTck {

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
