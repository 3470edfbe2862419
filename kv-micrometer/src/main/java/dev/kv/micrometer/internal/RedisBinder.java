package dev.kv.micrometer.internal;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.micrometer.KvMetrics;
import dev.kv.micrometer.KvStoreMeterBinder;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Meters for stores that unwrap to a Lettuce client (the redis provider): the latency of each Redis command the
 * store's client sends, from Lettuce's own timing, and whether its data connection is open.
 *
 * <p>The provider builds its clients with a command latency recorder that passes latencies on to recorders
 * attached to it ({@code Consumer<CommandLatencyRecorder>}, held weakly). The recorder attached here is held by
 * the connection gauge, strongly, and the gauge by the store's meters: when the store's last instrumented handle
 * closes and its meters are removed, the recorder is collected and stops receiving latencies. Commands are
 * tagged by name for the ones kv sends and {@code other} for the rest, so the meters are known when the store
 * is bound and removed with it. Loaded only when Lettuce is present.
 */
final class RedisBinder implements KvStoreMeterBinder {

    private static final System.Logger LOG = System.getLogger("dev.kv.micrometer");

    /** The commands the redis provider sends; any other is counted as {@code other}. */
    private static final List<String> COMMANDS = List.of("EVALSHA", "EVAL", "HGET", "HMGET", "WAIT", "SSUBSCRIBE",
            "SUNSUBSCRIBE");
    private static final String OTHER = "other";

    private RedisBinder() {
    }

    static KvStoreMeterBinder create() {
        return new RedisBinder();
    }

    @Override
    public List<Meter> bindTo(KvStore store, MeterRegistry registry, Tags tags) {
        AbstractRedisClient client;
        StatefulConnection<?, ?> connection;
        try {
            client = store.unwrap(AbstractRedisClient.class);
            connection = store.unwrap(StatefulConnection.class);
        } catch (KvException e) {
            return List.of();
        }
        List<Meter> meters = new ArrayList<>();
        Map<String, Timer> timers = new HashMap<>();
        for (String command : COMMANDS) {
            timers.put(command, commandTimer(command, registry, tags));
        }
        Timer other = commandTimer(OTHER, registry, tags);
        meters.addAll(timers.values());
        meters.add(other);
        Latencies latencies = new Latencies(Map.copyOf(timers), other, connection);
        Object target = client.getResources().commandLatencyRecorder();
        if (target instanceof Consumer) {
            @SuppressWarnings("unchecked")
            Consumer<CommandLatencyRecorder> attach = (Consumer<CommandLatencyRecorder>) target;
            attach.accept(latencies);
        } else {
            LOG.log(Level.DEBUG, () -> "kv-micrometer: the Lettuce client of store '" + store.name()
                    + "' takes no further latency recorder; " + KvMetrics.REDIS_COMMAND_DURATION + " stays empty");
        }
        // Strong: this gauge is what keeps the attached recorder (and through it the timers) alive.
        meters.add(Gauge.builder(KvMetrics.REDIS_CONNECTION_OPEN, latencies, Latencies::open)
                .strongReference(true)
                .description("1 while the store's data connection to the server is open, 0 while it is down"
                        + " (Lettuce reconnects by itself)")
                .tags(tags)
                .register(registry));
        return meters;
    }

    private static Timer commandTimer(String command, MeterRegistry registry, Tags tags) {
        return Timer.builder(KvMetrics.REDIS_COMMAND_DURATION)
                .description("Time from sending a Redis command to its completion, measured by Lettuce, for"
                        + " every command of the store's client (shared by the stores opened with the same"
                        + " server, credentials, timeout and queue)")
                .tags(tags)
                .tag("command", command)
                .register(registry);
    }

    /** The recorder attached to the client: each latency to its command's timer. Runs on Lettuce's I/O threads. */
    private static final class Latencies implements CommandLatencyRecorder {
        private final Map<String, Timer> timers;
        private final Timer other;
        private final StatefulConnection<?, ?> connection;

        Latencies(Map<String, Timer> timers, Timer other, StatefulConnection<?, ?> connection) {
            this.timers = timers;
            this.other = other;
            this.connection = connection;
        }

        @Override
        public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
                                         long firstResponseLatency, long completionLatency) {
            timers.getOrDefault(commandType.name(), other).record(completionLatency, TimeUnit.NANOSECONDS);
        }

        double open() {
            return connection.isOpen() ? 1 : 0;
        }
    }
}
