package dev.kv.provider.chronicle;

import dev.kv.api.Payload;
import dev.kv.api.spi.AbstractKvStore;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * A handle to a store backed by a persisted Chronicle Map. Handles of one store in a JVM share one
 * {@link Backing}; the last handle to close detaches it.
 */
final class ChronicleKvStore extends AbstractKvStore {

    private final Backing backing;
    private final Runnable onClose;

    ChronicleKvStore(Backing backing, Runnable onClose) {
        super(ChronicleKvProvider.ID, backing.name, backing.limits, backing.hub);
        this.backing = backing;
        this.onClose = onClose;
    }

    @Override
    protected Payload readValue(String key) {
        return backing.read(key, false);
    }

    @Override
    protected void writeValue(String key, Payload value) {
        backing.write(key, value, false);
    }

    @Override
    protected boolean removeValue(String key) {
        return backing.remove(key, false);
    }

    /**
     * Reads look before the key is checked, and only a miss checks it: every key ever written was checked, a
     * key's map key is its exact UTF-8 (an unpaired surrogate is encoded as no valid UTF-8, so an illegal key
     * cannot reach a legal key's entry), and an over-long key is not even looked up. Saves the key check on
     * every hit.
     */
    @Override
    protected boolean readsOfIllegalKeysMiss() {
        return true;
    }

    // Watched keys: the base class holds the key's watch lock here and publishes what these return or write,
    // so the backing records the stamp as published and its poller does not report the same change again.

    @Override
    protected Payload readWatchedValue(String key) {
        return backing.read(key, true);
    }

    @Override
    protected void writeWatchedValue(String key, Payload value) {
        backing.write(key, value, true);
    }

    @Override
    protected boolean removeWatchedValue(String key) {
        return backing.remove(key, true);
    }

    /** The shared backing, for white-box tests of the poller. */
    Backing backing() {
        return backing;
    }

    @Override
    protected void release() {
        onClose.run();
    }

    /**
     * Besides this handle itself, unwraps to the store's {@link ChronicleMap} (keys and values are byte arrays
     * in the provider's own layout: read it, don't write it).
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type != null && type.isInstance(backing.map()) && !type.isInstance(this)) {
            checkOpen();
            return type.cast(backing.map());
        }
        return super.unwrap(type);
    }
}
