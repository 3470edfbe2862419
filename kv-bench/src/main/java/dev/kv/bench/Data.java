package dev.kv.bench;

import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The keys and values every benchmark uses, so that a provider, its raw library and the peer stores do the same
 * work: {@value #KEYS} keys of the form {@code key-0000042} (ASCII, 11 bytes), {@value #KEYS} keys that are never
 * written (for misses), and a small pool of values of the benchmark's payload size filled with seeded random
 * (incompressible) bytes.
 */
public final class Data {

    /** Keys written before measuring; a power of two so that threads can walk them with a mask. */
    public static final int KEYS = 1024;
    /** Distinct values per payload size; a write takes the next one, so consecutive writes differ. */
    public static final int VALUES = 16;

    /** Keys that hold a value. */
    public final String[] keys = new String[KEYS];
    /** Keys that never hold a value. */
    public final String[] missingKeys = new String[KEYS];
    /** The values as byte arrays, for the raw libraries. */
    public final byte[][] values = new byte[VALUES][];
    /** The same values as payloads, for kv. */
    public final Payload[] payloads = new Payload[VALUES];

    /**
     * Creates the data set for one payload size.
     *
     * @param payloadBytes the size of every value
     */
    public Data(int payloadBytes) {
        for (int i = 0; i < KEYS; i++) {
            keys[i] = String.format("key-%07d", i);
            missingKeys[i] = String.format("nil-%07d", i);
        }
        Random random = new Random(42);
        for (int i = 0; i < VALUES; i++) {
            values[i] = new byte[payloadBytes];
            random.nextBytes(values[i]);
            payloads[i] = Payload.copyOf(values[i]);
        }
    }

    /**
     * The UTF-8 bytes of a key: what a user of a byte-keyed library passes.
     *
     * @param key the key
     * @return its encoding
     */
    public static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
