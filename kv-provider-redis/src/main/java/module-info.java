/**
 * The {@code redis} kv provider: stores on a Redis server (standalone, Sentinel or Cluster) through Lettuce,
 * shared by every process that reaches the server, with watch across processes.
 *
 * <p>Exports nothing: applications use {@code dev.kv.api} and select this provider by its id, {@code redis}.
 *
 * <p>Capabilities: {@code PERSISTENT}, {@code MULTI_PROCESS}, {@code CROSS_PROCESS_WATCH}.
 *
 * <p>Configuration properties (in a {@code KvConfig}, else system properties, else the environment variable
 * named; any other property under {@code kv.redis.} fails {@code open} with {@code CONFIGURATION}):
 * <ul>
 *   <li>{@code kv.redis.uri} (env {@code KV_REDIS_URI}): default {@code redis://127.0.0.1:6379};
 *       {@code rediss://} for TLS, {@code redis-sentinel://host:port,host:port#master} for Sentinel, several
 *       URIs separated by commas for the seeds of a Cluster</li>
 *   <li>{@code kv.redis.mode}: {@code auto} (default), {@code standalone}, {@code cluster} or {@code sentinel}</li>
 *   <li>{@code kv.redis.user} (env {@code KV_REDIS_USER}) and {@code kv.redis.password}
 *       (env {@code KV_REDIS_PASSWORD}); the password is never shown</li>
 *   <li>{@code kv.redis.namespace}: prefix of every Redis key and channel; default {@code kv}</li>
 *   <li>{@code kv.redis.timeout}: longest wait per operation and for connecting; default {@code 5s}</li>
 *   <li>{@code kv.redis.requestQueueSize}: commands queued per connection; default 10000</li>
 *   <li>{@code kv.redis.maxKeyBytes}: default {@code 4KiB}; {@code kv.redis.maxPayloadBytes}: default
 *       {@code 1MiB}, up to {@code 512MiB}</li>
 *   <li>{@code kv.redis.replicas}: replicas that must acknowledge each write ({@code WAIT}); default 0</li>
 *   <li>{@code kv.redis.tombstoneTtl}: how long a deleted key's revision stays on the server; default {@code 1h}</li>
 *   <li>{@code kv.watch.bufferSize} (shared by all providers)</li>
 * </ul>
 *
 * @provides dev.kv.api.spi.KvProvider the {@code redis} provider
 */
module dev.kv.provider.redis {
    requires dev.kv.api;
    requires lettuce.core;
    requires reactor.core;
    // Lettuce is an automatic module, which requires nothing; Netty's jars are named modules, which the module
    // path resolves only when a module requires them. Without these, Lettuce fails with NoClassDefFoundError.
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;

    provides dev.kv.api.spi.KvProvider with dev.kv.provider.redis.RedisKvProvider;
}
