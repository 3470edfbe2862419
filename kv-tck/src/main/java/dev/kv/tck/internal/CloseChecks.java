package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectMissing;
import static dev.kv.tck.internal.BasicChecks.expectValue;
import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.spi.Capability;
import java.util.List;
import java.util.concurrent.Flow;

/** CLOSE clauses. */
final class CloseChecks {

    private CloseChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("CLOSE-1", "close is idempotent", CloseChecks::idempotent),
                Check.of("CLOSE-2, ERR-2", "every operation on a closed handle fails with CLOSED naming the store",
                        CloseChecks::closedHandle),
                Check.of("CLOSE-3", "closing one handle leaves the other handles of the store working",
                        CloseChecks::otherHandles),
                Check.of("CLOSE-4", "close completes its subscriptions after delivering buffered events",
                        CloseChecks::completesSubscriptions),
                Check.unless(Capability.PERSISTENT, "CLOSE-5, CAP-2",
                        "without PERSISTENT the data is discarded when the last handle closes",
                        CloseChecks::discarded));
    }

    private static void idempotent(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("close1"));
        assertTrue(s.isOpen(), "[CLOSE-2] a fresh handle reports isOpen() false");
        s.close();
        try {
            s.close();
            s.close();
        } catch (RuntimeException e) {
            throw new AssertionError("[CLOSE-1] a second close() threw " + e, e);
        }
        assertFalse(s.isOpen(), "[CLOSE-2] isOpen() is true after close()");
    }

    private static void closedHandle(TckContext ctx) {
        String name = ctx.name("close2");
        KvStore s = ctx.open(name);
        s.set("k", utf8("v"));
        Observable o = s.watch("k");
        Flow.Publisher<KvEvent> early = s.events(o);
        s.close();
        assertFalse(s.isOpen(), "[CLOSE-2] isOpen() is true after close()");
        String on = " on the closed handle of store " + Text.quote(name);
        // A publisher made before close() and subscribed after it fails through the subscriber (Reactive Streams
        // rule 1.9), like events() itself would.
        Probe late = Probe.subscribeTo(early, "a subscriber, after close(), of a publisher of key 'k' made before it"
                + on);
        late.awaitTermination("CLOSE-2");
        if (!(late.error() instanceof KvException) || ((KvException) late.error()).reason() != Reason.CLOSED
                || !late.error().getMessage().contains(name)) {
            fail("[CLOSE-2] subscribing after close() to a publisher made before it ended with "
                    + (late.error() == null ? "onComplete" : "onError(" + late.error() + ")")
                    + " instead of onError(KvException CLOSED naming store " + Text.quote(name) + ")" + on);
        }
        assertTrue(late.events().isEmpty(), "[CLOSE-2] events arrived for a subscription made after close()" + on);
        late.assertNoViolations("CLOSE-2");
        List<KvException> errors = List.of(
                fails("CLOSE-2", Reason.CLOSED, "get('k')" + on, () -> s.get("k")),
                fails("CLOSE-2", Reason.CLOSED, "find('k')" + on, () -> s.find("k")),
                fails("CLOSE-2", Reason.CLOSED, "set('k')" + on, () -> s.set("k", utf8("w"))),
                fails("CLOSE-2", Reason.CLOSED, "delete('k')" + on, () -> s.delete("k")),
                fails("CLOSE-2", Reason.CLOSED, "watch('k')" + on, () -> s.watch("k")),
                fails("CLOSE-2", Reason.CLOSED, "events(observable)" + on, () -> s.events(o)),
                fails("CLOSE-2", Reason.CLOSED, "get('missing')" + on, () -> s.get("missing")));
        for (KvException e : errors) {
            assertTrue(e.getMessage().contains(name), () -> "[CLOSE-2, ERR-2] the CLOSED description does not name"
                    + " the store " + Text.quote(name) + ": " + e.getMessage());
        }
    }

    private static void otherHandles(TckContext ctx) {
        String name = ctx.name("close3");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        a.set("k", utf8("v"));
        Probe probe = Probe.subscribe(b, "k", Long.MAX_VALUE);
        a.close();
        assertTrue(b.isOpen(), "[CLOSE-3] closing one handle closed another");
        expectValue("CLOSE-3", b, "k", utf8("v"));
        b.set("k", utf8("after"));
        expectValue("CLOSE-3", b, "k", utf8("after"));
        b.delete("k");
        expectMissing("CLOSE-3", b, "k");
        b.set("k", utf8("last"));
        List<KvEvent> events = probe.awaitEvents(3, "CLOSE-3");
        assertEquals(KvEvent.Kind.DELETE, events.get(1).kind(), "[CLOSE-3] events after closing another handle: "
                + events);
        assertFalse(probe.completed(), "[CLOSE-3] closing one handle completed a subscription made through another");
    }

    private static void completesSubscriptions(TckContext ctx) {
        String name = ctx.name("close4");
        KvStore a = ctx.open(name);
        KvStore writer = ctx.open(name);
        Probe probe = Probe.subscribe(a, "k", Long.MAX_VALUE);
        int n = 200;
        for (int i = 0; i < n; i++) {
            writer.set("k", utf8("v" + i));
        }
        a.close();
        probe.awaitTermination("CLOSE-4");
        if (probe.error() != null) {
            fail("[CLOSE-4] closing the handle ended its subscription with onError(" + probe.error()
                    + ") instead of onComplete");
        }
        List<KvEvent> events = probe.events();
        assertEquals(n, events.size(), () -> "[CLOSE-4] the subscription completed after " + events.size()
                + " of the " + n + " events written before close; buffered events must be delivered first");
        assertEquals("v" + (n - 1), events.get(n - 1).payload().toUtf8(), "[CLOSE-4] the last event is not the last write");
        writer.set("k", utf8("after close"));
        assertEquals(n, probe.events().size(), "[CLOSE-4] events arrived after onComplete");
    }

    private static void discarded(TckContext ctx) {
        String name = ctx.name("close5");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        a.set("k", utf8("v"));
        a.close();
        expectValue("CLOSE-3", b, "k", utf8("v"));
        b.close();
        KvStore c = ctx.open(name);
        if (c.find("k").isPresent()) {
            fail("[CLOSE-5, CAP-2] provider '" + ctx.id() + "' does not declare PERSISTENT, but store " + Text.quote(name)
                    + " still held key 'k' after its last handle closed and it was opened again");
        }
    }
}
