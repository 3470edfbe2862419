package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import dev.kv.tck.internal.Check;

/**
 * The class the runner hands to the JUnit Platform launcher: the whole kit, with every hook delegated to the
 * {@link KvProviderTck} being run. One run at a time ({@link KvTckRunner} serialises them).
 */
final class DelegatingTck extends KvProviderTck {

    private static volatile KvProviderTck target;
    private static volatile Set<String> clauses;

    static void target(KvProviderTck tck, Set<String> onlyClauses) {
        target = tck;
        clauses = onlyClauses;
    }

    @Override
    boolean includes(Check check) {
        Set<String> only = clauses;
        return only == null || check.clauses().stream().anyMatch(only::contains);
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
