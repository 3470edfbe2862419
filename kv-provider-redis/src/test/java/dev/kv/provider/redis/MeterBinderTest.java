package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.micrometer.KvMetrics;
import io.lettuce.core.AbstractRedisClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kv-micrometer's meters for redis stores, on a real server: Lettuce's timing of each command kv sends, by
 * command, and the data connection's state through a server kill and restart; removed with the store, and the
 * recorder behind them let go.
 */
class MeterBinderTest {

    private static KvStore open(RedisServer server, String name) {
        return new RedisKvProvider().open(name, KvConfig.builder().set("kv.redis.uri", server.uri())
                .set("kv.redis.timeout", "2s").build());
    }

    private static double commands(SimpleMeterRegistry registry, String... commands) {
        double n = 0;
        for (String c : commands) {
            n += registry.get(KvMetrics.REDIS_COMMAND_DURATION).tag("command", c).tag("store", "metered").timer().count();
        }
        return n;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + EventLog.PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            RedisServer.sleep(20);
        }
    }

    @Test
    void commandsAreTimedByNameAndTheConnectionGaugeFollowsTheServer(@TempDir Path dir) {
        RedisServer server = RedisServer.start(dir);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvStore store = KvMetrics.monitor(registry, open(server, "metered"))) {
            store.set("k", Payload.ofUtf8("v"));
            store.set("k", Payload.ofUtf8("w"));
            assertEquals("w", store.get("k").toUtf8());
            store.delete("k");
            // The first script run may be EVALSHA refused with NOSCRIPT, then EVAL: each is a command.
            assertTrue(commands(registry, "EVALSHA", "EVAL") >= 3, registry.getMetersAsString());
            assertTrue(commands(registry, "HGET") >= 1, registry.getMetersAsString());
            Timer hget = registry.get(KvMetrics.REDIS_COMMAND_DURATION).tag("command", "HGET").timer();
            assertTrue(hget.totalTime(TimeUnit.NANOSECONDS) > 0, registry.getMetersAsString());
            assertTrue(registry.find(KvMetrics.REDIS_COMMAND_DURATION).tag("command", "other").timer() != null);

            Gauge open = registry.get(KvMetrics.REDIS_CONNECTION_OPEN).tag("store", "metered").gauge();
            assertEquals(1.0, open.value());
            server.kill();
            await("the gauge never showed the connection down", () -> open.value() == 0.0);
            server.launch();
            await("the gauge never showed the connection back", () -> open.value() == 1.0);
            store.set("k", Payload.ofUtf8("after"));
            assertEquals("after", store.get("k").toUtf8());
        } finally {
            server.stop();
        }
        assertEquals(null, registry.find(KvMetrics.REDIS_COMMAND_DURATION).timer(), registry.getMetersAsString());
        assertEquals(null, registry.find(KvMetrics.REDIS_CONNECTION_OPEN).gauge(), registry.getMetersAsString());
    }

    @Test
    void theRecorderIsLetGoWithTheMetersWhileTheClientLivesOn(@TempDir Path dir) {
        RedisServer server = RedisServer.start(dir);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvStore plain = open(server, "plain")) {
            CommandLatencies latencies = (CommandLatencies) plain.unwrap(AbstractRedisClient.class).getResources()
                    .commandLatencyRecorder();
            try (KvStore metered = KvMetrics.monitor(registry, open(server, "metered"))) {
                metered.set("k", Payload.ofUtf8("v"));
                assertEquals(1, latencies.attachedCount());
            }
            assertEquals(null, registry.find(KvMetrics.REDIS_COMMAND_DURATION).timer(), registry.getMetersAsString());
            await("the recorder of a closed store's meters was never collected", () -> {
                System.gc();
                plain.set("k", Payload.ofUtf8("w"));
                return latencies.attachedCount() == 0;
            });
            // The client is shared and still works for the store that stays.
            assertEquals("w", plain.get("k").toUtf8());
        } finally {
            server.stop();
        }
    }
}
