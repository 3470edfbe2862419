package dev.kv.provider.chronicle;

import static dev.kv.api.spi.Diagnostics.quote;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.StoreInfo;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The stores of a data directory, found by their files, and their safe removal: what {@code kv stores} and
 * {@code kv drop} ask of the provider. Nothing here creates a store.
 */
final class StoreCatalog {

    private StoreCatalog() {
    }

    /** Every store file of {@code dataDir}, by name; a missing directory holds no store. */
    static List<StoreInfo> list(Path dataDir) {
        List<StoreInfo> found = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(StoreFiles.PREFIX) && f.endsWith(StoreFiles.MAP_SUFFIX);
        })) {
            for (Path file : files) {
                String f = file.getFileName().toString();
                String encoded = f.substring(StoreFiles.PREFIX.length(), f.length() - StoreFiles.MAP_SUFFIX.length());
                String name = StoreFiles.decode(encoded);
                // Only a name that encodes back to this file is this file's name (decode accepts more than
                // encode produces).
                found.add(info(name != null && StoreFiles.mapFile(dataDir, name).equals(file) ? name : null,
                        file, dataDir));
            }
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.STORAGE, "cannot list the stores of " + dataDir + " ("
                    + Settings.DATA_DIR.name() + "): " + Diagnostics.describe(e), e);
        }
        found.sort(Comparator.comparing((StoreInfo i) -> i.name().orElse("\uffff")).thenComparing(StoreInfo::location));
        return found;
    }

    /** The store {@code name} if its file exists. */
    static Optional<StoreInfo> find(Path dataDir, String name) {
        Path file = StoreFiles.mapFile(dataDir, name);
        return Files.exists(file) ? Optional.of(info(name, file, dataDir)) : Optional.empty();
    }

    private static StoreInfo info(String name, Path file, Path dataDir) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            bytes = -1;
        }
        return new StoreInfo(name, bytes, file.toString());
    }

    /**
     * Removes the store's map file while holding its lock file's mutex, after checking that no process has the
     * store open. The lock file stays, reset: it is how processes agree on the store, and removing it while
     * another process may be about to open the store could let two processes use two different lock files.
     */
    static void drop(String name, Settings s, boolean openInThisProcess) {
        String store = quote(name);
        Path file = StoreFiles.mapFile(s.dataDir, name);
        if (!Files.exists(file)) {
            throw KvException.of(KvException.Reason.NOT_FOUND, "no store " + store + " in " + s.dataDir + " ("
                    + Settings.DATA_DIR.name() + "); nothing was removed");
        }
        if (openInThisProcess) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + " is open in this process ("
                    + ProcessHandle.current().pid() + "); close its handles first; nothing was removed");
        }
        try (LockFile lf = LockFile.open(StoreFiles.lockFile(s.dataDir, name))) {
            FileLock mutex = lf.lockMutex(s.openTimeout, store);
            try {
                LockFile.Scan scan = lf.scan();
                if (!scan.livePids.isEmpty()) {
                    throw KvException.of(KvException.Reason.STORAGE, "store " + store + " (" + file + ") is open in"
                            + " process" + (scan.livePids.size() == 1 ? " " : "es ") + joined(scan.livePids)
                            + "; close it there first; nothing was removed");
                }
                List<Path> salvage = Salvage.filesOf(file);
                if (!salvage.isEmpty()) {
                    throw KvException.of(KvException.Reason.STORAGE, "store " + store + " has salvage files "
                            + salvage + ", the only copy of entries a failed recovery could not put back; open"
                            + " the store once to finish its recovery, or move them away; nothing was removed");
                }
                Files.delete(file);
                for (int dead : scan.dead) {
                    lf.clear(dead);
                }
                lf.clearCreated();
            } finally {
                mutex.release();
            }
        } catch (NoSuchFileException e) {
            throw KvException.of(KvException.Reason.NOT_FOUND, "no store " + store + " in " + s.dataDir + " ("
                    + Settings.DATA_DIR.name() + "): it was removed meanwhile", e);
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": cannot remove " + file + ": "
                    + Diagnostics.describe(e), e);
        }
    }

    private static String joined(List<Long> pids) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pids.size(); i++) {
            b.append(i == 0 ? "" : i == pids.size() - 1 ? " and " : ", ").append(pids.get(i));
        }
        return b.toString();
    }
}
