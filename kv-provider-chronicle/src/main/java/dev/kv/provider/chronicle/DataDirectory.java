package dev.kv.provider.chronicle;

import static dev.kv.api.spi.Diagnostics.quote;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The checks of the data directory an {@code open} makes before touching a store's files, so that the common
 * ways it can be unusable (a file in its place, a read-only file system, no write permission) fail with what
 * is wrong and what to do, rather than with the exception of whichever file operation came first.
 */
final class DataDirectory {

    private DataDirectory() {
    }

    /** Creates the data directory (mode 0700) unless it exists; refuses anything else in its place. */
    static void prepare(Path dataDir, String name) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "store " + quote(name) + ": the data directory "
                    + dataDir + " (" + Settings.DATA_DIR.name() + ", environment KV_DATA_DIR) is a file, not a"
                    + " directory; point it at a directory, or move the file away");
        }
        try {
            Permissions.createOwnerOnlyDirectories(dataDir);
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "store " + quote(name) + ": the data directory "
                    + dataDir + " (" + Settings.DATA_DIR.name() + ", environment KV_DATA_DIR) cannot be created: "
                    + Diagnostics.describe(e), e);
        }
    }

    /**
     * Refuses a store whose files, or the directory that must receive them, cannot be written. Chronicle Map
     * maps a store's file read-write and keeps its segment locks inside it, and the lock file records the
     * processes attached, so even reading needs write access: there is no read-only way in.
     */
    static void requireWritable(Path dataDir, String name, Path file, Path lock) {
        Path unwritable = null;
        if (Files.exists(file) && !Files.isWritable(file)) {
            unwritable = file;
        } else if (Files.exists(lock) && !Files.isWritable(lock)) {
            unwritable = lock;
        } else if ((!Files.exists(file) || !Files.exists(lock)) && !Files.isWritable(dataDir)) {
            unwritable = dataDir;
        }
        if (unwritable == null) {
            return;
        }
        throw KvException.of(KvException.Reason.STORAGE, "store " + quote(name) + ": " + unwritable + " "
                + whyNotWritable(unwritable) + ". A chronicle store needs write access even to be read: Chronicle"
                + " Map keeps its locks inside the store's file, and the .lock file beside it records the processes"
                + " attached. Copy the directory to a writable place and point " + Settings.DATA_DIR.name()
                + " (environment KV_DATA_DIR) at the copy, or make " + dataDir + " writable");
    }

    /** Why {@code path} cannot be written, in the operating system's words, found by trying (changes nothing). */
    private static String whyNotWritable(Path path) {
        try {
            if (Files.isDirectory(path)) {
                Files.delete(Files.createTempFile(path, ".kv-write-probe", null));
            } else {
                FileChannel.open(path, StandardOpenOption.WRITE).close();
            }
        } catch (IOException e) {
            return "cannot be written: " + Diagnostics.describe(e);
        }
        return "cannot be written: this user (" + System.getProperty("user.name", "?") + ") has no write permission";
    }
}
