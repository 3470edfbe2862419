package dev.kv.provider.memory;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.spi.ConfigDifferences;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.WatchHub;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of one memory store, read once when it is opened. Two opens of the same name must agree
 * on it, because they share one cache.
 *
 * @param maximumBytes        the most bytes (keys in UTF-8 plus payloads) the store holds before evicting
 * @param maximumPayloadBytes the largest payload accepted
 * @param expireAfterWrite    how long a value lives after it was written, or {@code null} for ever
 * @param expireAfterAccess   how long a value lives after it was last read or written, or {@code null} for ever
 * @param recordStats         whether the cache records hits, misses and evictions
 * @param watchBufferSize     events buffered per watch subscriber
 */
record MemorySettings(long maximumBytes, int maximumPayloadBytes, Duration expireAfterWrite,
                      Duration expireAfterAccess, boolean recordStats, int watchBufferSize) {

    /** The prefix of this provider's properties. */
    static final String PREFIX = "kv.memory.";

    /** The longest key, in UTF-8 bytes. Not configurable: keys are held as they are, memory is the limit. */
    static final int MAXIMUM_KEY_BYTES = 4096;

    /** Largest payload the {@code maximumPayloadBytes} property allows; with the key it still fits an int weight. */
    static final long PAYLOAD_CEILING = 1L << 30;

    static final ConfigProperty<Long> MAXIMUM_BYTES = ConfigProperty.ofBytes(PREFIX + "maximumBytes", 256L << 20,
            1, Long.MAX_VALUE - 1,
            "Most bytes a store holds, counting each entry as its key's UTF-8 length plus its payload's size; "
                    + "least valuable entries are evicted beyond it (EVICT events)");

    static final ConfigProperty<Long> MAXIMUM_PAYLOAD_BYTES = ConfigProperty.ofBytes(PREFIX + "maximumPayloadBytes",
            16L << 20, KvLimits.MIN_PAYLOAD_BYTES, PAYLOAD_CEILING,
            "Largest payload a store accepts; a larger one is refused with PAYLOAD_TOO_LARGE");

    static final ConfigProperty<Duration> EXPIRE_AFTER_WRITE = ConfigProperty.ofDuration(
            PREFIX + "expireAfterWrite", null,
            "A value expires this long after it was written (EXPIRE events); 0 or unset: never");

    static final ConfigProperty<Duration> EXPIRE_AFTER_ACCESS = ConfigProperty.ofDuration(
            PREFIX + "expireAfterAccess", null,
            "A value expires this long after it was last read or written (EXPIRE events); 0 or unset: never");

    static final ConfigProperty<Boolean> RECORD_STATS = ConfigProperty.ofBoolean(PREFIX + "recordStats", true,
            "Record hits, misses and evictions in the Caffeine cache's statistics (for metrics)");

    /** Every property this provider reads, in the order documented. */
    static final List<ConfigProperty<?>> PROPERTIES = List.of(MAXIMUM_BYTES, MAXIMUM_PAYLOAD_BYTES,
            EXPIRE_AFTER_WRITE, EXPIRE_AFTER_ACCESS, RECORD_STATS, WatchHub.BUFFER_SIZE);

    MemorySettings {
        expireAfterWrite = offIfZero(expireAfterWrite);
        expireAfterAccess = offIfZero(expireAfterAccess);
    }

    /**
     * Reads the settings for opening {@code store}.
     *
     * @throws KvException with reason {@code CONFIGURATION} naming the store, the property and the value
     */
    static MemorySettings from(String store, KvConfig config) {
        try {
            return read(config);
        } catch (KvException e) {
            throw KvException.of(e.reason(), "cannot open memory store " + Diagnostics.quote(store) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code config} the way {@link #from} does, for calls that concern no one store (a listing).
     *
     * @throws KvException {@code CONFIGURATION} for a property under {@code kv.memory.} that is none of ours, or a
     *                     bad value of one of ours
     */
    static void check(KvConfig config) {
        try {
            read(config);
        } catch (KvException e) {
            throw KvException.of(e.reason(), "memory provider: " + e.getMessage(), e);
        }
    }

    private static MemorySettings read(KvConfig config) {
        Objects.requireNonNull(config, "config");
        ConfigProperty.rejectUnknown(PREFIX, config, PROPERTIES);
        return new MemorySettings(MAXIMUM_BYTES.from(config),
                Math.toIntExact(MAXIMUM_PAYLOAD_BYTES.from(config)),
                EXPIRE_AFTER_WRITE.from(config),
                EXPIRE_AFTER_ACCESS.from(config),
                RECORD_STATS.from(config),
                Math.toIntExact(WatchHub.BUFFER_SIZE.from(config)));
    }

    /** The limits a store with these settings declares. */
    KvLimits limits() {
        return new KvLimits(MAXIMUM_KEY_BYTES, maximumPayloadBytes);
    }

    /** Whether values can expire. */
    boolean expires() {
        return expireAfterWrite != null || expireAfterAccess != null;
    }

    /** What differs between these settings, of the open store, and {@code asked}, of a further open (CONF-5). */
    ConfigDifferences differences(MemorySettings asked) {
        return new ConfigDifferences()
                .compare(MAXIMUM_BYTES, maximumBytes, asked.maximumBytes)
                .compare(MAXIMUM_PAYLOAD_BYTES, (long) maximumPayloadBytes, (long) asked.maximumPayloadBytes)
                .compare(EXPIRE_AFTER_WRITE, expireAfterWrite, asked.expireAfterWrite)
                .compare(EXPIRE_AFTER_ACCESS, expireAfterAccess, asked.expireAfterAccess)
                .compare(RECORD_STATS, recordStats, asked.recordStats)
                .compare(WatchHub.BUFFER_SIZE, (long) watchBufferSize, (long) asked.watchBufferSize);
    }

    private static Duration offIfZero(Duration d) {
        return d == null || d.isZero() ? null : d;
    }
}
