package dev.kv.provider.chronicle;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.spi.ConfigProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The provider's configuration properties and the values in effect for one {@code open}.
 */
final class Settings {

    static final String PREFIX = "kv.chronicle.";

    static final ConfigProperty<Path> DATA_DIR = ConfigProperty.ofPath(PREFIX + "dataDir",
            Path.of(System.getProperty("user.home", "."), ".kv", "chronicle"),
            "Directory holding one map file per store (created with mode 0700 if missing)")
            .withEnvironmentVariable("KV_DATA_DIR");
    static final ConfigProperty<Long> ENTRIES = ConfigProperty.ofLong(PREFIX + "entries", 100_000, 1_000,
            1L << 31, "Entries a new store is sized for (used when the store file is created)");
    static final ConfigProperty<Long> AVERAGE_KEY_SIZE = ConfigProperty.ofBytes(PREFIX + "averageKeySize", 32, 1,
            64 << 10, "Average key length in UTF-8 bytes a new store is sized for (used at creation)");
    static final ConfigProperty<Long> AVERAGE_PAYLOAD_SIZE = ConfigProperty.ofBytes(PREFIX + "averagePayloadSize",
            128, 1, 16 << 20, "Average payload size a new store is sized for (used at creation)");
    static final ConfigProperty<Long> MAX_BLOAT_FACTOR = ConfigProperty.ofLong(PREFIX + "maxBloatFactor", 10, 1,
            1000, "How many times more than the sized entries a new store may grow to before it is full (used at"
                    + " creation)");
    static final ConfigProperty<Long> MAX_KEY_SIZE = ConfigProperty.ofBytes(PREFIX + "maxKeySize", 1024,
            KvLimits.MIN_KEY_BYTES, 64 << 10, "Longest key in UTF-8 bytes a new store accepts (used at creation)");
    static final ConfigProperty<Long> MAX_PAYLOAD_SIZE = ConfigProperty.ofBytes(PREFIX + "maxPayloadSize", 1 << 20,
            KvLimits.MIN_PAYLOAD_BYTES, 64 << 20, "Largest payload a new store accepts; the store is checked to hold"
                    + " it when it is created (used at creation)");
    static final ConfigProperty<Duration> OPEN_TIMEOUT = ConfigProperty.ofDuration(PREFIX + "openTimeout",
            Duration.ofSeconds(60), "Longest wait for another process that is opening, recovering or closing the"
                    + " same store");
    static final ConfigProperty<Duration> WATCH_POLL_INTERVAL = ConfigProperty.ofDuration(PREFIX
            + "watchPollInterval", Duration.ofMillis(10), "How often a process with watchers looks for writes made"
                    + " by other processes");

    static final List<ConfigProperty<?>> ALL = List.of(DATA_DIR, ENTRIES, AVERAGE_KEY_SIZE, AVERAGE_PAYLOAD_SIZE,
            MAX_BLOAT_FACTOR, MAX_KEY_SIZE, MAX_PAYLOAD_SIZE, OPEN_TIMEOUT, WATCH_POLL_INTERVAL);

    final Path dataDir;
    final long entries;
    final long averageKeySize;
    final long averagePayloadSize;
    final long maxBloatFactor;
    final int maxKeySize;
    final int maxPayloadSize;
    final Duration openTimeout;
    final Duration watchPollInterval;

    Settings(KvConfig config) {
        ConfigProperty.rejectUnknown(PREFIX, config, ALL);
        dataDir = DATA_DIR.from(config).toAbsolutePath().normalize();
        entries = ENTRIES.from(config);
        averageKeySize = AVERAGE_KEY_SIZE.from(config);
        averagePayloadSize = AVERAGE_PAYLOAD_SIZE.from(config);
        maxBloatFactor = MAX_BLOAT_FACTOR.from(config);
        maxKeySize = Math.toIntExact(MAX_KEY_SIZE.from(config));
        maxPayloadSize = Math.toIntExact(MAX_PAYLOAD_SIZE.from(config));
        openTimeout = OPEN_TIMEOUT.from(config);
        watchPollInterval = WATCH_POLL_INTERVAL.from(config);
        if (watchPollInterval.isZero() || watchPollInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "invalid value '" + watchPollInterval
                    + "' for property " + WATCH_POLL_INTERVAL.name() + ": expected more than 0 and at most 10s");
        }
    }
}
