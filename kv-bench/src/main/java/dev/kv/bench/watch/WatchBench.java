package dev.kv.bench.watch;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import dev.kv.bench.RedisServerProcess;
import dev.kv.bench.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watch delivery: how many events per second reach the subscribers of one key while a writer sets it, and how
 * long after the {@code set} began each event arrives (p50, p99, max). Not a JMH benchmark, because the
 * quantities are measured on the subscribers' threads, not on the benchmark thread.
 *
 * <p>Every written payload carries {@link System#nanoTime()} taken just before {@code set}; a subscriber subtracts
 * it from its own {@code nanoTime()} on arrival. Across processes (a child JVM writer) this is valid because
 * HotSpot's {@code nanoTime} on Linux is {@code CLOCK_MONOTONIC}, one clock for the whole machine.
 *
 * <p>Scenarios, each with 1 and 16 subscribers on the same key:
 * <ul>
 *   <li>{@code paced}: the writer sets the key {@code --rate} times per second (parking between writes); the
 *       latency columns are meaningful here;</li>
 *   <li>{@code flood}: the writer sets the key as fast as it can; the delivered rate is the most the subscribers
 *       keep up with, and a subscriber that falls {@code kv.watch.bufferSize} events behind gets
 *       {@code WATCH_OVERFLOW} (counted, then it resubscribes). Latency here is queueing delay, shown for
 *       completeness;</li>
 *   <li>{@code cross-process} (chronicle and redis): a child JVM is the paced writer; this process only watches.
 *       The chronicle provider polls for other processes' writes every {@code kv.chronicle.watchPollInterval}
 *       (10 ms) and coalesces intermediate values of a key, so fewer events than writes arrive, each the key's
 *       latest; the redis provider receives each write's announcement from the server (sharded pub/sub).</li>
 * </ul>
 *
 * <p>Options: {@code --providers memory,chronicle} (add {@code redis} for the redis provider), {@code --redis-uri}
 * (default: a {@code redis-server} started for the run), {@code --subscribers 1,16}, {@code --warmup 2} and
 * {@code --seconds 5} (per scenario), {@code --rate 5000}, {@code --csv file}.
 */
public final class WatchBench {

    private static final String KEY = "watched";

    private WatchBench() {
    }

    /**
     * Runs the scenarios and prints a Markdown table.
     *
     * @param args options, see the class description
     * @throws Exception if a store cannot be opened or the child JVM fails
     */
    public static void main(String[] args) throws Exception {
        List<String> providers = List.of("memory", "chronicle");
        int[] subscriberCounts = {1, 16};
        double warmup = 2;
        double seconds = 5;
        int rate = 5000;
        Path csv = null;
        String redisUri = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--providers": providers = List.of(args[++i].split(",")); break;
                case "--redis-uri": redisUri = args[++i]; break;
                case "--subscribers":
                    subscriberCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                    break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--rate": rate = Integer.parseInt(args[++i]); break;
                case "--csv": csv = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --providers, --redis-uri, --subscribers, --warmup, --seconds, --rate, --csv)");
            }
        }
        RedisServerProcess server = null;
        if (providers.contains("redis") && redisUri == null) {
            server = RedisServerProcess.start();
            redisUri = server.uri();
        }
        try {
            run(providers, subscriberCounts, warmup, seconds, rate, csv, redisUri);
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static void run(List<String> providers, int[] subscriberCounts, double warmup, double seconds, int rate,
                            Path csv, String redisUri) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        System.out.println(Result.HEADER);
        System.out.println(Result.RULE);
        for (String provider : providers) {
            for (int subscribers : subscriberCounts) {
                for (String scenario : List.of("paced", "flood")) {
                    Result r = runInProcess(provider, redisUri, scenario, subscribers, warmup, seconds, rate);
                    results.add(r);
                    System.out.println(r.row());
                }
                if (provider.equals("chronicle") || provider.equals("redis")) {
                    Result r = runCrossProcess(provider, redisUri, subscribers, warmup, seconds, rate);
                    results.add(r);
                    System.out.println(r.row());
                }
            }
        }
        if (csv != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
                out.println(Result.CSV_HEADER);
                results.forEach(r -> out.println(r.csv()));
            }
        }
    }

    /** Where the provider's store is: the directory for chronicle, the server for redis. */
    private static String where(String provider, Path dir, String redisUri) {
        return provider.equals("redis") ? redisUri : dir.toString();
    }

    private static Result runInProcess(String provider, String redisUri, String scenario, int subscribers,
                                       double warmup, double seconds, int rate) {
        Path dir = TempDirs.create("kv-bench-watch");
        try (KvStore store = WatchWriter.open(provider, where(provider, dir, redisUri))) {
            Observable o = store.watch(KEY);
            int capacity = (int) Math.min(2_000_000, (long) (seconds * rate * 2) + 1000);
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                Probe p = new Probe(store, o, scenario.equals("flood") ? 100_000 : capacity);
                probes.add(p);
                p.subscribe();
            }
            long start = System.nanoTime();
            long from = start + (long) (warmup * 1e9);
            long to = from + (long) (seconds * 1e9);
            probes.forEach(p -> p.window(from, to));
            long interval = scenario.equals("flood") ? 0 : 1_000_000_000L / rate;
            long writes = write(store, from, to, interval);
            settle(probes);
            return Result.of(provider, scenario, subscribers, writes, seconds, probes);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** Writes until {@code to}; returns how many writes began inside the window {@code [from, to)}. */
    private static long write(KvStore store, long from, long to, long interval) {
        ByteBuffer buf = ByteBuffer.allocate(16);
        long counted = 0;
        long next = System.nanoTime();
        for (long seq = 0; ; seq++) {
            long now = System.nanoTime();
            if (now >= to) {
                return counted;
            }
            if (interval > 0) {
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    now = System.nanoTime();
                }
                next += interval;
            }
            buf.putLong(0, now).putLong(8, seq);
            store.set(KEY, Payload.copyOf(buf.array()));
            if (now >= from) {
                counted++;
            }
        }
    }

    private static void settle(List<Probe> probes) {
        // Let buffered events drain, then stop counting.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long total = probes.stream().mapToLong(p -> p.delivered).sum();
            if (total == last) {
                break;
            }
            last = total;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        probes.forEach(Probe::cancel);
    }

    private static Result runCrossProcess(String provider, String redisUri, int subscribers, double warmup,
                                          double seconds, int rate) throws IOException, InterruptedException {
        Path dir = TempDirs.create("kv-bench-watch-xp");
        String where = where(provider, dir, redisUri);
        try (KvStore store = WatchWriter.open(provider, where)) {
            Observable o = store.watch(KEY);
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                Probe p = new Probe(store, o, (int) (seconds * rate * 2) + 1000);
                probes.add(p);
                p.subscribe();
            }
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(WatchWriter.class.getName());
            command.add(provider);
            command.add(where);
            command.add(Double.toString(warmup));
            command.add(Double.toString(seconds));
            command.add(Integer.toString(rate));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            long writes = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(WatchWriter.WINDOW)) {
                        String[] w = line.substring(WatchWriter.WINDOW.length()).trim().split(" ");
                        long from = Long.parseLong(w[0]);
                        long to = Long.parseLong(w[1]);
                        probes.forEach(p -> p.window(from, to));
                    } else if (line.startsWith(WatchWriter.DONE)) {
                        writes = Long.parseLong(line.substring(WatchWriter.DONE.length()).trim());
                    } else if (!line.isBlank()) {
                        System.err.println("[writer] " + line);
                    }
                }
            }
            if (child.waitFor() != 0 || writes < 0) {
                throw new IllegalStateException("the writer JVM failed (exit " + child.exitValue() + ")");
            }
            settle(probes);
            return Result.of(provider, "cross-process", subscribers, writes, seconds, probes);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** One subscriber: counts events and records latencies inside the measurement window. */
    private static final class Probe implements Flow.Subscriber<KvEvent> {
        private final KvStore store;
        private final Observable observable;
        private final long[] samples;
        private volatile long from = Long.MAX_VALUE;
        private volatile long to = Long.MAX_VALUE;
        private volatile long delivered;
        private volatile int recorded;
        private volatile long overflows;
        private volatile boolean stopped;
        private volatile Flow.Subscription subscription;

        Probe(KvStore store, Observable observable, int capacity) {
            this.store = store;
            this.observable = observable;
            this.samples = new long[capacity];
        }

        void window(long from, long to) {
            this.from = from;
            this.to = to;
        }

        void subscribe() {
            store.events(observable).subscribe(this);
        }

        void cancel() {
            stopped = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(KvEvent event) {
            long now = System.nanoTime();
            Payload p = event.payload();
            if (p == null || p.size() < 8) {
                return;
            }
            long stamp = p.asByteBuffer().getLong(0);
            if (stamp >= from && stamp < to) {
                // Signals to one subscriber are serial, so these plain increments of volatiles do not race.
                int n = recorded;
                if (n < samples.length) {
                    samples[n] = now - stamp;
                    recorded = n + 1;
                }
                delivered = delivered + 1;
            }
        }

        @Override
        public void onError(Throwable t) {
            if (t instanceof KvException && ((KvException) t).reason() == KvException.Reason.WATCH_OVERFLOW) {
                overflows = overflows + 1;
                if (!stopped) {
                    subscribe();
                }
            } else if (!stopped) {
                System.err.println("watcher failed: " + t);
            }
        }

        @Override
        public void onComplete() {
        }

        long[] latencies() {
            return Arrays.copyOf(samples, recorded);
        }
    }

    /** One scenario's outcome. */
    private static final class Result {
        static final String HEADER = "| provider | scenario | subscribers | writes/s | events delivered/s (all"
                + " subscribers) | per subscriber/s | latency p50 (µs) | p99 (µs) | max (µs) | overflows |";
        static final String RULE = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";
        static final String CSV_HEADER = "provider,scenario,subscribers,writesPerSecond,eventsPerSecond,"
                + "eventsPerSecondPerSubscriber,p50Micros,p99Micros,maxMicros,overflows";

        String provider;
        String scenario;
        int subscribers;
        double writesPerSecond;
        double eventsPerSecond;
        double p50;
        double p99;
        double max;
        long overflows;

        static Result of(String provider, String scenario, int subscribers, long writes, double seconds,
                         List<Probe> probes) {
            Result r = new Result();
            r.provider = provider;
            r.scenario = scenario;
            r.subscribers = subscribers;
            r.writesPerSecond = writes / seconds;
            r.eventsPerSecond = probes.stream().mapToLong(p -> p.delivered).sum() / seconds;
            r.overflows = probes.stream().mapToLong(p -> p.overflows).sum();
            long[] all = probes.stream().map(Probe::latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            r.p50 = percentile(all, 0.50);
            r.p99 = percentile(all, 0.99);
            r.max = all.length == 0 ? Double.NaN : all[all.length - 1] / 1e3;
            return r;
        }

        private static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e3;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f | %,.0f | %,.1f | %,.1f | %,.1f | %d |",
                    provider, scenario, subscribers, writesPerSecond, eventsPerSecond, eventsPerSecond / subscribers,
                    p50, p99, max, overflows);
        }

        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%d", provider, scenario,
                    subscribers, writesPerSecond, eventsPerSecond, eventsPerSecond / subscribers, p50, p99, max,
                    overflows);
        }
    }
}
