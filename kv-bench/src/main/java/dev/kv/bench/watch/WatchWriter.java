package dev.kv.bench.watch;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.bench.ChronicleBench;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link WatchBench}'s cross-process scenario: opens the parent's store (chronicle: the same
 * directory; redis: the same server) and sets the watched key at a steady rate, each payload stamped with {@link System#nanoTime()}. Prints the measurement
 * window (after its own warm-up) and, at the end, how many writes it made inside it.
 */
public final class WatchWriter {

    /** Line prefix announcing the window: two {@code nanoTime} values, from and to. */
    static final String WINDOW = "WINDOW ";
    /** Line prefix announcing the end, followed by the number of writes inside the window. */
    static final String DONE = "DONE ";

    private WatchWriter() {
    }

    /**
     * Opens the watched store of a provider.
     *
     * @param provider {@code memory}, {@code chronicle} or {@code redis}
     * @param where    the data directory (chronicle) or the server's URI (redis); ignored for memory
     * @return the store {@code bench-watch}
     */
    static KvStore open(String provider, String where) {
        switch (provider) {
            case "chronicle":
                return Kv.builder().provider("chronicle").config(ChronicleBench.config(Path.of(where), 16))
                        .open("bench-watch");
            case "redis":
                return Kv.builder().provider("redis").set("kv.metrics.enabled", "false").set("kv.redis.uri", where)
                        .set("kv.redis.namespace", "bench-watch").open("bench-watch");
            default:
                return Kv.builder().provider(provider)
                        .config(KvConfig.builder().set("kv.metrics.enabled", "false").build()).open("bench-watch");
        }
    }

    /**
     * Writes to the store.
     *
     * @param args provider, data directory or server URI, warm-up seconds, measured seconds, writes per second
     */
    public static void main(String[] args) {
        String provider = args[0];
        String where = args[1];
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int rate = Integer.parseInt(args[4]);
        try (KvStore store = open(provider, where)) {
            long start = System.nanoTime();
            long from = start + (long) (warmup * 1e9);
            long to = from + (long) (seconds * 1e9);
            System.out.println(WINDOW + from + " " + to);
            System.out.flush();
            long interval = 1_000_000_000L / rate;
            ByteBuffer buf = ByteBuffer.allocate(16);
            long counted = 0;
            long next = System.nanoTime();
            for (long seq = 0; ; seq++) {
                long now = System.nanoTime();
                if (now >= to) {
                    break;
                }
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    now = System.nanoTime();
                }
                next += interval;
                buf.putLong(0, now).putLong(8, seq);
                store.set("watched", Payload.copyOf(buf.array()));
                if (now >= from) {
                    counted++;
                }
            }
            System.out.println(DONE + counted);
        }
    }
}
