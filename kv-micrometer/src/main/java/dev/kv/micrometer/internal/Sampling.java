package dev.kv.micrometer.internal;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.spi.ConfigProperty;

/**
 * The sampling rate: its default, its check, and its property. Names no Micrometer type, since
 * {@link MetricsDecorator} reads the property before knowing whether Micrometer is present.
 */
public final class Sampling {

    /** Same value as {@link dev.kv.micrometer.KvMetrics#DEFAULT_SAMPLE_EVERY}, which must stay in step. */
    public static final int DEFAULT = 256;
    /** The largest rate: the largest power of two an int holds. */
    public static final int MAX = 1 << 30;
    /** Same text as {@link dev.kv.micrometer.KvMetrics#SAMPLE_EVERY_PROPERTY}. */
    static final String PROPERTY = "kv.metrics.sampleEvery";

    /** Parsed and range-checked the project's way, so its messages read like every other property's. */
    private static final ConfigProperty<Long> SAMPLE_EVERY = ConfigProperty.ofLong(PROPERTY, DEFAULT, 1, MAX,
            "Time one store call in this many (a power of two); 1 times every call");

    private Sampling() {
    }

    /**
     * Checks a rate given in code.
     *
     * @param sampleEvery the rate
     * @return {@code sampleEvery}
     * @throws IllegalArgumentException naming the value, if it is not a power of two from 1 to {@link #MAX}
     */
    public static int check(int sampleEvery) {
        if (sampleEvery < 1 || Integer.bitCount(sampleEvery) != 1) {
            throw new IllegalArgumentException("sampleEvery must be a power of two from 1 (every call) to " + MAX
                    + ", such as 1, 16, 64 or 1024, not " + sampleEvery);
        }
        return sampleEvery;
    }

    /**
     * The rate for a store opened with {@code config}: the property from it, else the system property, else
     * {@link #DEFAULT}, read as {@code kv.metrics.enabled} is.
     *
     * @param config the store's configuration
     * @return the rate
     * @throws KvException with reason {@code CONFIGURATION} naming the property and the value, if the value is not
     *                     a power of two from 1 to {@link #MAX}
     */
    static int from(KvConfig config) {
        long value = SAMPLE_EVERY.from(config);
        if (Long.bitCount(value) != 1) {
            String text = config.get(PROPERTY).orElse(null);
            String source = "configuration";
            if (text == null) {
                text = System.getProperty(PROPERTY);
                source = "system property";
            }
            throw KvException.of(KvException.Reason.CONFIGURATION, "invalid value '" + text + "' for property "
                    + PROPERTY + " (from " + source + "): expected a power of two from 1 (every call) to " + MAX
                    + ", such as 1, 16, 64 or 1024");
        }
        return (int) value;
    }
}
