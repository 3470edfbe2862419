package dev.kv.provider.redis;

import dev.kv.api.Payload;
import dev.kv.api.spi.AsyncStorage;
import dev.kv.api.spi.Payloads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The redis store's operations without blocking: the same commands and scripts as the blocking ones, sent on the
 * same data connection through Lettuce's asynchronous API, so that an asynchronous caller parks no thread while
 * the server answers. Failures are reported as the blocking calls report them. Used only without
 * {@code kv.redis.replicas}, whose {@code WAIT} stays on the blocking path.
 */
final class RedisAsyncStorage implements AsyncStorage {

    private final Connections connections;
    private final Layout layout;
    private final String name;
    private final long tombstoneTtlMillis;

    RedisAsyncStorage(RedisStoreState state) {
        this.connections = state.connections();
        this.layout = state.layout();
        this.name = state.name();
        this.tombstoneTtlMillis = state.settings().tombstoneTtl().toMillis();
    }

    @Override
    public CompletionStage<Payload> readValue(String key) {
        return reported(() -> connections.async().hget(layout.hashKey(name, key), Connections.VALUE)
                .thenApply(value -> value == null ? null : Payloads.adopt(value)));
    }

    @Override
    public CompletionStage<Void> writeValue(String key, Payload value) {
        return reported(() -> Scripts.setAsync(connections.async(), layout.hashKey(name, key),
                layout.channel(name, key), value.toByteArray()).thenApply(revision -> null));
    }

    @Override
    public CompletionStage<Boolean> removeValue(String key) {
        return reported(() -> Scripts.deleteAsync(connections.async(), layout.hashKey(name, key),
                layout.channel(name, key), tombstoneTtlMillis).thenApply(revision -> revision != 0));
    }

    /** Starts {@code command}; whether it fails at once or later, the failure is the blocking calls' one. */
    private <T> CompletionStage<T> reported(Supplier<CompletionStage<T>> command) {
        CompletionStage<T> stage;
        try {
            stage = command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(connections.failure(e));
        }
        return stage.handle((value, e) -> {
            if (e != null) {
                throw connections.failure(e instanceof CompletionException
                        && e.getCause() != null ? e.getCause() : e);
            }
            return value;
        });
    }
}
