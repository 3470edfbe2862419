package dev.kv.api.spi;

import dev.kv.api.Payload;
import java.util.concurrent.CompletionStage;

/**
 * The non-blocking storage calls of a provider whose client is asynchronous, behind the view that
 * {@link AbstractKvStore#nativeAsyncView(AsyncStorage)} makes: the twins of {@link AbstractKvStore#readValue},
 * {@link AbstractKvStore#writeValue} and {@link AbstractKvStore#removeValue}, with the same contracts, each
 * returning at once a stage the provider completes (typically on its I/O thread).
 *
 * <p>The view calls them only with arguments already checked, on an open handle, never for two operations of one
 * key at once (it chains them), and never for a write of a key watched in this JVM (that takes the blocking,
 * locked path, so its event is published in order). A stage failing with a {@code KvException} chooses the
 * reason; any other failure becomes {@code STORAGE} naming the operation, key and store, as a failing blocking
 * call does, so both views report the same. A call must not block, and must not throw: it reports through the
 * stage.
 *
 * @since 0.2
 */
public interface AsyncStorage {

    /**
     * Reads a value.
     *
     * @param key a legal key
     * @return the value, or {@code null} if the key has none
     */
    CompletionStage<Payload> readValue(String key);

    /**
     * Stores a value; a failed write must leave the previous value in place.
     *
     * @param key   a legal key
     * @param value a payload within the limits
     * @return completed once the value is stored
     */
    CompletionStage<Void> writeValue(String key, Payload value);

    /**
     * Removes a value.
     *
     * @param key a legal key
     * @return {@code true} if a value was removed, {@code false} if the key had none
     */
    CompletionStage<Boolean> removeValue(String key);
}
