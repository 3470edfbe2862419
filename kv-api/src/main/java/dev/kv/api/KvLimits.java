package dev.kv.api;

/**
 * The largest key and payload a store accepts, as declared by its provider for the configuration it was
 * opened with. SPEC.md requires at least {@link #MIN_KEY_BYTES} and {@link #MIN_PAYLOAD_BYTES}.
 *
 * @param maxKeyBytes     the longest key, in UTF-8 bytes
 * @param maxPayloadBytes the largest payload, in bytes
 * @since 0.1
 */
public record KvLimits(int maxKeyBytes, int maxPayloadBytes) {

    /** Every provider accepts keys of at least this many UTF-8 bytes (SPEC.md KEY-5). */
    public static final int MIN_KEY_BYTES = 256;

    /** Every provider accepts payloads of at least this many bytes, 1 MiB (SPEC.md PAYLOAD-3). */
    public static final int MIN_PAYLOAD_BYTES = 1 << 20;

    /**
     * Creates limits.
     *
     * @throws IllegalArgumentException if either limit is below the spec's minimum
     */
    public KvLimits {
        if (maxKeyBytes < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("maxKeyBytes must be at least " + MIN_KEY_BYTES + ", was " + maxKeyBytes);
        }
        if (maxPayloadBytes < MIN_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(
                    "maxPayloadBytes must be at least " + MIN_PAYLOAD_BYTES + ", was " + maxPayloadBytes);
        }
    }
}
