package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import java.nio.file.Path;
import java.util.Optional;

/** A correct persistent provider passes the whole kit, PERSIST checks (child JVMs, SIGKILL, damaged files) included. */
class FileReferenceProviderTest extends KvProviderTck {
    @Override
    protected KvProvider provider() {
        return new FileReferenceKvProvider();
    }

    @Override
    protected KvConfig configuration(Path directory) {
        return KvConfig.builder().set("kv.reffile.directory", directory.toString()).build();
    }

    @Override
    protected Optional<Path> storeFile(Path directory, String name) {
        return Optional.of(FileReferenceKvProvider.file(directory, name));
    }
}
