package dev.kv.tck.internal;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the kit asks of the provider author; implemented by {@code KvProviderTck} from its hooks. */
public interface Hooks {
    /** @return the provider under test */
    KvProvider provider();

    /**
     * @param directory a fresh directory owned by the test
     * @return the configuration for one test
     */
    KvConfig configuration(Path directory);

    /**
     * @param directory a fresh directory owned by the test
     * @param ttl       how long values live
     * @return a configuration under which values expire
     */
    KvConfig expiringConfiguration(Path directory, Duration ttl);

    /**
     * @param directory    a fresh directory owned by the test
     * @param maximumBytes the size bound
     * @return a configuration bounding the store
     */
    KvConfig boundedConfiguration(Path directory, long maximumBytes);

    /**
     * @param directory the test's directory
     * @param name      the store's name
     * @return the file holding the store's data, if the provider says
     */
    Optional<Path> storeFile(Path directory, String name);

    /** @return extra options for child JVMs the kit forks */
    List<String> childJvmOptions();
}
