package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.List;
import java.util.Optional;

/** Checks on the events one watcher received for one key. */
final class EventLog {
    private EventLog() {
    }

    /**
     * Replays {@code events} from an absent key: sequence numbers must strictly increase, and a removal
     * (DELETE, EVICT, EXPIRE) must remove a value that a SET put there. A removal of an absent key would be a
     * stale or duplicate event; a removal published after a later SET shows up as a final state that differs
     * from the store.
     *
     * @return the value the events say the key holds at the end
     */
    static Optional<Payload> replay(String key, List<KvEvent> events) {
        Optional<Payload> state = Optional.empty();
        long last = 0;
        for (KvEvent e : events) {
            assertEquals(key, e.key(), () -> "event for another key: " + e);
            long previous = last;
            assertTrue(e.sequence() > previous, () -> "sequence not increasing at " + e + " in " + events);
            last = e.sequence();
            if (e.kind() == KvEvent.Kind.SET) {
                state = Optional.of(e.payload());
            } else {
                if (state.isEmpty()) {
                    fail("removal of a key with no value: " + e + " in " + events);
                }
                state = Optional.empty();
            }
        }
        return state;
    }

    /** Whether the last event received matches the store (SPEC.md WATCH-5), treating no event as absent. */
    static boolean converged(KvStore store, String key, List<KvEvent> events) {
        Optional<Payload> stored = store.find(key);
        if (events.isEmpty()) {
            return stored.isEmpty();
        }
        KvEvent lastEvent = events.get(events.size() - 1);
        return lastEvent.isRemoval() ? stored.isEmpty() : stored.equals(Optional.of(lastEvent.payload()));
    }

    static long count(List<KvEvent> events, KvEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }
}
