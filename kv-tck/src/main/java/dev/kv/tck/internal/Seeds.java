package dev.kv.tck.internal;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one seed of a run of the kit: {@code -Dkv.tck.seed=<long>}, or a fresh one. Every generated input of every
 * check derives from it and from the check's title, so one seed replays a whole run and also one check run alone.
 * The seed is printed once per JVM when the first check starts, failing or not, and every failure message ends
 * with it.
 */
public final class Seeds {

    /** The system property that fixes the seed. */
    public static final String PROPERTY = "kv.tck.seed";

    private static final long BASE = Long.getLong(PROPERTY, new Random().nextLong() ^ System.nanoTime());
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private Seeds() {
    }

    /** @return the run's seed */
    public static long base() {
        return BASE;
    }

    /** @return how to replay this run, for messages: {@code -Dkv.tck.seed=...} */
    public static String replay() {
        return "-D" + PROPERTY + "=" + BASE;
    }

    /** Prints the seed on standard output and logs it, once per JVM. */
    public static void announce() {
        if (ANNOUNCED.compareAndSet(false, true)) {
            String line = "kv-tck: seed " + BASE + " (replay this run with " + replay() + ")";
            System.out.println(line);
            System.getLogger("dev.kv.tck").log(System.Logger.Level.INFO, line);
        }
    }

    /**
     * The random source of one check: the run's seed mixed with the check's title.
     *
     * @param title the check's title
     * @return a generator that gives the same sequence for the same seed and title
     */
    public static Random forCheck(String title) {
        long h = 1125899906842597L;
        for (byte b : title.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new Random(BASE ^ h * 0x9E3779B97F4A7C15L);
    }
}
