package dev.kv.provider.chronicle;

import dev.kv.api.KvException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * The reads {@code open} makes of the provider's own entries while other processes have the store open. One of
 * them may die holding a lock of the map at any moment, also between the slot scan and these reads; Chronicle
 * would then wait out its lock timeout and fail with its own advice. Instead the lock is tried in short steps,
 * and between them the lock file is scanned again: a process that was live and is now dead fails the open at
 * once, saying which and what to do; otherwise the wait ends at {@code openTimeout}.
 */
final class OpeningRead {

    private static final long STEP_MILLIS = 50;

    private OpeningRead() {
    }

    /** The value of {@code key}, or {@code null}; {@code before} is the scan this open started from. */
    static byte[] get(ChronicleMap<byte[], byte[]> map, byte[] key, LockFile lockFile, LockFile.Scan before,
                      Duration timeout, String store, Path file) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            while (!c.readLock().tryLock(STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                List<Long> died = diedSince(before, lockFile.scan());
                if (!died.isEmpty()) {
                    throw KvException.of(KvException.Reason.STORAGE, "store " + store + " (" + file + ") cannot be"
                            + " opened now: process(es) " + died + " ended without closing it while this process"
                            + " was opening it, and left a lock of the map held. Close the store in every process"
                            + " that still has it open (" + before.livePids + "), then open it again: the first"
                            + " open then recovers it");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw KvException.of(KvException.Reason.STORAGE, "store " + store + " (" + file + "): a lock"
                            + " of the map stayed held for " + Settings.OPEN_TIMEOUT.name() + "=" + timeout
                            + " while opening; process(es) " + before.livePids + " have it open. If one of them"
                            + " is stuck, close the store there and open it again");
                }
            }
            MapEntry<byte[], byte[]> e = c.entry();
            if (e == null) {
                return null;
            }
            return e.value().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": opening " + file
                    + " was interrupted", e);
        }
    }

    /** Processes live at {@code before} that {@code now} finds dead. */
    static List<Long> diedSince(LockFile.Scan before, LockFile.Scan now) {
        List<Long> died = new ArrayList<>();
        for (Long pid : before.livePids) {
            if (now.deadPids.contains(pid) && !now.livePids.contains(pid)) {
                died.add(pid);
            }
        }
        return died;
    }
}
