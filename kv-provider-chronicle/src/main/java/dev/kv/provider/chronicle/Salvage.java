package dev.kv.provider.chronicle;

import java.io.BufferedInputStream;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.hash.ChecksumEntry;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.impl.BigSegmentHeader;
import net.openhft.chronicle.hash.impl.CompactOffHeapLinearHashTable;
import net.openhft.chronicle.hash.impl.TierCountersArea;
import net.openhft.chronicle.hash.impl.VanillaChronicleHash;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.MapSegmentContext;

/**
 * A copy of every intact entry of a store file, taken before Chronicle's recovery runs, and put back after it
 * for what that recovery dropped.
 *
 * <p>Why: Chronicle's {@code recoverPersistedTo} rebuilds the chain of extra segment tiers by visiting them in
 * allocation order and takes the first extra tier it finds empty for the end of those in use; every later extra
 * tier is then zeroed as free. An extra tier empties in normal use (its entries deleted, or moved when they
 * grew), so in a store whose segments spilled into extra tiers that recovery can drop intact entries that were
 * acknowledged long before a crash. Reading the entries before it runs, by the links the tiers really have,
 * and putting back each that it lost (or that it left older, by the stamp at the start of the value), makes
 * recovery lose nothing that was intact. Entries whose checksum fails are not copied: those are the ones a
 * crash tore, which the write protocol's intents repair.
 *
 * <p>The copy is a file beside the store ({@code <store file>.salvage-<n>}): a store can be larger than the
 * heap. Records are {@code int} key length, key, {@code int} value length, value; a negative key length ends
 * it. A recovery that is itself interrupted leaves its copy; the next one puts back every copy it finds (the
 * store has had no other writer in between), and only a completed recovery deletes them.
 */
final class Salvage {

    private static final System.Logger LOG = System.getLogger(Salvage.class.getName());
    private static final int END = -1;
    static final String SUFFIX = ".salvage-";

    /** What one salvage did, for the recovery's log line. */
    static final class Outcome {
        long copied;
        long unreadableSegments;
        long putBack;
    }

    private Salvage() {
    }

    /** A new salvage file's name for {@code storeFile}, after any that exist. */
    static Path newFileFor(Path storeFile) throws IOException {
        List<Path> existing = filesOf(storeFile);
        return storeFile.resolveSibling(storeFile.getFileName() + SUFFIX + (existing.size() + 1));
    }

    /** The salvage files beside {@code storeFile}, oldest first. */
    static List<Path> filesOf(Path storeFile) throws IOException {
        String prefix = storeFile.getFileName() + SUFFIX;
        List<Path> found = new ArrayList<>();
        Path dir = storeFile.toAbsolutePath().getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
                .startsWith(prefix) && p.getFileName().toString().substring(prefix.length()).matches("[0-9]+"))) {
            ds.forEach(found::add);
        }
        found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                .substring(prefix.length()))));
        return found;
    }

    /**
     * Copies every entry of {@code map} (attached without recovery, by a process that holds the store alone)
     * whose checksum holds into {@code to}. Clears the segment locks first: a process that died holding one
     * would otherwise stall the copy, and no live process holds any.
     */
    static void copyOut(ChronicleMap<byte[], byte[]> map, Path to, Outcome outcome) throws IOException {
        VanillaChronicleHash<?, ?, ?, ?> hash = (VanillaChronicleHash<?, ?, ?, ?>) map;
        for (int i = 0; i < hash.actualSegments; i++) {
            BigSegmentHeader.INSTANCE.resetLock(hash.segmentHeaderAddress(i));
            countEntries(hash, i);
        }
        Permissions.createOwnerOnlyFile(to);
        try (OutputStream file = Files.newOutputStream(to, StandardOpenOption.TRUNCATE_EXISTING);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            IOException[] failed = {null};
            for (int i = 0; i < hash.actualSegments; i++) {
                try (MapSegmentContext<byte[], byte[], ?> c = map.segmentContext(i)) {
                    c.forEachSegmentEntryWhile(e -> {
                        if (e instanceof ChecksumEntry && !((ChecksumEntry) e).checkSum()) {
                            return true;
                        }
                        try {
                            write(out, e.key());
                            write(out, e.value());
                            outcome.copied++;
                            return true;
                        } catch (IOException x) {
                            failed[0] = x;
                            return false;
                        }
                    });
                } catch (RuntimeException e) {
                    // A torn entry can make a segment unreadable past it; Chronicle's recovery still sees it.
                    outcome.unreadableSegments++;
                    LOG.log(Level.WARNING, "salvage before recovery: segment " + i + " could not be read past a"
                            + " damaged entry; Chronicle's recovery repairs it (" + Backing.firstLine(e) + ")");
                    LOG.log(Level.DEBUG, "salvage of segment " + i + " stopped early", e);
                }
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            out.writeInt(END);
        }
    }

    /**
     * Sets the entry counter of each tier of segment {@code segment} to the entries its hash lookup really has.
     * Chronicle's iteration trusts the counters: one a crash left too low ends a tier's iteration early, one too
     * high fails it. Chronicle's recovery recomputes them anyway.
     */
    private static void countEntries(VanillaChronicleHash<?, ?, ?, ?> hash, int segment) {
        long header = hash.segmentHeaderAddress(segment);
        long base = hash.segmentBaseAddr(segment);
        long next = BigSegmentHeader.INSTANCE.nextTierIndex(header);
        BigSegmentHeader.INSTANCE.entries(header, slotsInUse(hash, base));
        // Bounded: a link torn by the crash must not send this round in circles.
        long tiers = hash.actualSegments + hash.globalMutableState().getAllocatedExtraTierBulks() * hash.tiersInBulk;
        for (long hops = 0; next > 0 && hops < tiers; hops++) {
            base = hash.tierIndexToBaseAddr(next);
            long counters = base + hash.tierHashLookupOuterSize;
            TierCountersArea.entries(counters, slotsInUse(hash, base));
            next = TierCountersArea.nextTierIndex(counters);
        }
    }

    private static long slotsInUse(VanillaChronicleHash<?, ?, ?, ?> hash, long tierBase) {
        CompactOffHeapLinearHashTable lookup = hash.hashLookup;
        long used = 0;
        long pos = 0;
        do {
            if (!lookup.empty(lookup.readEntry(tierBase, pos))) {
                used++;
            }
            pos = lookup.step(pos);
        } while (pos != 0);
        return used;
    }

    private static void write(DataOutputStream out, Data<byte[]> d) throws IOException {
        int size = Math.toIntExact(d.size());
        byte[] b = new byte[size];
        d.bytes().read(d.offset(), b, 0, size);
        out.writeInt(size);
        out.write(b);
    }

    /**
     * Puts back into {@code map} (recovered by Chronicle) each copied entry that it lacks, and each whose stamp
     * is newer than the one it holds, for the entries that carry a stamp. A copy cut short by a crash is put
     * back as far as it goes: the store file it was taken from was not changed before the copy was complete.
     */
    static void putBack(ChronicleMap<byte[], byte[]> map, Path from, Outcome outcome) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(from),
                1 << 16))) {
            while (true) {
                byte[] key = read(in);
                if (key == null) {
                    return;
                }
                byte[] value = read(in);
                byte[] current = map.get(key);
                if (current == null || isStamped(key) && value.length >= 8 && current.length >= 8
                        && Backing.getLong(value) > Backing.getLong(current)) {
                    map.put(key, value);
                    outcome.putBack++;
                }
            }
        } catch (EOFException e) {
            LOG.log(Level.DEBUG, "salvage file " + from + " was cut short; put back as far as it goes");
        }
    }

    private static byte[] read(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        byte[] b = new byte[size];
        in.readFully(b);
        return b;
    }

    /**
     * Whether the value of {@code key} starts with a stamp that orders its versions: user entries (values and
     * tombstones), the sequence counter and the change log's slots.
     */
    static boolean isStamped(byte[] key) {
        if (key.length >= 1 && key[0] == Backing.USER) {
            return true;
        }
        return key.length == 2 && key[0] == Backing.META && key[1] == 'H'
                || key.length == 4 && key[0] == Backing.META && key[1] == 'L';
    }
}
