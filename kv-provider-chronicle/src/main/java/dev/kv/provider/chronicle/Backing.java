package dev.kv.provider.chronicle;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.Payload;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.Payloads;
import dev.kv.api.spi.WatchHub;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteOrder;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.AbstractData;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.locks.InterProcessDeadLockException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * One store's map file, attached in this JVM: shared by every handle of the store (through the provider's
 * registry) and released with the last of them.
 *
 * <p>Map layout. Keys are byte arrays whose first byte is a namespace: {@value #USER} followed by the UTF-8 of
 * a user key (injective for the well-formed keys the API admits), or {@value #META} for the provider's own
 * entries. A user value is an 8-byte write stamp, unique per write, followed by the payload; stamps let a
 * watcher tell a new write from one it has already reported. Meta entries: the creation settings, and a change
 * log for cross-process watch: a counter and a ring of {@value #RING} slots, each (sequence, writer id, key).
 * Writers append after every successful write; each attached process with watchers polls the counter and, for
 * log entries of other writers whose key it watches, publishes the key's current value if its stamp differs
 * from the last one published. Intermediate values may be coalesced, the last one is always published.
 */
final class Backing {

    private static final System.Logger LOG = System.getLogger(Backing.class.getName());

    static final byte USER = 0;
    static final byte META = 1;
    static final int RING = 1024;
    private static final int FORMAT = 1;
    private static final byte[] HEAD_KEY = {META, 'H'};
    private static final byte[] SETTINGS_KEY = {META, 'S'};
    private static final long ABSENT = 0;
    private static final int VALUE_HEADER = 9;
    private static final byte LIVE = 0;
    private static final byte TOMBSTONE = 1;
    /**
     * Stores whose values average at most this many bytes read with {@code map.get} and copy the payload out of
     * the returned array; larger ones through a query context, which copies once but costs more to set up.
     * kv-bench's {@code ChronicleReadPathBench} measured {@code get} plus copy at 128 ns against 308 ns for the
     * context at 16 B, level at 1 KiB, and 18 µs against 11 µs at 64 KiB.
     */
    private static final long SMALL_VALUES = 256;
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kv-chronicle-watch");
        t.setDaemon(true);
        return t;
    });

    final String name;
    final Path file;
    final String rd;
    final KvLimits limits;
    final WatchHub hub;
    private final ChronicleMap<byte[], byte[]> map;
    private final LockFile lockFile;
    private final Settings settings;
    /** Read through {@code map.get}: see {@link #SMALL_VALUES}. */
    private final boolean smallValues;
    private final long writerId = ThreadLocalRandom.current().nextLong() | 1;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Object pollLock = new Object();
    private final ScheduledFuture<?> pollTask;
    private long cursor;
    private long stalledSince;
    private volatile boolean closed;

    private Backing(String name, Path file, ChronicleMap<byte[], byte[]> map, LockFile lockFile, KvLimits limits,
                    Settings settings, KvConfig config, long head) {
        this.name = name;
        this.file = file;
        this.rd = rdOf(file);
        this.map = map;
        this.lockFile = lockFile;
        this.limits = limits;
        this.settings = settings;
        this.smallValues = settings.averagePayloadSize <= SMALL_VALUES;
        this.hub = new WatchHub(rd, config);
        this.cursor = head;
        long every = settings.watchPollInterval.toNanos();
        this.pollTask = POLLER.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.NANOSECONDS);
    }

    static String rdOf(Path file) {
        return "chronicle:" + file;
    }

    // ---------------------------------------------------------------- opening

    static Backing open(String name, Path file, Path lockPath, Settings s, KvConfig config) {
        String store = quote(name);
        LockFile lf;
        try {
            lf = LockFile.open(lockPath);
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": cannot open the lock file "
                    + lockPath + ": " + e, e);
        }
        boolean attached = false;
        boolean creating = false;
        ChronicleMap<byte[], byte[]> map = null;
        try {
            WarmUp.run();
            FileLock mutex = lf.lockMutex(s.openTimeout, store);
            try {
                LockFile.Scan scan = lf.scan();
                long size = Files.exists(file) ? Files.size(file) : -1;
                KvLimits limits;
                // A process of ours that died while creating the file leaves its slot and no "created" mark;
                // only then may what it left (nothing, or a header never marked ready) be replaced.
                boolean interruptedCreation = !lf.created() && !scan.dead.isEmpty()
                        && (size == 0 || size > 0 && MapFileCheck.isUnfinished(file));
                if (interruptedCreation) {
                    LOG.log(Level.WARNING, "store {0}: {1} was left unfinished by a process that died creating"
                            + " it; creating it again", store, file);
                    Files.delete(file);
                    size = -1;
                } else if (size == 0) {
                    throw MapFileCheck.damaged(file, store, lf.created()
                            ? "it is empty, but it held a store (truncated?)"
                            : "it is empty, and no kv process was creating it");
                }
                if (size > 0) {
                    MapFileCheck.validate(file, store);
                }
                if (!scan.dead.isEmpty() && size > 0) {
                    if (!scan.livePids.isEmpty()) {
                        throw KvException.of(KvException.Reason.STORAGE, "store " + store + " (" + file
                                + ") needs recovery: process(es) " + scan.deadPids + " ended without closing it,"
                                + " and recovery needs exclusive access, but process(es) " + scan.livePids
                                + " still have it open. Close the store in those processes and open it again.");
                    }
                    lf.claimSlot(store);
                    attached = true;
                    map = Recovery.recover(file, store, s);
                    limits = readLimits(map, file, store);
                } else {
                    lf.claimSlot(store);
                    attached = true;
                    if (size > 0) {
                        map = openExisting(file, store, s);
                        limits = scan.livePids.isEmpty() ? readLimits(map, file, store)
                                : parseLimits(OpeningRead.get(map, SETTINGS_KEY, lf, scan, s.openTimeout, store, file),
                                        file, store);
                    } else {
                        creating = true;
                        map = create(file, store, s);
                        limits = new KvLimits(s.maxKeySize, s.maxPayloadSize);
                    }
                }
                if (scan.livePids.isEmpty()) {
                    replayIntents(map, store);
                    purgeTombstones(map);
                }
                for (int dead : scan.dead) {
                    lf.clear(dead);
                }
                if (!lf.created()) {
                    lf.markCreated();
                }
                byte[] head = scan.livePids.isEmpty() ? map.get(HEAD_KEY)
                        : OpeningRead.get(map, HEAD_KEY, lf, scan, s.openTimeout, store, file);
                Backing b = new Backing(name, file, map, lf, limits, s, config, head == null ? 0 : getLong(head));
                return b;
            } catch (IOException | RuntimeException | Error e) {
                if (creating && !lf.created()) {
                    // Nothing of the store existed before this open, and under the mutex nobody else made any of
                    // it: a failed creation leaves no file behind. A process waiting for the mutex meanwhile opens the lock
                    // file anew (LockFile.lockMutex).
                    if (map != null) {
                        closeQuietly(map);
                        map = null;
                    }
                    try {
                        Files.deleteIfExists(file);
                        if (attached) {
                            lf.releaseSlot();
                            attached = false;
                        }
                        lf.deleteIfUnused();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            } finally {
                mutex.release();
            }
        } catch (IOException | RuntimeException | Error e) {
            if (map != null) {
                closeQuietly(map);
            }
            try {
                if (attached) {
                    lf.releaseSlot();
                }
                lf.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof KvException) {
                throw (KvException) e;
            }
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": cannot open " + file + ": " + e, e);
        }
    }

    static ChronicleMapBuilder<byte[], byte[]> builder(Settings s) {
        return ChronicleMapBuilder.of(byte[].class, byte[].class)
                .name("kv")
                .entries(s.entries + RING + 8)
                .averageKeySize(1 + s.averageKeySize)
                .averageValueSize(8 + s.averagePayloadSize)
                .maxBloatFactor(s.maxBloatFactor);
    }

    static ChronicleMap<byte[], byte[]> openExisting(Path file, String store, Settings s) {
        try {
            return builder(s).createPersistedTo(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw MapFileCheck.damaged(file, store, "Chronicle Map refused it (" + e + ")");
        }
    }

    private static ChronicleMap<byte[], byte[]> create(Path file, String store, Settings s) throws IOException {
        Permissions.createOwnerOnlyFile(file);
        ChronicleMap<byte[], byte[]> map;
        try {
            map = builder(s).createPersistedTo(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": cannot create " + file + ": " + e, e);
        }
        // Prove the largest entry this store promises fits, while the map is empty and ours alone: Chronicle's
        // limit depends on how segments are sized, not on the payload limit.
        byte[] probeKey = new byte[1 + s.maxKeySize];
        probeKey[0] = META;
        probeKey[1] = 'P';
        try {
            // A write holds its intent (the whole entry again) and the entry at the same time.
            byte[] intentProbeKey = {META, 'Q', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            map.put(probeKey, new byte[VALUE_HEADER + s.maxPayloadSize]);
            map.put(intentProbeKey, new byte[4 + 1 + s.maxKeySize + VALUE_HEADER + s.maxPayloadSize]);
            map.remove(intentProbeKey);
            map.remove(probeKey);
        } catch (RuntimeException e) {
            closeQuietly(map);
            Files.deleteIfExists(file);
            throw KvException.of(KvException.Reason.CONFIGURATION, "store " + store + ": a map sized with "
                    + Settings.ENTRIES.name() + "=" + s.entries + ", " + Settings.AVERAGE_KEY_SIZE.name() + "="
                    + s.averageKeySize + ", " + Settings.AVERAGE_PAYLOAD_SIZE.name() + "=" + s.averagePayloadSize
                    + " cannot hold a key of " + Settings.MAX_KEY_SIZE.name() + "=" + s.maxKeySize
                    + " bytes with a payload of " + Settings.MAX_PAYLOAD_SIZE.name() + "=" + s.maxPayloadSize
                    + " bytes (" + firstLine(e) + "); raise " + Settings.AVERAGE_PAYLOAD_SIZE.name()
                    + " or lower " + Settings.ENTRIES.name() + "; nothing was created", e);
        }
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("maxKeyBytes", Integer.toString(s.maxKeySize));
        p.setProperty("maxPayloadBytes", Integer.toString(s.maxPayloadSize));
        map.put(SETTINGS_KEY, toBytes(p));
        return map;
    }

    private static KvLimits readLimits(ChronicleMap<byte[], byte[]> map, Path file, String store) {
        byte[] raw;
        try {
            raw = map.get(SETTINGS_KEY);
        } catch (RuntimeException e) {
            throw MapFileCheck.damaged(file, store, "its entries cannot be read (" + e + ")");
        }
        return parseLimits(raw, file, store);
    }

    private static KvLimits parseLimits(byte[] raw, Path file, String store) {
        if (raw == null) {
            throw MapFileCheck.damaged(file, store, "it is a Chronicle Map without the kv store settings");
        }
        try {
            Properties p = new Properties();
            p.load(new java.io.StringReader(new String(raw, StandardCharsets.UTF_8)));
            if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
                throw MapFileCheck.damaged(file, store, "its format " + p.getProperty("format") + " is not "
                        + FORMAT);
            }
            return new KvLimits(Integer.parseInt(p.getProperty("maxKeyBytes")),
                    Integer.parseInt(p.getProperty("maxPayloadBytes")));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw MapFileCheck.damaged(file, store, "its kv store settings cannot be read (" + e + ")");
        }
    }

    private static byte[] toBytes(Properties p) {
        StringBuilder b = new StringBuilder();
        p.stringPropertyNames().stream().sorted().forEach(k -> b.append(k).append('=').append(p.getProperty(k))
                .append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- data

    /**
     * Chronicle's {@code readLong} reads in the platform's order; stamps are stored big-endian (see
     * {@link #putLong}), so on little-endian machines the bytes are swapped after the read.
     */
    private static final boolean SWAP = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /**
     * The map key of a user key: {@value #USER} followed by the key's UTF-8, for a legal key exactly the bytes
     * {@code key.getBytes(UTF_8)} gives (see {@link #encodeUserKey}).
     */
    static byte[] userKey(String key) {
        byte[] k = new byte[1 + 3 * key.length()];
        int n = encodeUserKey(key, k, 0);
        return n == k.length ? k : Arrays.copyOf(k, n);
    }

    /**
     * Writes a user key's map key (see {@link #userKey}) into {@code dst} at {@code at}, which has room for
     * {@code 1 + 3 * key.length()} bytes, and returns its length. Every operation encodes its key, so ASCII is
     * written straight into place; other chars take the exact UTF-8 encoding.
     *
     * <p>An unpaired surrogate, which no legal key has, takes the three bytes of its code unit, as no valid
     * UTF-8 has them ({@code getBytes} would write {@code '?'}): reads are not checked before they look (see
     * {@link ChronicleKvStore#readsOfIllegalKeysMiss()}), and a read of such a key must find nothing, not the
     * value of the legal key with a {@code '?'} in its place.
     */
    static int encodeUserKey(String key, byte[] dst, int at) {
        int n = key.length();
        dst[at] = USER;
        int p = at + 1;
        int i = 0;
        for (; i < n; i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
                break;
            }
            dst[p++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                dst[p++] = (byte) (0xC0 | (c >> 6));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, key.charAt(++i));
                dst[p++] = (byte) (0xF0 | (cp >> 18));
                dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p - at;
    }

    ChronicleMap<byte[], byte[]> map() {
        return map;
    }

    /**
     * Map keys and values as Chronicle data over a buffer of the calling thread. Chronicle's own access to
     * {@code byte[]} wraps every array it is given in a new reference-counted {@code BytesStore} (a tenth of a
     * get's time and most of its garbage in the profile, and a set passes it nine arrays); a view over a
     * buffer wrapped once costs nothing per call. One operation at a time uses a thread's buffer: nothing
     * read from the map or handed to a caller points into it.
     */
    private static final class Scratch {
        /** Buffers up to this size stay with the thread; a larger value's buffer is dropped after its write. */
        private static final int RETAIN = 64 << 10;
        private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

        private byte[] kept = new byte[256];
        private BytesStore<?, ?> keptStore = BytesStore.wrap(kept);
        byte[] buf;
        private BytesStore<?, ?> store;
        private final View key = new View();
        private final View value = new View();

        /** A write's layout in {@link #buf}, set by {@link #forChange}. */
        int keyLength;
        int valueAt;
        int slotAt;
        int intentKeyAt;
        int slotKeyAt;
        int headAt;

        static Scratch begin() {
            Scratch s = OF_THREAD.get();
            s.buf = s.kept;
            s.store = s.keptStore;
            return s;
        }

        /** Lets go of a buffer too large to keep. */
        void end() {
            buf = kept;
            store = keptStore;
        }

        /** Makes {@link #buf} at least {@code n} bytes long, keeping its first {@code keep} bytes. */
        void ensure(int n, int keep) {
            if (n <= buf.length) {
                return;
            }
            byte[] b = new byte[n <= RETAIN ? Math.max(n, Math.min(RETAIN, 2 * buf.length)) : n];
            System.arraycopy(buf, 0, b, 0, keep);
            buf = b;
            store = BytesStore.wrap(b);
            if (b.length <= RETAIN) {
                kept = b;
                keptStore = store;
            }
        }

        /** Encodes a user key at offset 0 and returns its length. */
        int userKey(String k) {
            ensure(1 + 3 * k.length(), 0);
            return encodeUserKey(k, buf, 0);
        }

        /**
         * Lays out a change of a user key to a stored value of {@code valueSize} bytes: the intent value (4-byte
         * key length, the key, the stored value), then the change-log record, the intent key, the log slot's key
         * and the counter's value. The stored value and the key are parts of the intent value, so each is built
         * once; the caller fills in the stored value at {@link #valueAt}.
         */
        void forChange(String k, int valueSize) {
            ensure(4 + 1 + 3 * k.length(), 0);
            int n = encodeUserKey(k, buf, 4);
            keyLength = n;
            valueAt = 4 + n;
            slotAt = valueAt + valueSize;
            intentKeyAt = slotAt + 16 + n - 1;
            slotKeyAt = intentKeyAt + 18;
            headAt = slotKeyAt + 4;
            ensure(headAt + 8, 4 + n);
            buf[0] = (byte) (n >>> 24);
            buf[1] = (byte) (n >>> 16);
            buf[2] = (byte) (n >>> 8);
            buf[3] = (byte) n;
        }

        View key(int from, int size) {
            return key.set(buf, store, from, size);
        }

        View value(int from, int size) {
            return value.set(buf, store, from, size);
        }
    }

    /** A range of an array as Chronicle data. */
    private static final class View extends AbstractData<byte[]> {
        private byte[] array;
        private BytesStore<?, ?> store;
        private int from;
        private int size;

        View set(byte[] array, BytesStore<?, ?> store, int from, int size) {
            this.array = array;
            this.store = store;
            this.from = from;
            this.size = size;
            return this;
        }

        @Override
        public RandomDataInput bytes() {
            return store;
        }

        @Override
        public long offset() {
            return store.start() + from;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public byte[] get() {
            return Arrays.copyOfRange(array, from, from + size);
        }

        @Override
        public byte[] getUsing(byte[] using) {
            if (using == null || using.length != size) {
                using = new byte[size];
            }
            System.arraycopy(array, from, using, 0, size);
            return using;
        }
    }

    /** The counter's key; never changed after class initialisation, so threads share it. */
    private static final View HEAD = new View().set(HEAD_KEY, BytesStore.wrap(HEAD_KEY), 0, HEAD_KEY.length);

    /** A user entry's stamp and payload; {@code payload == null} for a tombstone. */
    private static final class Stamped {
        final long stamp;
        final boolean tombstone;
        final Payload payload;

        Stamped(long stamp, boolean tombstone, Payload payload) {
            this.stamp = stamp;
            this.tombstone = tombstone;
            this.payload = payload;
        }
    }

    /**
     * The big-endian long at the start of a stored value (a user value's stamp, the counter, a log slot's
     * sequence), read in place rather than copied out. Package-private for tests.
     */
    static long readStamp(Data<byte[]> v) {
        long raw = v.bytes().readLong(v.offset());
        return SWAP ? Long.reverseBytes(raw) : raw;
    }

    private static boolean isTombstone(Data<byte[]> v) {
        return v.size() >= VALUE_HEADER && v.bytes().readByte(v.offset() + 8) == TOMBSTONE;
    }

    /** A live value's payload, copied out of the map; {@code null} for a tombstone. */
    private static Payload payloadOf(Data<byte[]> v) {
        RandomDataInput bytes = v.bytes();
        long offset = v.offset();
        if (bytes.readByte(offset + 8) == TOMBSTONE) {
            return null;
        }
        byte[] payload = new byte[Math.toIntExact(v.size() - VALUE_HEADER)];
        if (payload.length > 0) {
            bytes.read(offset + VALUE_HEADER, payload, 0, payload.length);
        }
        return Payloads.adopt(payload);
    }

    /** The key's entry (a value or a tombstone) with its stamp, or {@code null} if it has none. */
    private Stamped readEntry(Data<byte[]> k) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(k)) {
            c.readLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            if (e == null) {
                return null;
            }
            Data<byte[]> v = e.value();
            Payload payload = payloadOf(v);
            return new Stamped(readStamp(v), payload == null, payload);
        }
    }

    private static long stampOf(Stamped s) {
        return s == null ? ABSENT : s.stamp;
    }

    /** Whether the key holds a value (not a tombstone). */
    private boolean isLive(Data<byte[]> k) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(k)) {
            c.readLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            return e != null && !isTombstone(e.value());
        }
    }

    /**
     * Reads a key's payload. {@code watched}: the caller holds the key's watch lock for a watch that has just
     * started, and publishes this state, so its stamp is recorded as published (the poller then skips it).
     */
    Payload read(String key, boolean watched) {
        if (key.length() > limits.maxKeyBytes()) {
            // An unchecked key (see ChronicleKvStore.readsOfIllegalKeysMiss) that cannot be legal, as each UTF-16
            // unit is at least one UTF-8 byte: not worth encoding and hashing to find nothing.
            return null;
        }
        Scratch s = Scratch.begin();
        try {
            int keyLength = s.userKey(key);
            if (!watched && smallValues) {
                byte[] stored = map.get(Arrays.copyOf(s.buf, keyLength));
                return stored == null || stored[8] == TOMBSTONE ? null
                        : Payloads.adopt(Arrays.copyOfRange(stored, VALUE_HEADER, stored.length));
            }
            View k = s.key(0, keyLength);
            if (!watched) {
                try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(k)) {
                    c.readLock().lock();
                    MapEntry<byte[], byte[]> e = c.entry();
                    return e == null ? null : payloadOf(e.value());
                }
            }
            Stamped st = readEntry(k);
            seen.put(key, stampOf(st));
            return st == null ? null : st.payload;
        } catch (InterProcessDeadLockException e) {
            throw stuck("read", key, e);
        } finally {
            s.end();
        }
    }

    /*
     * Crash safety. Chronicle rewrites an entry in place when the new value fits its chunks; a process killed
     * in the middle leaves an entry whose checksum fails, and recovery then drops it, losing the old value as
     * well as the new. So every change is first written whole as an intent entry (a new entry, which becomes
     * visible only once complete), then applied, then the intent is removed. Recovery, which runs with
     * exclusive access, re-applies each intent left behind unless the key already holds a change with the
     * same or a later stamp. Stamps are sequence numbers from the store's counter, taken before the change;
     * deletes leave a tombstone carrying their stamp, so a stale intent cannot bring a deleted value back.
     * Tombstones are purged when a process opens the store alone.
     */

    /**
     * Writes a key's value. {@code watched}: the caller holds the key's watch lock and publishes this write,
     * so its stamp is recorded as published (the poller then skips it).
     */
    void write(String key, Payload value, boolean watched) {
        Scratch s = Scratch.begin();
        try {
            writeLaidOut(key, value, watched, s);
        } catch (InterProcessDeadLockException e) {
            // Any step not translated where it happened (the intent's removal, say): the same explanation.
            throw stuck("set", key, e);
        } finally {
            s.end();
        }
    }

    /** The body of {@link #write}, with {@code s} the calling thread's buffer. */
    private void writeLaidOut(String key, Payload value, boolean watched, Scratch s) {
        int size = value.size();
        s.forChange(key, VALUE_HEADER + size);
        long seq = nextSequence(key, s);
        byte[] b = s.buf;
        putLong(b, s.valueAt, seq);
        b[s.valueAt + 8] = LIVE;
        value.copyTo(b, s.valueAt + VALUE_HEADER);
        try {
            insertIntent(s, seq, key, size);
            try {
                apply(s.key(4, s.keyLength), s.value(s.valueAt, VALUE_HEADER + size));
            } catch (IllegalArgumentException e) {
                throw tooLarge(key, size, e);
            } catch (IllegalStateException e) {
                throw full(key, e);
            } catch (InterProcessDeadLockException e) {
                throw stuck("set", key, e);
            } finally {
                removeIntent(s);
            }
            if (watched) {
                seen.put(key, seq);
            }
        } finally {
            appendLog(s, seq);
        }
    }

    /**
     * Removes a key's value, leaving a tombstone. {@code watched}: as for {@link #write}.
     */
    boolean remove(String key, boolean watched) {
        Scratch s = Scratch.begin();
        try {
            s.forChange(key, VALUE_HEADER);
            return isLive(s.key(4, s.keyLength)) && tombstone(key, watched, s);
        } catch (InterProcessDeadLockException e) {
            // The first look-up and the intent's removal are not translated where they happen.
            throw stuck("delete", key, e);
        } finally {
            s.end();
        }
    }

    /** The rest of {@link #remove} for a key that held a value when looked at, laid out in {@code s}. */
    private boolean tombstone(String key, boolean watched, Scratch s) {
        long seq = nextSequence(key, s);
        byte[] b = s.buf;
        putLong(b, s.valueAt, seq);
        b[s.valueAt + 8] = TOMBSTONE;
        boolean removed = false;
        try {
            insertIntent(s, seq, key, 0);
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(s.key(4, s.keyLength))) {
                c.updateLock().lock();
                MapEntry<byte[], byte[]> e = c.entry();
                if (e != null && !isTombstone(e.value())) {
                    c.replaceValue(e, s.value(s.valueAt, VALUE_HEADER));
                    removed = true;
                }
            } catch (IllegalStateException e) {
                throw full(key, e);
            } catch (InterProcessDeadLockException e) {
                throw stuck("delete", key, e);
            } finally {
                removeIntent(s);
            }
            if (removed && watched) {
                seen.put(key, seq);
            }
            return removed;
        } finally {
            appendLog(s, seq);
        }
    }

    private void apply(Data<byte[]> k, Data<byte[]> v) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(k)) {
            // Always a write: take the write lock at once rather than the update lock and then upgrading.
            c.writeLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            if (e != null) {
                c.replaceValue(e, v);
            } else {
                c.insert(c.absentEntry(), v);
            }
        }
    }

    /** Writes the intent (key {@code META 'I'}, writer id, sequence) of the change laid out in {@code s}. */
    private void insertIntent(Scratch s, long seq, String key, int payloadSize) {
        byte[] b = s.buf;
        int at = s.intentKeyAt;
        b[at] = META;
        b[at + 1] = 'I';
        putLong(b, at + 2, writerId);
        putLong(b, at + 10, seq);
        try {
            // Through a context, not Map.put, which would also look for a previous value to return.
            apply(s.key(at, 18), s.value(0, s.slotAt));
        } catch (IllegalArgumentException e) {
            throw tooLarge(key, payloadSize, e);
        } catch (IllegalStateException e) {
            throw full(key, e);
        } catch (InterProcessDeadLockException e) {
            throw stuck("write", key, e);
        }
    }

    /** Removes the intent without copying it out, as {@code Map.remove}, which returns it, would. */
    private void removeIntent(Scratch s) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(s.key(s.intentKeyAt, 18))) {
            c.writeLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            if (e != null) {
                c.remove(e);
            }
        }
    }

    private KvException tooLarge(String key, int size, RuntimeException e) {
        return KvException.of(KvException.Reason.PAYLOAD_TOO_LARGE, "set of key " + quote(key) + " in store "
                + quote(name) + " (" + rd + "): the entry of " + size + " bytes does not fit this store's map ("
                + firstLine(e) + "); the previous value is unchanged", e);
    }

    private KvException stuck(String op, String key, RuntimeException e) {
        return KvException.of(KvException.Reason.STORAGE, op + " of key " + quote(key) + " in store " + quote(name)
                + " (" + rd + ") timed out on a lock of the map, most likely held by a process that died while"
                + " writing; close the store in every process and open it again to recover it (" + firstLine(e)
                + ")", e);
    }

    private RuntimeException full(String key, IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("tier")) {
            // Not Chronicle running out of segment tiers: let the caller report it as a storage failure.
            return e;
        }
        return KvException.of(KvException.Reason.CAPACITY_EXCEEDED, "write of key " + quote(key) + " in store "
                + quote(name) + " (" + rd + "): the store is full (" + firstLine(e) + "); the previous value"
                + " is unchanged. Delete entries, or create the store with a larger " + Settings.ENTRIES.name()
                + " or " + Settings.MAX_BLOAT_FACTOR.name(), e);
    }

    private long nextSequence(String key, Scratch s) {
        try {
            return incrementHead(s);
        } catch (IllegalStateException e) {
            throw full(key, e);
        } catch (InterProcessDeadLockException e) {
            throw stuck("write", key, e);
        }
    }

    /**
     * Runs with exclusive access after recovery: re-applies the intents that crashed processes left, then
     * restores the counter above every stamp in use (a crash may have torn it).
     */
    private static void replayIntents(ChronicleMap<byte[], byte[]> map, String store) {
        List<byte[]> intents = new ArrayList<>();
        long[] max = {0};
        map.forEachEntry(e -> {
            byte[] k = e.key().get().clone(); // Chronicle reuses the array between entries
            if (k.length >= 2 && k[0] == META && k[1] == 'I') {
                intents.add(k);
            } else if (k.length >= 1 && k[0] == USER) {
                Data<byte[]> v = e.value();
                if (v.size() >= 8) {
                    max[0] = Math.max(max[0], readStamp(v));
                }
            } else if (k.length >= 2 && k[0] == META && k[1] == 'L') {
                max[0] = Math.max(max[0], getLong(e.value().get()));
            }
        });
        intents.sort((a, b) -> Long.compare(getLong(java.util.Arrays.copyOfRange(a, 10, 18)),
                getLong(java.util.Arrays.copyOfRange(b, 10, 18))));
        int applied = 0;
        for (byte[] ik : intents) {
            byte[] iv = map.get(ik);
            if (iv != null && iv.length >= 4) {
                int kl = ((iv[0] & 0xff) << 24) | ((iv[1] & 0xff) << 16) | ((iv[2] & 0xff) << 8) | (iv[3] & 0xff);
                byte[] k = java.util.Arrays.copyOfRange(iv, 4, 4 + kl);
                byte[] v = java.util.Arrays.copyOfRange(iv, 4 + kl, iv.length);
                long seq = getLong(v);
                max[0] = Math.max(max[0], seq);
                byte[] current = map.get(k);
                long currentStamp = current == null ? ABSENT : getLong(current);
                if (currentStamp < seq) {
                    map.put(k, v);
                    applied++;
                }
            }
            map.remove(ik);
        }
        byte[] head = map.get(HEAD_KEY);
        if (head == null || getLong(head) < max[0]) {
            byte[] h = new byte[8];
            putLong(h, max[0]);
            map.put(HEAD_KEY, h);
        }
        if (!intents.isEmpty()) {
            LOG.log(Level.INFO, "kv chronicle store {0}: {1} interrupted write(s) found, {2} completed", store,
                    intents.size(), applied);
        }
    }

    /** With exclusive access: tombstones are only needed against intents of live writers; none are left. */
    private static void purgeTombstones(ChronicleMap<byte[], byte[]> map) {
        List<byte[]> dead = new ArrayList<>();
        map.forEachEntry(e -> {
            byte[] k = e.key().get().clone(); // Chronicle reuses the array between entries
            if (k.length >= 1 && k[0] == USER && isTombstone(e.value())) {
                dead.add(k);
            }
        });
        for (byte[] k : dead) {
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(k)) {
                c.updateLock().lock();
                MapEntry<byte[], byte[]> e = c.entry();
                if (e != null && isTombstone(e.value())) {
                    c.remove(e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- change log for cross-process watch

    /** Appends the change laid out in {@code s}: (sequence, writer id, key without its namespace byte). */
    private void appendLog(Scratch s, long seq) {
        try {
            byte[] b = s.buf;
            int at = s.slotAt;
            putLong(b, at, seq);
            putLong(b, at + 8, writerId);
            System.arraycopy(b, 5, b, at + 16, s.keyLength - 1);
            int i = (int) Math.floorMod(seq, (long) RING);
            int k = s.slotKeyAt;
            b[k] = META;
            b[k + 1] = 'L';
            b[k + 2] = (byte) (i >>> 8);
            b[k + 3] = (byte) i;
            // Through a context, not Map.put, which would copy the slot's previous record out to return it.
            apply(s.key(k, 4), s.value(at, 16 + s.keyLength - 1));
        } catch (RuntimeException e) {
            // The write itself is done (or failed cleanly); a lost log entry only delays other processes'
            // watchers until their next full scan, so it must not change the write's outcome.
            LOG.log(Level.WARNING, "store {0}: change log append failed: {1}", quote(name), e);
        }
    }

    private long incrementHead(Scratch s) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(HEAD)) {
            // Always a write: take the write lock at once rather than the update lock and then upgrading.
            c.writeLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            long next = (e == null ? 0 : readStamp(e.value())) + 1;
            putLong(s.buf, s.headAt, next);
            View v = s.value(s.headAt, 8);
            if (e != null) {
                c.replaceValue(e, v);
            } else {
                c.insert(c.absentEntry(), v);
            }
            return next;
        }
    }

    private long readHead() {
        byte[] v = map.get(HEAD_KEY);
        return v == null ? 0 : getLong(v);
    }

    private static byte[] slotKey(long seq) {
        int i = (int) Math.floorMod(seq, (long) RING);
        return new byte[] {META, 'L', (byte) (i >>> 8), (byte) i};
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException | Error e) {
            if (!closed) {
                LOG.log(Level.WARNING, "store " + quote(name) + ": watching other processes' writes failed", e);
            }
        }
    }

    /** One poll: publishes other processes' writes to watched keys. Package-private for tests. */
    void poll() {
        synchronized (pollLock) {
            if (closed) {
                return;
            }
            long head = readHead();
            if (hub.subscriberCount() == 0) {
                cursor = head;
                seen.clear();
                return;
            }
            long s = cursor;
            while (s < head) {
                if (head - s > RING) {
                    fullScan();
                    s = head;
                    break;
                }
                long next = s + 1;
                byte[] slot = map.get(slotKey(next));
                long slotSeq = slot == null ? 0 : getLong(slot);
                if (slotSeq < next) {
                    // The writer counted but has not filled the slot yet, or died in between.
                    long now = System.nanoTime();
                    if (stalledSince == 0) {
                        stalledSince = now;
                    }
                    if (now - stalledSince < STALL_NANOS) {
                        break;
                    }
                    fullScan();
                    s = head;
                    break;
                }
                stalledSince = 0;
                if (slotSeq > next) {
                    fullScan();
                    s = head;
                    break;
                }
                if (getLong(slot, 8) != writerId) {
                    refresh(new String(slot, 16, slot.length - 16, StandardCharsets.UTF_8));
                }
                s = next;
            }
            if (s == head) {
                stalledSince = 0;
            }
            cursor = s;
        }
    }

    private void fullScan() {
        List<String> keys = new ArrayList<>();
        map.forEachEntry(e -> {
            byte[] k = e.key().get().clone(); // Chronicle reuses the array between entries
            if (k.length > 1 && k[0] == USER) {
                String key = new String(k, 1, k.length - 1, StandardCharsets.UTF_8);
                if (hub.isWatched(key)) {
                    keys.add(key);
                }
            }
        });
        keys.addAll(seen.keySet());
        for (String key : keys) {
            refresh(key);
        }
    }

    private void refresh(String key) {
        if (!hub.isWatched(key)) {
            seen.remove(key);
            return;
        }
        synchronized (hub.lockFor(key)) {
            Scratch s = Scratch.begin();
            Stamped cur;
            try {
                cur = readEntry(s.key(0, s.userKey(key)));
            } finally {
                s.end();
            }
            long stamp = stampOf(cur);
            Long last = seen.get(key);
            if (last != null && last == stamp) {
                return;
            }
            seen.put(key, stamp);
            if (cur == null && last == null) {
                return;
            }
            if (cur == null || cur.tombstone) {
                hub.publish(key, KvEvent.Kind.DELETE, null);
            } else {
                hub.publish(key, KvEvent.Kind.SET, cur.payload);
            }
        }
    }

    // ---------------------------------------------------------------- closing

    void close() {
        pollTask.cancel(false);
        synchronized (pollLock) {
            closed = true;
        }
        hub.close();
        try {
            FileLock mutex = lockFile.lockMutex(settings.openTimeout, quote(name));
            try {
                map.close();
                lockFile.releaseSlot();
            } finally {
                mutex.release();
            }
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + quote(name) + ": closing " + file
                    + " failed: " + e, e);
        } finally {
            try {
                lockFile.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing " + lockFile.path() + " failed", e);
            }
        }
    }

    static void closeQuietly(ChronicleMap<?, ?> map) {
        try {
            map.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a Chronicle map failed", e);
        }
    }

    static long getLong(byte[] b) {
        return getLong(b, 0);
    }

    /** The big-endian long at {@code at}: the byte order of stamps, counter and log records in the file. */
    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    static void putLong(byte[] b, long v) {
        putLong(b, 0, v);
    }

    /** Writes {@code v} big-endian at {@code at}; see {@link #getLong(byte[], int)}. */
    static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Chronicle's messages run over several lines of advice; the first line says what happened. */
    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).trim();
    }

    static String quote(String s) {
        return Diagnostics.quote(s);
    }
}
