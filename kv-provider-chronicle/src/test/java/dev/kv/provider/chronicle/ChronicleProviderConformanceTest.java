package dev.kv.provider.chronicle;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import java.nio.file.Path;
import java.util.Optional;

/** The whole conformance kit against the chronicle provider, each test with its own data directory. */
class ChronicleProviderConformanceTest extends KvProviderTck {

    @Override
    protected KvProvider provider() {
        return new ChronicleKvProvider();
    }

    @Override
    protected KvConfig configuration(Path directory) {
        return KvConfig.builder().set("kv.chronicle.dataDir", directory.toString()).build();
    }

    @Override
    protected Optional<Path> storeFile(Path directory, String name) {
        return Optional.of(StoreFiles.mapFile(directory.toAbsolutePath().normalize(), name));
    }
}
