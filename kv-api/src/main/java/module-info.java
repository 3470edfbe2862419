/**
 * The kv API: a small, pluggable key-value interface.
 *
 * <p>{@code dev.kv.api} holds what applications use: {@link dev.kv.api.Kv} to open a
 * {@link dev.kv.api.KvStore}, {@link dev.kv.api.Payload}, the error variant {@link dev.kv.api.KvError} carried
 * by {@link dev.kv.api.KvException}, and the watch types. {@code dev.kv.api.spi} holds what provider authors
 * implement ({@link dev.kv.api.spi.KvProvider}) and the toolkit that does the common work for them
 * ({@link dev.kv.api.spi.AbstractKvStore}, {@link dev.kv.api.spi.WatchHub}).
 *
 * <p>System properties read by this module:
 * <ul>
 *   <li>{@code kv.provider}: the id of the provider to use when several are present (or {@code KV_PROVIDER}
 *       in the environment);</li>
 *   <li>{@code kv.watch.bufferSize}: events buffered per watch subscriber, default 4096;</li>
 *   <li>{@code kv.decorators.disabled}: {@code true} opens stores without decorators such as metrics;</li>
 *   <li>{@code kv.async.threads}: threads ({@code kv-async-N}) running blocking calls for the default
 *       asynchronous view, default twice the processors, between 4 and 16;</li>
 *   <li>{@code kv.async.queueSize}: operations waiting per such thread before further ones fail, default 1024.</li>
 * </ul>
 *
 * @uses dev.kv.api.spi.KvProvider
 * @uses dev.kv.api.spi.KvStoreDecorator
 */
module dev.kv.api {
    exports dev.kv.api;
    exports dev.kv.api.spi;

    uses dev.kv.api.spi.KvProvider;
    uses dev.kv.api.spi.KvStoreDecorator;
}
