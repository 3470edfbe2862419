package dev.kv.provider.chronicle;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.KvProviderTck;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole conformance kit against stores sized for values larger than {@code Backing.SMALL_VALUES}: those read
 * through a query context instead of {@code map.get}, so each read path is checked against every clause.
 */
class ChronicleLargeValuesConformanceTest extends KvProviderTck {

    @Override
    protected KvProvider provider() {
        return new ChronicleKvProvider();
    }

    @Override
    protected KvConfig configuration(Path directory) {
        return KvConfig.builder()
                .set("kv.chronicle.dataDir", directory.toString())
                .set("kv.chronicle.averagePayloadSize", "1KiB")
                .build();
    }

    @Override
    protected Optional<Path> storeFile(Path directory, String name) {
        return Optional.of(StoreFiles.mapFile(directory.toAbsolutePath().normalize(), name));
    }
}
