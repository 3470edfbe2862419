package dev.kv.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One change to a watched key, delivered through {@link KvStore#events(Observable)}.
 *
 * <p>For one key, events arrive in the order the writes took effect. {@code sequence} increases with every
 * event the watching process sees for the store (so gaps are normal: they are other keys' events).
 *
 * @param key      the key that changed
 * @param kind     what happened
 * @param payload  the new value for {@link Kind#SET}; {@code null} for every other kind
 * @param sequence the per-store sequence number, strictly increasing per key
 * @since 0.1
 */
public record KvEvent(String key, Kind kind, Payload payload, long sequence) {

    /**
     * What happened to the key.
     *
     * @since 0.1
     */
    public enum Kind {
        /** The key was set to {@link KvEvent#payload()}. */
        SET,
        /** The key's value was removed by {@link KvStore#delete(String)}. */
        DELETE,
        /** The key's value was removed because it expired (providers with {@code EXPIRY}). */
        EXPIRE,
        /** The key's value was removed to make room (providers with {@code EVICTION}). */
        EVICT
    }

    /**
     * Creates an event.
     *
     * @throws NullPointerException if {@code key} or {@code kind} is null, or {@code payload} is null for SET
     * @throws IllegalArgumentException if {@code payload} is given for a kind other than SET
     */
    public KvEvent {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        if (kind == Kind.SET) {
            Objects.requireNonNull(payload, "a SET event needs a payload");
        } else if (payload != null) {
            throw new IllegalArgumentException("only a SET event carries a payload, not " + kind);
        }
    }

    /**
     * The new value, if this is a {@link Kind#SET} event.
     *
     * @return the payload, or empty for removals
     */
    public Optional<Payload> value() {
        return Optional.ofNullable(payload);
    }

    /**
     * Whether the key has no value after this event.
     *
     * @return {@code true} for every kind but SET
     */
    public boolean isRemoval() {
        return kind != Kind.SET;
    }
}
