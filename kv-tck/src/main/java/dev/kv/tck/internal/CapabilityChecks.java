package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** CAP clauses, and EXPIRY and EVICT for providers that declare them. */
final class CapabilityChecks {

    private CapabilityChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("CAP-1", "capabilities() is non-null and stable", CapabilityChecks::declared),
                Check.of("CAP-3", "unwrap to an unknown type fails with UNSUPPORTED naming operation and provider",
                        CapabilityChecks::unwrap),
                Check.unless(Capability.EXPIRY, "CAP-2", "without EXPIRY values stay until deleted",
                        CapabilityChecks::noExpiry),
                Check.unless(Capability.EVICTION, "CAP-2", "without EVICTION writing 24 MiB evicts nothing",
                        CapabilityChecks::noEviction),
                Check.when(Capability.EXPIRY, "EXPIRY-1, EXPIRY-2", "values expire; watchers see EXPIRE in order",
                        CapabilityChecks::expiry),
                Check.when(Capability.EVICTION, "EVICT-1, EVICT-2", "values are evicted to respect the bound;"
                        + " watchers see EVICT in order", CapabilityChecks::eviction),
                Check.when(Capability.EVICTION, "EVICT-3", "a value larger than the whole bound is refused and the"
                        + " previous value stays", CapabilityChecks::largerThanTheBound));
    }

    private static void declared(TckContext ctx) {
        Set<Capability> first = ctx.provider().capabilities();
        assertTrue(first != null, "[CAP-1] capabilities() returned null");
        for (int i = 0; i < 3; i++) {
            assertEquals(first, ctx.provider().capabilities(), "[CAP-1] capabilities() changed between calls");
        }
        if (first.contains(Capability.CROSS_PROCESS_WATCH) && !first.contains(Capability.MULTI_PROCESS)) {
            fail("[CAP-1] provider '" + ctx.id() + "' declares CROSS_PROCESS_WATCH without MULTI_PROCESS");
        }
    }

    private static void unwrap(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("unwrap"));
        KvException e = fails("CAP-3", Reason.UNSUPPORTED, "unwrap(" + Probe.class.getName() + ")",
                () -> s.unwrap(Probe.class));
        assertTrue(e.getMessage().contains("unwrap") && e.getMessage().contains(ctx.id()), () -> "[CAP-3] the"
                + " UNSUPPORTED description does not name the operation (unwrap) and the provider '" + ctx.id() + "': "
                + e.getMessage());
        assertTrue(s.unwrap(KvStore.class) != null, "[CAP-3] unwrap(KvStore.class) of a store returned null");
    }

    private static void noExpiry(TckContext ctx) throws InterruptedException {
        KvStore s = ctx.open(ctx.name("noexpiry"));
        for (int i = 0; i < 500; i++) {
            s.set("k" + i, utf8("v" + i));
        }
        // a value that would expire under any plausible default lifetime has had time to: waiting, not timing
        Thread.sleep(1500);
        for (int i = 0; i < 500; i++) {
            if (s.find("k" + i).isEmpty()) {
                fail("[CAP-2] provider '" + ctx.id() + "' does not declare EXPIRY, but key 'k" + i + "' lost its value"
                        + " without being deleted");
            }
        }
    }

    private static void noEviction(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("noevict"));
        byte[] mib = new byte[1 << 20];
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            mib[0] = (byte) i;
            try {
                s.set("big" + i, mib);
                stored.add("big" + i);
            } catch (KvException e) {
                if (e.reason() != Reason.CAPACITY_EXCEEDED) {
                    throw e;
                }
                break; // a full store may refuse; it must not drop what it accepted
            }
        }
        for (String k : stored) {
            if (s.find(k).isEmpty()) {
                fail("[CAP-2] provider '" + ctx.id() + "' does not declare EVICTION, but key " + Text.quote(k)
                        + " lost its value after " + stored.size() + " MiB were written");
            }
        }
        for (String k : stored) {
            s.delete(k);
        }
    }

    private static void expiry(TckContext ctx) throws InterruptedException {
        Duration ttl = Duration.ofMillis(500);
        KvStore s = ctx.open(ctx.name("expiry"), ctx.expiring(ttl));
        Probe p = Probe.subscribe(s, "k", Long.MAX_VALUE);
        s.set("k", utf8("short-lived"));
        long end = System.nanoTime() + TckContext.deadline().toNanos();
        while (s.find("k").isPresent()) {
            if (System.nanoTime() > end) {
                fail("[EXPIRY-1] key 'k' set with values expiring after " + ttl + " was still returned after "
                        + TckContext.deadline().toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        fails("EXPIRY-1", Reason.NOT_FOUND, "get('k') after expiry", () -> s.get("k"));
        List<KvEvent> ev = p.awaitEvents(l -> l.stream().anyMatch(e -> e.kind() == KvEvent.Kind.EXPIRE), "EXPIRY-2",
                "an EXPIRE event");
        assertEquals(KvEvent.Kind.SET, ev.get(0).kind(), () -> "[EXPIRY-2] events: " + Probe.summary(ev));
        KvEvent expire = ev.get(1);
        assertEquals(KvEvent.Kind.EXPIRE, expire.kind(), () -> "[EXPIRY-2] the event after SET: " + Probe.summary(ev));
        assertEquals(null, expire.payload(), "[EXPIRY-2] an EXPIRE event carries a payload");
        WatchChecks.checkSequences(ev);
        // then with nothing using the store after the write: the EXPIRE event must not wait for an operation
        Probe idle = Probe.subscribe(s, "idle", Long.MAX_VALUE);
        s.set("idle", utf8("short-lived"));
        List<KvEvent> idleEvents = idle.awaitEvents(l -> l.stream().anyMatch(e -> e.kind() == KvEvent.Kind.EXPIRE),
                "EXPIRY-2", "an EXPIRE event for key 'idle' while nothing used the store after setting it");
        assertEquals(List.of(KvEvent.Kind.SET, KvEvent.Kind.EXPIRE), idleEvents.stream().map(KvEvent::kind).toList(),
                () -> "[EXPIRY-2] events of key 'idle': " + Probe.summary(idleEvents));
    }

    private static void largerThanTheBound(TckContext ctx) {
        long bound = 64 << 10;
        KvStore s = ctx.open(ctx.name("evict3"), ctx.bounded(bound));
        // a watched key too: providers often write watched keys down a path of their own
        Probe watcher = Probe.subscribe(s, "w", Long.MAX_VALUE);
        for (String key : List.of("k", "w")) {
            s.set(key, utf8("before"));
            int size = (int) bound + 1;
            // within every store's payload limit (PAYLOAD-3: at least 1 MiB), so only the bound can refuse it
            KvException e = fails("EVICT-3", Reason.CAPACITY_EXCEEDED, "set('" + key + "', " + size + " bytes) in a"
                    + " store bounded to about " + bound + " bytes" + (key.equals("w") ? ", the key watched" : ""),
                    () -> s.set(key, Payload.copyOf(new byte[size])));
            assertTrue(e.getMessage().contains(key), () -> "[EVICT-3] the error does not name key '" + key + "': "
                    + e.getMessage());
            assertEquals("before", s.get(key).toUtf8(), "[EVICT-3] key '" + key + "' after a refused set of a value"
                    + " larger than the store's bound");
        }
        s.set("w", utf8("after"));
        List<KvEvent> events = watcher.awaitEvents(2, "EVICT-3");
        String first = events.get(0).kind() + " " + text(events.get(0)) + ", " + events.get(1).kind() + " "
                + text(events.get(1));
        assertEquals("SET before, SET after", first, () -> "[EVICT-3] the first events of key 'w', whose set of a"
                + " value larger than the bound was refused between two that succeeded: " + Probe.summary(events));
        watcher.assertNoViolations("EVICT-3");
    }

    private static void eviction(TckContext ctx) throws InterruptedException {
        long bound = 1 << 20;
        KvStore s = ctx.open(ctx.name("evict"), ctx.bounded(bound));
        int n = 64;
        int size = 64 << 10;
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            probes.add(Probe.subscribe(s, "e" + i, Long.MAX_VALUE));
        }
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[size];
            b[0] = (byte) i;
            s.set("e" + i, Payload.copyOf(b));
        }
        long end = System.nanoTime() + TckContext.deadline().toNanos();
        long present;
        while (true) {
            present = 0;
            for (int i = 0; i < n; i++) {
                present += s.find("e" + i).map(Payload::size).orElse(0);
            }
            if (present <= 2 * bound) {
                break;
            }
            if (System.nanoTime() > end) {
                fail("[EVICT-1] a store bounded to about " + bound + " bytes still held " + present + " bytes of values"
                        + " after " + TckContext.deadline().toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        int evicted = 0;
        for (int i = 0; i < n; i++) {
            String key = "e" + i;
            if (s.find(key).isPresent()) {
                continue;
            }
            evicted++;
            fails("EVICT-1", Reason.NOT_FOUND, "get of evicted key " + key, () -> s.get(key));
            List<KvEvent> ev = probes.get(i).awaitEvents(l -> l.stream().anyMatch(e -> e.kind() == KvEvent.Kind.EVICT),
                    "EVICT-2", "an EVICT event for evicted key " + key);
            assertEquals(KvEvent.Kind.SET, ev.get(0).kind(), "[EVICT-2] first event of " + key);
            assertEquals(KvEvent.Kind.EVICT, ev.get(1).kind(), "[EVICT-2] the event after SET of " + key);
            assertEquals(null, ev.get(1).payload(), "[EVICT-2] an EVICT event carries a payload");
        }
        assertTrue(evicted > 0, "[EVICT-1] nothing was evicted");
    }

    private static String text(KvEvent e) {
        return e.payload() == null ? "(no payload)" : e.payload().toUtf8();
    }
}
