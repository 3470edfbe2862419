package dev.kv.provider.chronicle;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.SharedStores;
import dev.kv.api.spi.StoreInfo;
import dev.kv.api.spi.StoreNames;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code chronicle} provider: each store is a Chronicle Map persisted to a file in a data directory, shared
 * by every process on the machine that opens the same name, surviving restarts and process crashes.
 *
 * <p>Found with {@link java.util.ServiceLoader}; applications select it with {@code Kv.builder().provider("chronicle")},
 * {@code -Dkv.provider=chronicle} or {@code KV_PROVIDER=chronicle} when several providers are present. The JVM
 * needs the flags listed in this module's description; without them {@link #open} fails with a
 * {@code CONFIGURATION} error naming the missing ones.
 *
 * <p>Thread-safe. The public no-argument constructor is for {@code ServiceLoader}.
 *
 * @since 0.1
 */
public final class ChronicleKvProvider implements KvProvider {

    /** The provider id. */
    public static final String ID = "chronicle";

    static {
        // Chronicle's usage analytics would contact an outside host and write a client id into the user's
        // home directory; its banner would print on start. Both read these properties once, when Chronicle's
        // classes initialise, which happens after this (no Chronicle class is initialised before open()).
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        // A process killed while holding a segment lock leaves it taken; others attached to the store then wait
        // this long before failing with a clear error instead of Chronicle's 60 s (it is read once, by Chronicle).
        if (System.getProperty("net.openhft.chronicle.map.lockTimeoutSeconds") == null) {
            System.setProperty("net.openhft.chronicle.map.lockTimeoutSeconds", "15");
        }
        if (System.getProperty("chronicle.disk.monitor.disable") == null) {
            System.setProperty("chronicle.disk.monitor.disable", "true");
        }
        JdkAccess.exposeChronicleJarsToRuntimeCompiler();
    }

    /** One registry per JVM: a store file must be attached once per process (see {@link LockFile}). */
    private static final SharedStores<Backing> STORES = new SharedStores<>();

    /** Creates the provider; cheap, touches no file. */
    public ChronicleKvProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Chronicle Map: persisted, off-heap, shared between processes on one machine";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.CROSS_PROCESS_WATCH);
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        return Settings.ALL;
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        Settings s = new Settings(config == null ? KvConfig.empty() : config);
        JdkAccess.require();
        DataDirectory.prepare(s.dataDir, name);
        Path file = StoreFiles.mapFile(s.dataDir, name);
        Path lock = StoreFiles.lockFile(s.dataDir, name);
        DataDirectory.requireWritable(s.dataDir, name, file, lock);
        String identity = Backing.rdOf(file);
        Backing backing = STORES.acquire(identity, id -> Backing.open(name, file, lock, s, config == null
                ? KvConfig.empty() : config));
        return new ChronicleKvStore(backing, () -> STORES.release(identity, Backing::close));
    }

    /** The store files of the data directory; a data directory that does not exist holds none. */
    @Override
    public List<StoreInfo> stores(KvConfig config) {
        Settings s = new Settings(config == null ? KvConfig.empty() : config);
        return StoreCatalog.list(s.dataDir);
    }

    /** The store's file if it exists; creates neither the file nor the data directory. */
    @Override
    public Optional<StoreInfo> store(String name, KvConfig config) {
        StoreNames.check(name);
        Settings s = new Settings(config == null ? KvConfig.empty() : config);
        return StoreCatalog.find(s.dataDir, name);
    }

    /**
     * Deletes the store's file, refusing while any process (this one included) has the store open, naming the
     * processes, or while salvage files of a failed recovery lie beside it. The small lock file stays.
     */
    @Override
    public void drop(String name, KvConfig config) {
        StoreNames.check(name);
        Settings s = new Settings(config == null ? KvConfig.empty() : config);
        StoreCatalog.drop(name, s, STORES.handles(Backing.rdOf(StoreFiles.mapFile(s.dataDir, name))) > 0);
    }

    @Override
    public String toString() {
        return "ChronicleKvProvider[" + ID + "]";
    }
}
