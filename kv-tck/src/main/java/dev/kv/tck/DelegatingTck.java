package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The class the runner hands to the JUnit Platform launcher: the whole kit, with every hook delegated to the
 * {@link KvProviderTck} being run. One run at a time ({@link KvTckRunner} serialises them).
 */
final class DelegatingTck extends KvProviderTck {

    private static volatile KvProviderTck target;

    static void target(KvProviderTck tck) {
        target = tck;
    }

    private static KvProviderTck target() {
        return Objects.requireNonNull(target, "DelegatingTck runs only from KvTckRunner");
    }

    @Override
    protected KvProvider provider() {
        return target().provider();
    }

    @Override
    protected KvConfig configuration(Path directory) {
        return target().configuration(directory);
    }

    @Override
    protected KvConfig expiringConfiguration(Path directory, Duration ttl) {
        return target().expiringConfiguration(directory, ttl);
    }

    @Override
    protected KvConfig boundedConfiguration(Path directory, long maximumBytes) {
        return target().boundedConfiguration(directory, maximumBytes);
    }

    @Override
    protected Optional<Path> storeFile(Path directory, String name) {
        return target().storeFile(directory, name);
    }

    @Override
    protected List<String> childJvmOptions() {
        return target().childJvmOptions();
    }
}
