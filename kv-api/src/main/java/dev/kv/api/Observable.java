package dev.kv.api;

import java.util.Objects;

/**
 * The seed's {@code observable} record: what {@link KvStore#watch(String)} returns.
 *
 * <p>{@code rd} is the resource descriptor of the store the key belongs to (see {@link KvStore#rd()}): the
 * same for every handle of that store, different for different stores. Pass the observable to
 * {@link KvStore#events(Observable)} to receive the key's changes.
 *
 * @param rd  the store's resource descriptor
 * @param key the watched key
 * @since 0.1
 */
public record Observable(String rd, String key) {
    /**
     * Creates an observable.
     *
     * @throws NullPointerException if either component is null
     */
    public Observable {
        Objects.requireNonNull(rd, "rd must not be null");
        Objects.requireNonNull(key, "key must not be null");
    }
}
