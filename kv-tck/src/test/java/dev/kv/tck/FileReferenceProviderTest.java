package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import java.nio.file.Path;
import java.util.Optional;

/** A correct persistent provider passes the whole kit, PERSIST checks (child JVMs, SIGKILL, damaged files) included. */
class FileReferenceProviderTest extends KvProviderTck {
    /** Test classes carry no module-info, which PROV-2 requires; BrokenProvidersTest shows that it is caught. */
    @Override
    boolean includes(dev.kv.tck.internal.Check check) {
        return !check.clauses().contains("PROV-2");
    }

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
