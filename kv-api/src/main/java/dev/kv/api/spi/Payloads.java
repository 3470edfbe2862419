package dev.kv.api.spi;

import dev.kv.api.Payload;
import dev.kv.api.internal.PayloadAccess;
import java.util.Objects;

/**
 * Payload construction for provider authors.
 *
 * @since 0.1
 */
public final class Payloads {
    private Payloads() {
    }

    /**
     * Wraps an array the caller has just filled, without copying it. The caller gives up the array: it must
     * not modify it or let anyone else see it afterwards, or the payload's immutability is broken.
     *
     * @param fresh a newly made array that nothing else references
     * @return a payload backed by {@code fresh}
     */
    public static Payload adopt(byte[] fresh) {
        return PayloadAccess.adopt(Objects.requireNonNull(fresh, "array must not be null"));
    }
}
