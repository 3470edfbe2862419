package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.SharedStores;
import dev.kv.api.spi.StoreNames;
import dev.kv.api.spi.WatchHub;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A correct PERSISTENT reference for the kit's own tests: one file per store, rewritten whole and atomically
 * (temp file + atomic move) on every write, checksummed, so the kit's PERSIST checks are shown to pass on a
 * provider that keeps its promises. Single-process: it does not declare MULTI_PROCESS.
 */
public class FileReferenceKvProvider implements KvProvider {

    static final ConfigProperty<Path> DIRECTORY = ConfigProperty.ofPath("kv.reffile.directory",
            Path.of(System.getProperty("java.io.tmpdir"), "kv-reffile"), "Directory holding one file per store");

    private static final byte[] MAGIC = "KVREF1\n".getBytes(StandardCharsets.US_ASCII);
    // one Backing per file in this JVM, whichever provider instance opened it: the file lock is per JVM
    private static final SharedStores<Backing> stores = new SharedStores<>();

    /** For ServiceLoader and child JVMs. */
    public FileReferenceKvProvider() {
    }

    @Override
    public String id() {
        return "reffile";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        return List.of(DIRECTORY, WatchHub.BUFFER_SIZE);
    }

    /** One-to-one and inside the directory: hex of the name, or of its SHA-256 when that is too long a file name. */
    static Path file(Path directory, String name) {
        String hex = HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
        if (hex.length() > 200) {
            try {
                hex = "sha256-" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(name.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return directory.resolve(hex + ".kv");
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        ConfigProperty.rejectUnknown("kv.reffile.", config, configProperties());
        WatchHub.BUFFER_SIZE.from(config);
        Path file = file(DIRECTORY.from(config), name).toAbsolutePath();
        String identity = file.toString();
        Backing b = stores.acquire(identity, k -> new Backing(file, new WatchHub(id() + ":" + k, config)));
        return new Store(name, b, () -> stores.release(identity, Backing::close));
    }

    private static final class Backing {
        final Path file;
        final WatchHub hub;
        final Map<String, Payload> map = new ConcurrentHashMap<>();

        private final java.nio.channels.FileChannel lockChannel;

        Backing(Path file, WatchHub hub) {
            this.file = file;
            this.hub = hub;
            // not MULTI_PROCESS: one process at a time, enforced with an exclusive lock the OS drops on a crash
            try {
                Files.createDirectories(file.getParent());
                lockChannel = java.nio.channels.FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                if (lockChannel.tryLock() == null) {
                    lockChannel.close();
                    throw KvException.of(KvException.Reason.STORAGE, "store file " + file
                            + " is in use by another process");
                }
            } catch (IOException e) {
                throw KvException.of(KvException.Reason.STORAGE, "cannot lock store file " + file + ": " + e, e);
            }
            try {
                if (Files.exists(file)) {
                    load();
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        void close() {
            hub.close();
            try {
                lockChannel.close();
            } catch (IOException e) {
                // releasing the lock of a store being closed; nothing left to protect
            }
        }

        private void load() {
            try {
                byte[] all = Files.readAllBytes(file);
                if (all.length < MAGIC.length + 8) {
                    throw damaged("shorter than its header");
                }
                for (int i = 0; i < MAGIC.length; i++) {
                    if (all[i] != MAGIC[i]) {
                        throw damaged("not a kv reference store file");
                    }
                }
                CRC32 crc = new CRC32();
                crc.update(all, 0, all.length - 8);
                long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
                if (crc.getValue() != stored) {
                    throw damaged("checksum mismatch (truncated or corrupted)");
                }
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length,
                        all.length - 8 - MAGIC.length));
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    byte[] k = new byte[in.readInt()];
                    in.readFully(k);
                    byte[] v = new byte[in.readInt()];
                    in.readFully(v);
                    map.put(new String(k, StandardCharsets.UTF_8), Payload.copyOf(v));
                }
            } catch (IOException e) {
                throw KvException.of(KvException.Reason.STORAGE, "cannot read store file " + file + ": " + e, e);
            }
        }

        private KvException damaged(String why) {
            return KvException.of(KvException.Reason.STORAGE, "store file " + file + " is damaged: " + why
                    + "; it was left as it is");
        }

        synchronized void flush() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.write(MAGIC);
                Map<String, Payload> snapshot = Map.copyOf(map);
                out.writeInt(snapshot.size());
                for (Map.Entry<String, Payload> e : snapshot.entrySet()) {
                    byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(k.length);
                    out.write(k);
                    out.writeInt(e.getValue().size());
                    e.getValue().writeTo(out);
                }
                out.flush();
                CRC32 crc = new CRC32();
                byte[] body = bytes.toByteArray();
                crc.update(body);
                out.writeLong(crc.getValue());
                out.flush();
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, bytes.toByteArray());
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final class Store extends AbstractKvStore {
        private final Backing backing;
        private final Runnable onRelease;

        Store(String name, Backing backing, Runnable onRelease) {
            super("reffile", name, new KvLimits(1024, 1 << 20), backing.hub);
            this.backing = backing;
            this.onRelease = onRelease;
        }

        @Override
        protected Payload readValue(String key) {
            return backing.map.get(key);
        }

        @Override
        protected void writeValue(String key, Payload value) {
            synchronized (backing) {
                Payload old = backing.map.put(key, value);
                try {
                    backing.flush();
                } catch (RuntimeException e) {
                    if (old == null) {
                        backing.map.remove(key);
                    } else {
                        backing.map.put(key, old);
                    }
                    throw e;
                }
            }
        }

        @Override
        protected boolean removeValue(String key) {
            synchronized (backing) {
                boolean removed = backing.map.remove(key) != null;
                if (removed) {
                    backing.flush();
                }
                return removed;
            }
        }

        @Override
        protected void release() {
            onRelease.run();
        }
    }
}
