package dev.kv.provider.chronicle;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The program child JVMs run (no JUnit on purpose: the analytics check needs a JVM without it).
 *
 * <pre>
 * crash-writer DIR NAME CYCLE   writes the deterministic sequence of {@link #op}, printing "ACK n" after each
 * hold DIR NAME                 opens the store, prints READY, closes it when a line arrives on stdin
 * put DIR NAME K V [K V]...     sets the pairs, printing "DONE" after each one
 * get DIR NAME KEY             prints "VALUE v" or "MISSING"
 * open DIR NAME                 opens the store, sets and reads a key, prints OK or the error's reason and text
 * lock-meta DIR NAME            opens the store, holds the lock of the segment of its settings entry in another
 *                               thread, prints "LOCKED pid" and waits to be killed
 * stuck-ops DIR NAME            sets key k, holds the lock of its segment in another thread, then tries get, set
 *                               and delete of k, printing "op reason message" for each (run it with a short
 *                               net.openhft.chronicle.map.lockTimeoutSeconds)
 * </pre>
 */
public final class ChildMain {

    private ChildMain() {
    }

    /** Keys the crash writer uses: with its large values, enough for segments to spill into extra tiers. */
    static final int CRASH_KEYS = 1_000;

    /** One operation of the crash writer's sequence: key, and value or null for a delete. */
    static final class Op {
        final String key;
        final String value;

        Op(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    /**
     * The n-th operation of cycle {@code cycle}: deterministic, so the parent knows what an unacknowledged write
     * was. A fifth are deletes; of the sets a quarter carry 16 B to 128 KiB, the rest up to about 300 B.
     */
    static Op op(int cycle, int n) {
        Random r = new Random(cycle * 1_000_003L + n);
        String key = "k" + r.nextInt(CRASH_KEYS);
        if (r.nextInt(5) == 0) {
            return new Op(key, null);
        }
        int pad = r.nextInt(4) == 0 ? r.nextInt(128 * 1024) : r.nextInt(256);
        return new Op(key, "c" + cycle + "-" + n + "-" + "x".repeat(pad));
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        KvConfig config = KvConfig.builder().set("kv.chronicle.dataDir", args[1]).build();
        ChronicleKvProvider provider = new ChronicleKvProvider();
        switch (args[0]) {
            case "crash-writer": {
                int cycle = Integer.parseInt(args[3]);
                try (KvStore store = provider.open(args[2], config)) {
                    out.println("OPEN");
                    for (int n = 0; ; n++) {
                        Op op = op(cycle, n);
                        if (op.value == null) {
                            store.delete(op.key);
                        } else {
                            store.set(op.key, Payload.ofUtf8(op.value));
                        }
                        out.println("ACK " + n);
                    }
                }
            }
            case "hold": {
                try (KvStore store = provider.open(args[2], config)) {
                    out.println("READY " + ProcessHandle.current().pid() + " " + store.rd());
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                }
                out.println("CLOSED");
                break;
            }
            case "put": {
                try (KvStore store = provider.open(args[2], config)) {
                    for (int i = 3; i + 1 < args.length; i += 2) {
                        store.set(args[i], Payload.ofUtf8(args[i + 1]));
                        out.println("DONE " + args[i]);
                    }
                }
                break;
            }
            case "get": {
                try (KvStore store = provider.open(args[2], config)) {
                    out.println(store.find(args[3]).map(v -> "VALUE " + v.toUtf8()).orElse("MISSING"));
                }
                break;
            }
            case "open": {
                try (KvStore store = provider.open(args[2], config)) {
                    store.set("probe", Payload.ofUtf8("value"));
                    out.println(store.get("probe").toUtf8().equals("value") ? "OK" : "WRONG");
                } catch (KvException e) {
                    out.println("ERROR " + e.reason() + " " + e.getMessage());
                }
                break;
            }
            case "lock-meta": {
                KvStore store = provider.open(args[2], config);
                @SuppressWarnings("unchecked")
                net.openhft.chronicle.map.ChronicleMap<byte[], byte[]> map = store.unwrap(
                        net.openhft.chronicle.map.ChronicleMap.class);
                try (net.openhft.chronicle.map.ExternalMapQueryContext<byte[], byte[], ?> c =
                             map.queryContext(new byte[] {Backing.META, 'S'})) {
                    c.writeLock().lock();
                    out.println("LOCKED " + ProcessHandle.current().pid());
                    Thread.sleep(Long.MAX_VALUE);
                }
                break;
            }
            case "stuck-ops": {
                try (KvStore store = provider.open(args[2], config)) {
                    store.set("k", Payload.ofUtf8("v"));
                    @SuppressWarnings("unchecked")
                    net.openhft.chronicle.map.ChronicleMap<byte[], byte[]> map = store.unwrap(
                            net.openhft.chronicle.map.ChronicleMap.class);
                    java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
                    Thread holder = new Thread(() -> {
                        try (net.openhft.chronicle.map.ExternalMapQueryContext<byte[], byte[], ?> c =
                                     map.queryContext(Backing.userKey("k"))) {
                            c.writeLock().lock();
                            locked.countDown();
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    holder.setDaemon(true);
                    holder.start();
                    locked.await();
                    for (String op : new String[] {"get", "set", "delete"}) {
                        try {
                            switch (op) {
                                case "get": store.find("k"); break;
                                case "set": store.set("k", Payload.ofUtf8("w")); break;
                                default: store.delete("k");
                            }
                            out.println(op + " SUCCEEDED");
                        } catch (KvException e) {
                            out.println(op + " " + e.reason() + " " + e.getMessage().replace('\n', ' '));
                        }
                    }
                    out.println("END");
                    Runtime.getRuntime().halt(0); // the held lock would stall close
                }
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
