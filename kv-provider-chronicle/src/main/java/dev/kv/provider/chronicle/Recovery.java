package dev.kv.provider.chronicle;

import dev.kv.api.KvException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * Recovery of a store file that a process left without closing it, run by a process that holds the store
 * alone: a {@link Salvage} copy of every intact entry, Chronicle's own recovery (locks, counters, free lists,
 * torn entries), then the copy's entries that Chronicle's recovery dropped put back. The caller then replays
 * the write protocol's intents.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private Recovery() {
    }

    /** Recovers {@code file} and returns it attached. */
    static ChronicleMap<byte[], byte[]> recover(Path file, String store, Settings s) {
        long start = System.nanoTime();
        Salvage.Outcome outcome = new Salvage.Outcome();
        Path salvage;
        try {
            salvage = Salvage.newFileFor(file);
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": cannot list "
                    + file.getParent() + " before recovering " + file + ": " + e, e);
        }
        // Attaching without recovery also checks the file's length, which recovery does not: it accepts a
        // truncated file and silently drops the entries that were cut off.
        ChronicleMap<byte[], byte[]> unrecovered = Backing.openExisting(file, store, s);
        try {
            Salvage.copyOut(unrecovered, salvage, outcome);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(salvage);
            throw MapFileCheck.damaged(file, store, "its entries could not be copied out before recovery ("
                    + e + "; is the directory writable, with room for a copy of the data?)");
        } finally {
            Backing.closeQuietly(unrecovered);
        }
        List<String> corruptions = new ArrayList<>();
        ChronicleMap<byte[], byte[]> map;
        try {
            map = Backing.builder(s).recoverPersistedTo(file.toFile(), false, c -> corruptions.add(c.message()));
        } catch (IOException | RuntimeException e) {
            // The salvage file stays: the next attempt makes a new one, and until then it is the data's copy.
            throw MapFileCheck.damaged(file, store, "recovery after a crash failed (" + e + ")");
        }
        try {
            List<Path> copies = Salvage.filesOf(file);
            for (Path copy : copies) {
                Salvage.putBack(map, copy, outcome);
            }
            // Only now may the copies go: until the store's dead users are cleared, every open recovers again.
            for (Path copy : copies) {
                Files.delete(copy);
            }
        } catch (IOException | RuntimeException e) {
            Backing.closeQuietly(map);
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": recovery of " + file
                    + " could not put back the entries Chronicle's recovery dropped (" + e + "); nothing was"
                    + " lost: the copies " + Salvage.SUFFIX + "* beside it are kept, and the next open tries"
                    + " again", e);
        }
        LOG.log(Level.WARNING, "kv chronicle store {0} ({1}) was not closed cleanly by its last user; recovered in"
                + " {2} ms: {3} entries copied out, {4} put back that Chronicle''s recovery dropped or left"
                + " older{5}{6}", store, file, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                outcome.copied, outcome.putBack, outcome.unreadableSegments == 0 ? ""
                        : ", " + outcome.unreadableSegments + " segment(s) not fully readable before recovery",
                corruptions.isEmpty() ? "" : "; Chronicle fixed: " + corruptions);
        return map;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + p + ": " + e);
        }
    }
}
