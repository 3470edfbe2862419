package dev.kv.provider.redis;

import dev.kv.api.KvEvent;
import dev.kv.api.Payload;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.Payloads;
import dev.kv.api.spi.WatchHub;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One redis store as this JVM sees it, shared by every handle opened with its name and settings: where its keys
 * live, the connections, the watch hub, and for each key watched here the revision of the last change its
 * watchers were given.
 *
 * <p>That revision is what keeps a key's events in order and free of repeats. Every change of a watched key
 * is published holding the hub's key lock, and only if its revision is above the last one published: a write
 * through this JVM (published by {@code AbstractKvStore}, its revision recorded here), a message from another
 * process, or the state read after a reconnect. A message about a change already published is dropped; one
 * about an older change than the last published cannot be published after it. Whether the key had a value is
 * recorded with it: a tombstone that expired takes the revision with it (the key reads as revision 0), which is
 * no change for a watcher that last saw the delete, and no sign of lost writes.
 *
 * <p>An event's {@code sequence} is the change's revision, the same number in every process that watches the
 * key, with one exception: WATCH-3 wants it to grow with every event a watcher receives, so an event that
 * repeats a revision (the state re-read after an unlocked write met a starting watch) or follows a revision
 * that went back (a server that lost writes) takes the last sequence plus one instead.
 */
final class RedisStoreState {

    private static final System.Logger LOG = System.getLogger("dev.kv.provider.redis");

    private final String name;
    private final RedisSettings settings;
    private final Layout layout;
    private final Connections connections;
    private final WatchHub hub;
    private final String rd;
    private final StoreRegistry.Lease lease;
    /** Watched keys (by the relay) and what their watchers last saw. */
    private final ConcurrentHashMap<String, Seen> published = new ConcurrentHashMap<>();

    RedisStoreState(String name, RedisSettings settings, Connections connections) {
        this.name = name;
        this.settings = settings;
        this.layout = new Layout(settings.namespace());
        this.connections = connections;
        this.rd = RedisKvProvider.ID + ":" + settings.servers().display() + "/" + settings.namespace() + "/" + name;
        this.hub = new WatchHub(rd, settings.watchBufferSize());
        this.lease = StoreRegistry.register(connections, layout, name, where(settings));
    }

    /** The server and namespace of stores with these settings, for messages: never the password. */
    static String where(RedisSettings settings) {
        return settings.describeServer() + " in namespace " + Diagnostics.quote(settings.namespace());
    }

    String name() {
        return name;
    }

    RedisSettings settings() {
        return settings;
    }

    Layout layout() {
        return layout;
    }

    Connections connections() {
        return connections;
    }

    WatchHub hub() {
        return hub;
    }

    String rd() {
        return rd;
    }

    /** The relay began watching {@code key}: what is stored now counts as seen (SPEC.md WATCH-2). */
    void baseline(String key) {
        Connections.State s = connections.readState(layout.hashKey(name, key));
        published.merge(key, new Seen(s.revision(), s.value() != null, 0), Seen::merge);
    }

    /** The relay stopped watching {@code key}. */
    void forget(String key) {
        published.remove(key);
    }

    /**
     * A change made (or a value read) through this JVM, which the caller, holding the key lock, publishes next.
     *
     * @return the sequence number of that event
     */
    long recordOwn(String key, long revision, boolean present) {
        Seen now = published.computeIfPresent(key, (k, last) -> last.advance(revision, present));
        // Not yet watched by the relay: nothing was published with a revision before.
        return now == null ? Math.max(1, revision) : now.sequence();
    }

    /** Publishes a change another process announced, unless it is not newer than what was published. */
    void deliver(String key, Notice n) {
        synchronized (hub.lockFor(key)) {
            Seen last = published.get(key);
            if (last == null || n.revision() <= last.revision()) {
                return;
            }
            switch (n.kind()) {
                case 'S':
                    publish(key, n.revision(), Payloads.adopt(n.payload()));
                    break;
                case 'D':
                    publish(key, n.revision(), null);
                    break;
                default:
                    // Too large to travel in the message: read the key as it is now (this or a later change).
                    Connections.State s = connections.readState(layout.hashKey(name, key));
                    if (s.revision() > last.revision()) {
                        publish(key, s.revision(), s.value() == null ? null : Payloads.adopt(s.value()));
                    }
            }
        }
    }

    /**
     * After messages may have been lost (a reconnect, a failover): publishes the key's current state if it is
     * not the one its watchers last saw.
     */
    void resync(String key) {
        synchronized (hub.lockFor(key)) {
            Seen last = published.get(key);
            if (last == null) {
                return;
            }
            Connections.State s = connections.readState(layout.hashKey(name, key));
            boolean present = s.value() != null;
            if (s.revision() == last.revision()) {
                return;
            }
            if (!present && !last.present()) {
                // Absent still, which is no change to show: either set and deleted again meanwhile (remember the
                // later revision) or the tombstone expired (revision 0, the same absence).
                published.put(key, last.merge(new Seen(s.revision(), false, 0)));
                return;
            }
            // Revision 0 without a value is an expired tombstone after a delete whose message was lost.
            if (s.revision() < last.revision() && (present || s.revision() != 0)) {
                LOG.log(Level.WARNING, "redis store " + Diagnostics.quote(name) + ": key " + Diagnostics.quote(key)
                        + " went back from revision " + last.revision() + " to " + s.revision() + " at "
                        + connections.server()
                        + ": the server lost acknowledged writes (a failover, or a restart without appendfsync"
                        + " always); watchers are given the state it holds now");
            }
            publish(key, s.revision(), s.value() == null ? null : Payloads.adopt(s.value()));
        }
    }

    private void publish(String key, long revision, Payload value) {
        Seen last = published.get(key);
        long sequence = last == null ? revision : Math.max(revision, last.sequence() + 1);
        hub.publish(key, value == null ? KvEvent.Kind.DELETE : KvEvent.Kind.SET, value, sequence);
        published.put(key, new Seen(revision, value != null, sequence));
    }

    /** The last handle closed: ends every watch. The data stays on the server. */
    void close() {
        try {
            hub.close();
        } finally {
            lease.close();
        }
    }

    /**
     * What a key's watchers were last shown: its revision, whether it had a value, and the sequence number of
     * that event (0 before the first).
     */
    private record Seen(long revision, boolean present, long sequence) {
        /** The later state of the two, and the higher sequence given so far. */
        Seen merge(Seen other) {
            Seen later = other.revision > revision ? other : this;
            return new Seen(later.revision, later.present, Math.max(sequence, other.sequence));
        }

        /** After a change (or a read) through this JVM at {@code rev}, which is published next. */
        Seen advance(long rev, boolean nowPresent) {
            return new Seen(Math.max(rev, revision), nowPresent, Math.max(rev, sequence + 1));
        }
    }
}
