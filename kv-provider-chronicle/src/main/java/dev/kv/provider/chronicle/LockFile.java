package dev.kv.provider.chronicle;

import dev.kv.api.KvException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sidecar file next to a store's map file that tells live processes, crashed processes and clean shutdowns
 * apart, using operating-system file locks, which the OS drops when a process dies however it dies.
 *
 * <p>Layout: an 8-byte magic, a "created" byte (set once the map file was fully initialised, so that an empty
 * map file afterwards is recognised as truncated rather than as new), then {@value #SLOTS} process slots of 8
 * bytes each holding the pid of an attached process. Lock regions lie past the data: one byte used as a mutex
 * for opening, recovering and closing, and one byte per slot that its process holds exclusively while
 * attached. A slot with a pid whose byte can be locked belonged to a process that ended without closing the
 * store: its Chronicle segment locks may still be taken, so the store needs recovery.
 *
 * <p>One instance per file per JVM (fcntl locks belong to the process, and closing any channel on the file
 * would drop them all); the provider's per-JVM registry guarantees that.
 */
final class LockFile implements AutoCloseable {

    static final int SLOTS = 64;
    private static final byte[] MAGIC = "KVCHLCK1".getBytes(StandardCharsets.US_ASCII);
    private static final long CREATED_OFFSET = 8;
    private static final long SLOT_OFFSET = 64;
    private static final long MUTEX_REGION = 4096;
    private static final long SLOT_REGION = MUTEX_REGION + 16;

    /** Where files have no identity to compare, a replaced file cannot be noticed, so none is ever deleted. */
    private static final Object UNKNOWN_IDENTITY = new Object();

    private final Path path;
    /** Replaced when the file at {@link #path} turns out to be another than the one opened (see lockMutex). */
    private FileChannel channel;
    /** The identity (device and inode) of the file {@link #channel} is open on. */
    private Object fileKey;
    private FileLock slotLock;
    private int slot = -1;

    private LockFile(Path path) {
        this.path = path;
    }

    static LockFile open(Path path) throws IOException {
        LockFile lf = new LockFile(path);
        lf.openChannel();
        return lf;
    }

    /**
     * Opens the file at the path, creating it if absent, and learns which file it is: the identity read before and
     * after opening must agree, or the path was replaced meanwhile and the open is tried again.
     */
    private void openChannel() throws IOException {
        while (true) {
            Permissions.createOwnerOnlyFile(path);
            Object before = fileKeyAtPath();
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Object after = fileKeyAtPath();
            if (before == null || !before.equals(after)) {
                ch.close();
                continue;
            }
            try {
                channel = ch;
                fileKey = after;
                checkMagic();
                return;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    /**
     * The identity of the file now at the path, {@link #UNKNOWN_IDENTITY} where the file system has none to give, or
     * null if there is no file.
     */
    private Object fileKeyAtPath() throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key == null ? UNKNOWN_IDENTITY : key;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void checkMagic() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length);
        int n = channel.read(b, 0);
        if (n <= 0) {
            // A fresh file: the first writer stamps it; a concurrent opener stamps the same bytes.
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.write(ByteBuffer.allocate((int) (SLOT_OFFSET + SLOTS * 8L - MAGIC.length)), MAGIC.length);
            return;
        }
        if (n < MAGIC.length || !java.util.Arrays.equals(b.array(), MAGIC)) {
            throw KvException.of(KvException.Reason.STORAGE, "the lock file " + path
                    + " is not a kv chronicle lock file; it was left unchanged (move it away if it is not needed)");
        }
    }

    /**
     * Takes the open/close mutex, waiting up to {@code timeout} for another process's open, recovery or close.
     */
    FileLock lockMutex(Duration timeout, String store) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            FileLock l = channel.tryLock(MUTEX_REGION, 1, false);
            if (l != null) {
                if (fileKey.equals(fileKeyAtPath())) {
                    return l;
                }
                // An open that created nothing deleted the file (deleteIfUnused) while this process waited: the
                // mutex of a deleted file excludes nobody. No slot can be held here, since deleting needs none.
                l.release();
                if (slot >= 0) {
                    throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": " + path
                            + " was deleted or replaced while this process was attached to the store");
                }
                channel.close();
                openChannel();
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": another process has held "
                        + path + " for more than " + timeout.toMillis() + " ms while opening, recovering or closing"
                        + " the store; try again, or raise kv.chronicle.openTimeout");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KvException.of(KvException.Reason.INTERRUPTED, "interrupted while waiting for " + path);
            }
        }
    }

    /** What the slots say, read while holding the mutex. */
    static final class Scan {
        final List<Integer> dead = new ArrayList<>();
        final List<Long> deadPids = new ArrayList<>();
        final List<Long> livePids = new ArrayList<>();
    }

    Scan scan() throws IOException {
        Scan s = new Scan();
        for (int i = 0; i < SLOTS; i++) {
            long pid = readLong(SLOT_OFFSET + i * 8L);
            if (pid == 0) {
                continue;
            }
            if (isHeld(i)) {
                s.livePids.add(pid);
            } else {
                s.dead.add(i);
                s.deadPids.add(pid);
            }
        }
        return s;
    }

    private boolean isHeld(int i) throws IOException {
        try {
            FileLock l = channel.tryLock(SLOT_REGION + i, 1, false);
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    void clear(int i) throws IOException {
        writeLong(SLOT_OFFSET + i * 8L, 0);
    }

    /** Claims a free slot for this process, holding its lock until {@link #releaseSlot()}. */
    void claimSlot(String store) throws IOException {
        for (int i = 0; i < SLOTS; i++) {
            if (readLong(SLOT_OFFSET + i * 8L) != 0) {
                continue;
            }
            FileLock l;
            try {
                l = channel.tryLock(SLOT_REGION + i, 1, false);
            } catch (OverlappingFileLockException e) {
                continue;
            }
            if (l == null) {
                continue;
            }
            writeLong(SLOT_OFFSET + i * 8L, ProcessHandle.current().pid());
            channel.force(false);
            slotLock = l;
            slot = i;
            return;
        }
        throw KvException.of(KvException.Reason.STORAGE, "store " + store + " is open in " + SLOTS
                + " processes already, the most " + path + " can track");
    }

    /**
     * Deletes the file, called holding the mutex by an open that failed having created nothing, if no process is
     * attached or has died attached and no map file was ever completed under it: then nothing is lost, and a
     * process waiting for the mutex through the deleted file opens the new one (see lockMutex).
     *
     * @return whether the file was deleted
     */
    boolean deleteIfUnused() throws IOException {
        Scan s = scan();
        if (fileKey == UNKNOWN_IDENTITY || slot >= 0 || !s.livePids.isEmpty() || !s.dead.isEmpty() || created()) {
            return false;
        }
        Files.deleteIfExists(path);
        return true;
    }

    void releaseSlot() throws IOException {
        if (slot >= 0) {
            clear(slot);
            channel.force(false);
            slotLock.release();
            slot = -1;
        }
    }

    boolean created() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        return channel.read(b, CREATED_OFFSET) == 1 && b.get(0) == 1;
    }

    void markCreated() throws IOException {
        channel.write(ByteBuffer.wrap(new byte[] {1}), CREATED_OFFSET);
        channel.force(false);
    }

    /** Forgets that a map file was created: the store was dropped, so a missing map file is new, not lost. */
    void clearCreated() throws IOException {
        channel.write(ByteBuffer.wrap(new byte[] {0}), CREATED_OFFSET);
        channel.force(false);
    }

    private long readLong(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        int n = channel.read(b, at);
        return n == 8 ? b.getLong(0) : 0;
    }

    private void writeLong(long at, long v) throws IOException {
        channel.write(ByteBuffer.allocate(8).putLong(0, v), at);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
