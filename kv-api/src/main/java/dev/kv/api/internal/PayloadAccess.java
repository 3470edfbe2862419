package dev.kv.api.internal;

import dev.kv.api.Payload;
import java.util.function.Function;

/**
 * Lets the SPI package build a {@link Payload} around an array without copying it, while {@code Payload}'s
 * constructor stays private to its package (the JDK's "shared secrets" pattern).
 */
public final class PayloadAccess {
    private static volatile Function<byte[], Payload> adopt;
    private static volatile Function<Payload, byte[]> peek;

    private PayloadAccess() {
    }

    /**
     * Called once by {@code Payload}'s static initialiser.
     *
     * @param adopter wraps an array without copying
     * @param peeker  exposes the backing array
     */
    public static void install(Function<byte[], Payload> adopter, Function<Payload, byte[]> peeker) {
        adopt = adopter;
        peek = peeker;
    }

    /**
     * Wraps {@code fresh} without copying.
     *
     * @param fresh an array nobody else will modify
     * @return the payload
     */
    public static Payload adopt(byte[] fresh) {
        ensureInitialised();
        return fresh.length == 0 ? Payload.empty() : adopt.apply(fresh);
    }

    /**
     * The backing array of a payload, for code in this module that promises not to modify it.
     *
     * @param payload the payload
     * @return its backing array, not a copy
     */
    public static byte[] peek(Payload payload) {
        ensureInitialised();
        return peek.apply(payload);
    }

    private static void ensureInitialised() {
        if (adopt == null) {
            Payload.empty(); // runs Payload's static initialiser, which calls install
        }
    }
}
