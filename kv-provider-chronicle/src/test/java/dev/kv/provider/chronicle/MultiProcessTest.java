package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC.md PROC-1..4 and PERSIST-3 with real child JVMs. */
class MultiProcessTest {

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    private ChildJvm.Result child(String... args) throws Exception {
        return ChildJvm.run(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class, args), dir);
    }

    @Test
    void processesOpeningTheSameNameShareTheStore() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore store = provider.open("shared", config)) {
            store.set("fromParent", Payload.ofUtf8("p"));
            ChildJvm.Result put = child("put", dir.toString(), "shared", "fromChild", "c");
            assertEquals(0, put.exitCode, put::toString);
            assertEquals("c", store.get("fromChild").toUtf8());
            ChildJvm.Result get = child("get", dir.toString(), "shared", "fromParent");
            assertEquals("VALUE p", get.out.trim(), get::toString);
            store.delete("fromParent");
            ChildJvm.Result gone = child("get", dir.toString(), "shared", "fromParent");
            assertEquals("MISSING", gone.out.trim(), gone::toString);
        }
    }

    @Test
    void concurrentWritersInSeveralProcessesLeaveOnlyValuesOneOfThemWrote() throws Exception {
        List<String> a = new ArrayList<>(List.of("put", dir.toString(), "race"));
        List<String> b = new ArrayList<>(List.of("put", dir.toString(), "race"));
        for (int i = 0; i < 300; i++) {
            a.add("k" + (i % 30));
            a.add("a" + i);
            b.add("k" + (i % 30));
            b.add("b" + i);
        }
        Process pa = new ProcessBuilder(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class,
                a.toArray(String[]::new))).redirectErrorStream(true).redirectOutput(dir.resolve("a.out").toFile())
                .start();
        Process pb = new ProcessBuilder(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class,
                b.toArray(String[]::new))).redirectErrorStream(true).redirectOutput(dir.resolve("b.out").toFile())
                .start();
        assertTrue(pa.waitFor(2, TimeUnit.MINUTES) && pb.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, pa.exitValue(), () -> read(dir.resolve("a.out")));
        assertEquals(0, pb.exitValue(), () -> read(dir.resolve("b.out")));
        try (KvStore store = provider.open("race", ChronicleProviderTest.config(dir))) {
            for (int k = 0; k < 30; k++) {
                String v = store.get("k" + k).toUtf8();
                int i = Integer.parseInt(v.substring(1));
                assertTrue((v.startsWith("a") || v.startsWith("b")) && i % 30 == k && i >= 270, v);
            }
        }
    }

    @Test
    void aWatcherReceivesWritesFromAnotherProcessInOrderEndingWithTheLastValue() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore store = provider.open("watched", config)) {
            store.set("w", Payload.ofUtf8("before"));
            Collector events = new Collector();
            store.events(store.watch("w")).subscribe(events);
            List<String> args = new ArrayList<>(List.of("put", dir.toString(), "watched"));
            int writes = 200;
            for (int i = 1; i <= writes; i++) {
                args.add("w");
                args.add(Integer.toString(i));
                args.add("other");
                args.add("o" + i);
            }
            ChildJvm.Result r = child(args.toArray(String[]::new));
            assertEquals(0, r.exitCode, r::toString);
            List<KvEvent> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                KvEvent e = events.queue.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    received.add(e);
                    if (e.payload() != null && e.payload().toUtf8().equals(Integer.toString(writes))) {
                        break;
                    }
                }
            }
            assertTrue(!received.isEmpty(), "no event arrived for another process's writes");
            KvEvent last = received.get(received.size() - 1);
            assertEquals(KvEvent.Kind.SET, last.kind());
            assertEquals(Integer.toString(writes), last.payload().toUtf8(), "the last value written must arrive");
            int previous = 0;
            long previousSeq = 0;
            for (KvEvent e : received) {
                assertEquals("w", e.key());
                int v = Integer.parseInt(e.payload().toUtf8());
                assertTrue(v > previous, "value " + v + " arrived after " + previous + ": " + received);
                assertTrue(e.sequence() > previousSeq);
                previous = v;
                previousSeq = e.sequence();
            }
            assertEquals(store.get("w"), last.payload());
            assertEquals(null, events.queue.poll(300, TimeUnit.MILLISECONDS), "an event after the last write");
        }
    }

    @Test
    void aWatcherSeesADeleteMadeByAnotherProcess() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore store = provider.open("deletes", config)) {
            Collector events = new Collector();
            store.events(store.watch("d")).subscribe(events);
            store.set("d", Payload.ofUtf8("local"));
            KvEvent local = events.queue.poll(30, TimeUnit.SECONDS);
            assertNotNull(local);
            assertEquals("local", local.payload().toUtf8());
            ChildJvm.Result r = ChildJvm.run(ChildJvm.command(ChildJvm.standardOptions(), false, DeleteMain.class,
                    dir.toString(), "deletes", "d"), dir);
            assertEquals(0, r.exitCode, r::toString);
            KvEvent removed = events.queue.poll(30, TimeUnit.SECONDS);
            assertNotNull(removed, "the other process's delete never arrived");
            assertEquals(KvEvent.Kind.DELETE, removed.kind());
            assertTrue(store.find("d").isEmpty());
        }
    }

    @Test
    void recoveryWhileAnotherProcessHoldsTheStoreFailsFastThenSucceedsOnceItIsClosed() throws Exception {
        KvConfig config = ChronicleProviderTest.config(dir);
        try (KvStore store = provider.open("busy", config)) {
            store.set("kept", Payload.ofUtf8("yes"));
        }
        Process holder = new ProcessBuilder(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class,
                "hold", dir.toString(), "busy")).redirectError(dir.resolve("holder.err").toFile()).start();
        BufferedReader holderOut = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        String ready = holderOut.readLine();
        assertNotNull(ready, () -> read(dir.resolve("holder.err")));
        assertTrue(ready.startsWith("READY "), ready);
        long holderPid = holder.pid();

        Path out = dir.resolve("writer.out");
        Process writer = new ProcessBuilder(ChildJvm.command(ChildJvm.standardOptions(), false, ChildMain.class,
                "crash-writer", dir.toString(), "busy", "7")).redirectOutput(out.toFile())
                .redirectError(dir.resolve("writer.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!read(out).contains("ACK 100") && writer.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(writer.isAlive(), () -> read(dir.resolve("writer.err")));
        long writerPid = writer.pid();
        writer.destroyForcibly();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));

        KvException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(KvException.class, () -> provider.open("busy", config)));
        assertEquals(KvException.Reason.STORAGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("needs recovery"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(writerPid)), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(holderPid)), e.getMessage());

        try (OutputStream in = holder.getOutputStream()) {
            in.write('\n');
        }
        assertEquals("CLOSED", holderOut.readLine());
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        try (KvStore store = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> provider.open("busy", config))) {
            assertEquals("yes", store.get("kept").toUtf8());
            store.set("after", Payload.ofUtf8("recovered"));
            assertEquals("recovered", store.get("after").toUtf8());
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Collects events with unbounded demand. */
    static final class Collector implements Flow.Subscriber<KvEvent> {
        final BlockingQueue<KvEvent> queue = new LinkedBlockingQueue<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(KvEvent item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
        }
    }

    /** Deletes one key in another process. */
    public static final class DeleteMain {
        public static void main(String[] args) {
            try (KvStore store = new ChronicleKvProvider().open(args[1],
                    KvConfig.builder().set("kv.chronicle.dataDir", args[0]).build())) {
                store.delete(args[2]);
            }
        }
    }
}
