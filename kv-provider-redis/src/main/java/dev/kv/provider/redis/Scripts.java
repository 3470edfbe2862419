package dev.kv.provider.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The two Lua scripts every mutation is (and how kv runs a script: {@link #eval}): each writes or removes the value, bumps the key's revision and
 * announces the change on the key's shard channel, in one atomic step on the server (a script runs alone).
 *
 * <p>They run with {@code EVALSHA}; a server that does not know the script (restarted, failed over, flushed:
 * {@code NOSCRIPT}) gets it with {@code EVAL}, which also caches it again. So nothing has to be installed ahead,
 * on any node, and a node added to a Cluster later works the same way.
 *
 * <p>The announcement is {@code S<revision>:<payload>} for a value of at most {@link #INLINE_BYTES} bytes,
 * {@code L<revision>} for a larger one (watchers read it: a pub/sub message as large as a value could exceed
 * the server's output buffer limit for subscribers and cut their connection), and {@code D<revision>} for a
 * delete.
 *
 * <p>The revision is the hash's field {@code r}, and it only grows. A delete keeps the hash with {@code r}
 * alone, a tombstone of a few dozen bytes, so that a key set again continues its count and a watcher never
 * mistakes a new value for an old one; the tombstone expires after {@code kv.redis.tombstoneTtl}, so keys that
 * come and go do not fill the server, and a set {@code PERSIST}s it again. A key with no hash at all (never set,
 * or its tombstone expired) starts at the server's clock in microseconds ({@code TIME}): a key cannot have
 * changed more than once a microsecond, so that is above any revision it had before, and a watcher's last
 * revision stays behind the new one. (Redis 7 replicates a script's effects, not the script, so reading the
 * clock in it is allowed and replicas store the same revision.)
 */
final class Scripts {

    /** Largest payload carried in the announcement itself. */
    static final int INLINE_BYTES = 16 * 1024;

    // The value is written first: if the server refuses it (out of memory, say), the script stops before it has
    // changed anything, since scripts are not rolled back. TIME's microseconds are padded to six digits. Lua's
    // numbers are doubles (exact below 2^53, which microseconds reach in the year 2255), and '..' prints one of 16
    // digits in exponent form, so revisions are always formatted with '%d'.
    static final String SET = String.join("\n",
            "local rev",
            "if redis.call('EXISTS', KEYS[1]) == 0 then",
            "  local t = redis.call('TIME')",
            "  local start = t[1] .. string.format('%06d', tonumber(t[2]))",
            "  redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', start)",
            "  rev = tonumber(start)",
            "else",
            "  redis.call('HSET', KEYS[1], 'v', ARGV[1])",
            "  redis.call('PERSIST', KEYS[1])",
            "  rev = redis.call('HINCRBY', KEYS[1], 'r', 1)",
            "end",
            "if string.len(ARGV[1]) <= tonumber(ARGV[3]) then",
            "  redis.call('SPUBLISH', ARGV[2], 'S' .. string.format('%d', rev) .. ':' .. ARGV[1])",
            "else",
            "  redis.call('SPUBLISH', ARGV[2], 'L' .. string.format('%d', rev))",
            "end",
            "return rev");

    static final String DELETE = String.join("\n",
            "if redis.call('HEXISTS', KEYS[1], 'v') == 0 then return 0 end",
            "redis.call('HDEL', KEYS[1], 'v')",
            "local rev = redis.call('HINCRBY', KEYS[1], 'r', 1)",
            "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
            "redis.call('SPUBLISH', ARGV[1], 'D' .. string.format('%d', rev))",
            "return rev");

    private static final String SET_SHA = sha1(SET);
    private static final String DELETE_SHA = sha1(DELETE);
    private static final byte[] INLINE_ARG = Integer.toString(INLINE_BYTES).getBytes(StandardCharsets.US_ASCII);

    private Scripts() {
    }

    /** Sets the value; returns the new revision. */
    static long set(RedisClusterCommands<byte[], byte[]> commands, byte[] hash, byte[] channel, byte[] value) {
        return run(commands, SET, SET_SHA, new byte[][] {hash}, value, channel, INLINE_ARG);
    }

    /**
     * Deletes the value, leaving a tombstone that expires after {@code tombstoneTtlMillis}; returns the new
     * revision, or 0 if there was no value (then nothing was written).
     */
    static long delete(RedisClusterCommands<byte[], byte[]> commands, byte[] hash, byte[] channel,
                       long tombstoneTtlMillis) {
        return run(commands, DELETE, DELETE_SHA, new byte[][] {hash}, channel,
                Long.toString(tombstoneTtlMillis).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@link #set} without blocking: completes with the new revision. */
    static CompletionStage<Long> setAsync(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] hash,
                                          byte[] channel, byte[] value) {
        return runAsync(commands, SET, SET_SHA, new byte[][] {hash}, value, channel, INLINE_ARG);
    }

    /** {@link #delete} without blocking: completes with the new revision, or 0 if there was no value. */
    static CompletionStage<Long> deleteAsync(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] hash,
                                             byte[] channel, long tombstoneTtlMillis) {
        return runAsync(commands, DELETE, DELETE_SHA, new byte[][] {hash}, channel,
                Long.toString(tombstoneTtlMillis).getBytes(StandardCharsets.US_ASCII));
    }

    // The EVAL after a NOSCRIPT is sent behind whatever was sent meanwhile: the caller keeps one key's operations
    // from overtaking each other by starting the next only when this one completed.
    private static CompletionStage<Long> runAsync(RedisClusterAsyncCommands<byte[], byte[]> commands, String script,
                                                  String sha, byte[][] keys, byte[]... args) {
        return Scripts.<Long>evalAsync(commands, script, sha, ScriptOutputType.INTEGER, keys, args)
                .thenApply(result -> result == null ? 0L : result);
    }

    private static long run(RedisClusterCommands<byte[], byte[]> commands, String script, String sha,
                            byte[][] keys, byte[]... args) {
        Long result = eval(commands, script, sha, ScriptOutputType.INTEGER, keys, args);
        return result == null ? 0 : result;
    }

    /**
     * Runs {@code script} by its {@code sha}, sending the script itself if the server does not know it.
     *
     * @param <T> the reply's type, as {@code type} gives it
     */
    static <T> T eval(RedisClusterCommands<byte[], byte[]> commands, String script, String sha, ScriptOutputType type,
                      byte[][] keys, byte[]... args) {
        try {
            return commands.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(script, type, keys, args);
        }
    }

    /** {@link #eval} without blocking. */
    static <T> CompletionStage<T> evalAsync(RedisClusterAsyncCommands<byte[], byte[]> commands, String script,
                                            String sha, ScriptOutputType type, byte[][] keys, byte[]... args) {
        CompletionStage<T> first = commands.<T>evalsha(sha, type, keys, args);
        return first.handle((result, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return commands.<T>eval(script, type, keys, args);
            }
            return e == null ? CompletableFuture.completedFuture(result) : CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    static String sha1(String script) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
