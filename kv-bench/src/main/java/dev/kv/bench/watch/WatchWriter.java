package dev.kv.bench.watch;

import dev.kv.api.Kv;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.bench.ChronicleBench;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link WatchBench}'s cross-process scenario: opens the parent's chronicle store and sets the
 * watched key at a steady rate, each payload stamped with {@link System#nanoTime()}. Prints the measurement
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
     * Writes to the store.
     *
     * @param args data directory, warm-up seconds, measured seconds, writes per second
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        double warmup = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int rate = Integer.parseInt(args[3]);
        try (KvStore store = Kv.builder().provider("chronicle").config(ChronicleBench.config(dir, 16))
                .open("bench-watch")) {
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
