package dev.kv.provider.redis;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.lang.ref.WeakReference;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The command latency recorder of every client this provider creates: Lettuce hands it the first-response and
 * completion time of each command, and it passes them on to the recorders attached to it since, such as
 * kv-micrometer's. A client's recorder is fixed when its {@code ClientResources} are built, before any metrics
 * library could know of it, hence this indirection.
 *
 * <p>Attaching is by {@link Consumer#accept}, so that a module that cannot see this provider's (unexported)
 * types still can: {@code store.unwrap(AbstractRedisClient.class).getResources().commandLatencyRecorder()} is
 * this object. An attached recorder is held weakly: it stays attached as long as its owner keeps it, and must
 * be thread-safe and quick (it runs on Lettuce's I/O threads).
 */
final class CommandLatencies implements CommandLatencyRecorder, Consumer<CommandLatencyRecorder> {

    private final CopyOnWriteArrayList<WeakReference<CommandLatencyRecorder>> attached = new CopyOnWriteArrayList<>();

    /** Attaches {@code recorder}, weakly. */
    @Override
    public void accept(CommandLatencyRecorder recorder) {
        Objects.requireNonNull(recorder, "recorder");
        attached.add(new WeakReference<>(recorder));
    }

    @Override
    public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
                                     long firstResponseLatency, long completionLatency) {
        boolean cleared = false;
        for (WeakReference<CommandLatencyRecorder> ref : attached) {
            CommandLatencyRecorder r = ref.get();
            if (r == null) {
                cleared = true;
            } else {
                r.recordCommandLatency(local, remote, commandType, firstResponseLatency, completionLatency);
            }
        }
        if (cleared) {
            attached.removeIf(ref -> ref.get() == null);
        }
    }

    /** Recorders attached and not yet collected, for tests. */
    int attachedCount() {
        return (int) attached.stream().filter(ref -> ref.get() != null).count();
    }

    /**
     * Enabled, so that Lettuce times every command: two clock reads per command, whether or not a recorder is
     * attached yet (Lettuce asks once, when a connection is made).
     */
    @Override
    public boolean isEnabled() {
        return true;
    }
}
