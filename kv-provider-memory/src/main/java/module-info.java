/**
 * The {@code memory} kv provider: stores held in the JVM's heap, one Caffeine cache per store name.
 *
 * <p>Exports nothing: applications use {@code dev.kv.api} and select this provider by its id, {@code memory}
 * (only needed when several providers are present: {@code Kv.builder().provider("memory")}, the system
 * property {@code kv.provider=memory}, or the environment variable {@code KV_PROVIDER=memory}).
 *
 * <p>Capabilities: {@code EVICTION} and {@code EXPIRY}; not {@code PERSISTENT} (a store's data is discarded when
 * its last handle in the JVM closes) and not {@code MULTI_PROCESS}.
 *
 * <p>Configuration properties, read from the {@code KvConfig} given in code, then from system properties of the
 * same name; any other property under {@code kv.memory.} fails {@code open} with {@code CONFIGURATION}:
 * <ul>
 *   <li>{@code kv.memory.maximumBytes}: most bytes a store holds, each entry counted as its key's UTF-8 length
 *       plus its payload's size; entries are evicted beyond it. Default {@code 256MiB}; bytes, with an optional
 *       unit {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}; at least 1.</li>
 *   <li>{@code kv.memory.maximumPayloadBytes}: largest payload accepted ({@code PAYLOAD_TOO_LARGE} beyond it).
 *       Default {@code 16MiB}; bytes, from {@code 1MiB} to {@code 1GiB}.</li>
 *   <li>{@code kv.memory.expireAfterWrite}: a value expires this long after it was written. Default off;
 *       a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601
 *       {@code PT30S}; {@code 0} means off.</li>
 *   <li>{@code kv.memory.expireAfterAccess}: a value expires this long after it was last read or written.
 *       Default off; a duration as above.</li>
 *   <li>{@code kv.memory.recordStats}: record hits, misses and evictions in the cache's statistics.
 *       Default {@code true}.</li>
 *   <li>{@code kv.watch.bufferSize} (shared by all providers): events buffered per watch subscriber before it
 *       fails with {@code WATCH_OVERFLOW}. Default {@code 4096}; events.</li>
 * </ul>
 * Keys may be up to 4096 UTF-8 bytes long.
 *
 * @provides dev.kv.api.spi.KvProvider the {@code memory} provider
 */
module dev.kv.provider.memory {
    requires dev.kv.api;
    requires com.github.benmanes.caffeine;

    provides dev.kv.api.spi.KvProvider with dev.kv.provider.memory.MemoryKvProvider;
}
