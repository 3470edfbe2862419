package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;

/**
 * Wraps every store that {@link dev.kv.api.Kv} opens, for cross-cutting concerns such as metrics, without the
 * provider's involvement. Found with {@link java.util.ServiceLoader}; a module adds one by being present
 * ({@code provides dev.kv.api.spi.KvStoreDecorator with ...}). Decorators run in the order they are found.
 * Setting the system property {@value #DISABLE_PROPERTY} to {@code true} turns all of them off.
 *
 * <p>A decorator must keep the store's behaviour: same results, same exceptions, same events.
 *
 * @since 0.1
 */
public interface KvStoreDecorator {

    /** Set to {@code true} to open stores without any decorator. */
    String DISABLE_PROPERTY = "kv.decorators.disabled";

    /**
     * Returns {@code store} or a wrapper of it.
     *
     * @param provider the provider that opened the store
     * @param store    the opened store
     * @param config   the configuration it was opened with
     * @return the store to give the caller
     */
    KvStore decorate(KvProvider provider, KvStore store, KvConfig config);
}
