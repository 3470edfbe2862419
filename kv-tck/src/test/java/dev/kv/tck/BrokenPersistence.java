package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.ForwardingKvStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Broken providers of the PERSIST area that need a real file under them: the correct {@link FileReferenceKvProvider}
 * with one promise taken away. Public with public constructors, since the kit's child JVMs instantiate them by name.
 */
final class BrokenPersistence {

    private BrokenPersistence() {
    }

    /**
     * PERSIST-2: write-behind. A write is acknowledged from memory and reaches the file only with the next batch
     * (every {@value #BATCH} operations) or at close, so a clean close keeps everything (PERSIST-1 holds) and a
     * killed writer loses what it acknowledged since its last batch.
     */
    public static final class WriteBehind extends FileReferenceKvProvider {
        static final int BATCH = 64;

        @Override
        public KvStore open(String name, KvConfig config) {
            return new Batching(super.open(name, config));
        }
    }

    private static final class Batching extends ForwardingKvStore {
        // key -> value to write, or empty for a delete; in operation order
        private final Map<String, Optional<Payload>> pending = new LinkedHashMap<>();

        Batching(KvStore delegate) {
            super(delegate);
        }

        @Override
        public synchronized Optional<Payload> find(String key) {
            Optional<Payload> p = pending.get(key);
            return p != null ? p : super.find(key);
        }

        @Override
        public synchronized Payload get(String key) {
            Optional<Payload> p = pending.get(key);
            if (p == null) {
                return super.get(key);
            }
            return p.orElseThrow(() -> KvException.notFound(name(), key));
        }

        @Override
        public synchronized void set(String key, Payload value) {
            super.find(key); // the delegate's argument checks, so that bad input still fails at once
            pending.remove(key);
            pending.put(key, Optional.of(value));
            flushIfFull();
        }

        @Override
        public synchronized void delete(String key) {
            super.find(key);
            pending.remove(key);
            pending.put(key, Optional.empty());
            flushIfFull();
        }

        private void flushIfFull() {
            if (pending.size() >= WriteBehind.BATCH) {
                flush();
            }
        }

        private void flush() {
            pending.forEach((k, v) -> v.ifPresentOrElse(p -> super.set(k, p), () -> super.delete(k)));
            pending.clear();
        }

        @Override
        public synchronized void close() {
            if (isOpen()) {
                flush();
            }
            super.close();
        }
    }
}
