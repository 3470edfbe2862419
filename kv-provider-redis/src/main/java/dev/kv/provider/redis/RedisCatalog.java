package dev.kv.provider.redis;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.StoreInfo;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The stores of a namespace, found by scanning the server ({@code SCAN MATCH}, a page at a time, over every
 * primary of a Cluster), and their removal. A redis store is its keys: it exists while it holds one (a
 * tombstone, the revision a delete leaves behind, is no key), and opening one writes nothing but a lease.
 *
 * <p>Scanning visits every key of the database, not only the namespace's: a listing or a drop costs time in
 * proportion to the whole keyspace, which is why neither is on any path a read or write takes.
 */
final class RedisCatalog {

    /** Keys asked for per {@code SCAN} call; a hint to the server, which may return more or fewer. */
    private static final long PAGE = 1000;

    private RedisCatalog() {
    }

    /** The stores holding at least one key, by name, each with its key count. */
    static List<StoreInfo> stores(Connections connections, RedisSettings settings) {
        Layout layout = new Layout(settings.namespace());
        TreeMap<String, Long> counts = new TreeMap<>();
        scan(connections, layout.namespacePattern(), page -> {
            List<String> stores = new ArrayList<>(page.size());
            List<byte[]> hashes = new ArrayList<>(page.size());
            for (byte[] redisKey : page) {
                String store = layout.storeOf(redisKey);
                if (store != null) {
                    stores.add(store);
                    hashes.add(redisKey);
                }
            }
            List<Boolean> live = holdValues(connections, hashes);
            for (int i = 0; i < stores.size(); i++) {
                if (live.get(i)) {
                    counts.merge(stores.get(i), 1L, Long::sum);
                }
            }
            return false;
        });
        String where = RedisStoreState.where(settings);
        List<StoreInfo> listed = new ArrayList<>(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            long n = e.getValue();
            listed.add(new StoreInfo(e.getKey(), -1, where + ", " + n + (n == 1 ? " key" : " keys")));
        }
        return listed;
    }

    /** The store if a hash of it holds a value, with its key count; scans only that store's keys. */
    static Optional<StoreInfo> find(Connections connections, RedisSettings settings, String store) {
        Layout layout = new Layout(settings.namespace());
        long[] count = new long[1];
        scan(connections, layout.storeKeysPattern(store), page -> {
            for (boolean live : holdValues(connections, page)) {
                if (live) {
                    count[0]++;
                }
            }
            return false;
        });
        if (count[0] == 0) {
            return Optional.empty();
        }
        long n = count[0];
        return Optional.of(new StoreInfo(store, -1, RedisStoreState.where(settings) + ", " + n
                + (n == 1 ? " key" : " keys")));
    }

    /**
     * Removes every hash of {@code store} (values and tombstones) and its registry, unless a process has the store
     * open; see {@link StoreRegistry} for how opens are kept out meanwhile.
     *
     * @throws KvException {@code NOT_FOUND} if the store holds no key, {@code STORAGE} if it is open somewhere
     *                     (naming where) or the server failed; in either case nothing was removed
     */
    static void drop(Connections connections, RedisSettings settings, String store) {
        Layout layout = new Layout(settings.namespace());
        String where = RedisStoreState.where(settings);
        StoreRegistry.beginDrop(connections, layout, store, where);
        boolean removed = false;
        try {
            if (!holdsAKey(connections, layout, store)) {
                throw KvException.of(KvException.Reason.NOT_FOUND, "no redis store " + Diagnostics.quote(store)
                        + " at " + where + " (it holds no key); nothing was removed");
            }
            RedisClusterCommands<byte[], byte[]> commands = connections.commands();
            scan(connections, layout.storeKeysPattern(store), page -> {
                try {
                    // In a Cluster the keys of a page live in many slots; Lettuce splits the UNLINK by slot.
                    commands.unlink(page.toArray(new byte[0][]));
                } catch (RuntimeException e) {
                    throw connections.failure(e);
                }
                StoreRegistry.renewDrop(connections, layout, store);
                return false;
            });
            removed = true;
        } finally {
            // A drop that found nothing, or failed half-way, ends its mark too: the store is open to all again.
            try {
                StoreRegistry.endDrop(connections, layout, store);
            } catch (KvException e) {
                if (removed) {
                    throw e;
                }
            }
        }
    }

    /** Whether a hash of {@code store} holds a value; stops at the first page that has one. */
    private static boolean holdsAKey(Connections connections, Layout layout, String store) {
        return scan(connections, layout.storeKeysPattern(store),
                page -> holdValues(connections, page).contains(Boolean.TRUE));
    }

    /**
     * Passes each page of the keys matching {@code pattern} to {@code visitor} until it returns true or no key is
     * left.
     *
     * @return whether the visitor stopped the scan
     */
    private static boolean scan(Connections connections, byte[] pattern, Predicate<List<byte[]>> visitor) {
        RedisClusterCommands<byte[], byte[]> commands = connections.commands();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(PAGE);
        KeyScanCursor<byte[]> cursor = null;
        do {
            try {
                cursor = cursor == null ? commands.scan(args) : commands.scan(cursor, args);
            } catch (RuntimeException e) {
                throw connections.failure(e);
            }
            if (!cursor.getKeys().isEmpty() && visitor.test(cursor.getKeys())) {
                return true;
            }
        } while (!cursor.isFinished());
        return false;
    }

    /** For each hash, whether it holds a value (and is not a tombstone), asked in one pipelined round. */
    private static List<Boolean> holdValues(Connections connections, List<byte[]> hashes) {
        List<RedisFuture<Boolean>> asked = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            asked.add(connections.async().hexists(hash, Connections.VALUE));
        }
        List<Boolean> answers = new ArrayList<>(asked.size());
        long deadline = System.nanoTime() + connections.timeout().toNanos();
        try {
            for (RedisFuture<Boolean> f : asked) {
                answers.add(Boolean.TRUE.equals(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KvException.of(KvException.Reason.STORAGE, "interrupted while listing the stores at "
                    + connections.server(), e);
        } catch (ExecutionException e) {
            throw connections.failure(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            throw connections.failure(e);
        }
        return answers;
    }
}
