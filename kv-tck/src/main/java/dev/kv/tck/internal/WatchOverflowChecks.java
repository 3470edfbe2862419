package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import java.util.List;

/**
 * WATCH-8: a subscriber further behind than {@code kv.watch.bufferSize} gets {@code WATCH_OVERFLOW} without
 * demand, one exactly that far behind keeps every event; checked for the default's neighbourhood and for buffers
 * of 1 and of a random size, on both sides.
 */
final class WatchOverflowChecks {

    private WatchOverflowChecks() {
    }

    static void overflow(TckContext ctx) {
        String name = ctx.name("w8");
        KvStore s = ctx.open(name, ctx.config().with("kv.watch.bufferSize", "4"));
        Probe p = Probe.subscribe(s, "k", 0);
        for (int i = 0; i < 40; i++) {
            s.set("k", utf8("v" + i));
        }
        p.awaitTermination("WATCH-8");
        Throwable t = p.error();
        if (!(t instanceof KvException)) {
            fail("[WATCH-8] a subscriber 40 events behind with a buffer of 4 ended with "
                    + (t == null ? "onComplete" : "onError(" + t + ")") + " instead of onError(KvException"
                    + " WATCH_OVERFLOW)");
        }
        KvException e = (KvException) t;
        assertEquals(Reason.WATCH_OVERFLOW, e.reason(), "[WATCH-8, ERR-3] overflow reason");
        TckContext.checkError("WATCH-8", "the overflow error", e);
        assertTrue(e.getMessage().contains("k") && (e.getMessage().contains(name) || e.getMessage().contains(s.rd())),
                () -> "[WATCH-8] the overflow description does not name the key 'k' and the store " + Text.quote(name)
                        + ": " + e.getMessage());
        assertTrue(p.events().isEmpty(), "[WATCH-8] events arrived without demand");
        p.assertNoViolations("WATCH-8");
        // the configured buffer is honoured: 4 undelivered events are fine
        Probe fits = Probe.subscribe(s, "f", 0);
        for (int i = 0; i < 4; i++) {
            s.set("f", utf8("v" + i));
        }
        fits.request(4);
        fits.awaitEvents(4, "WATCH-8");
        assertNull(fits.error(), "[WATCH-8, CONF-2] a subscriber exactly kv.watch.bufferSize=4 events behind failed");
        for (int size : new int[] {1, 2 + ctx.random().nextInt(63)}) {
            bufferBothSides(ctx, size);
        }
    }

    /** A buffer of {@code size}: a subscriber {@code size} events behind keeps them all, one more behind overflows. */
    private static void bufferBothSides(TckContext ctx, int size) {
        String name = ctx.name("w8-" + size);
        KvStore s = ctx.open(name, ctx.config().with("kv.watch.bufferSize", Integer.toString(size)));
        String what = " with kv.watch.bufferSize=" + size + " in store " + Text.quote(name);
        Probe fits = Probe.subscribe(s, "fits", 0);
        Probe over = Probe.subscribe(s, "over", 0);
        for (int i = 0; i < size; i++) {
            s.set("fits", utf8("v" + i));
            s.set("over", utf8("v" + i));
        }
        s.set("over", utf8("one more"));
        over.awaitTermination("WATCH-8");
        if (!(over.error() instanceof KvException)
                || ((KvException) over.error()).reason() != Reason.WATCH_OVERFLOW) {
            fail("[WATCH-8] a subscriber " + (size + 1) + " events behind" + what + " ended with "
                    + (over.error() == null ? "onComplete" : "onError(" + over.error() + ")")
                    + " instead of onError(KvException WATCH_OVERFLOW)");
        }
        fits.request(size);
        List<KvEvent> got = fits.awaitEvents(size, "WATCH-8");
        assertNull(fits.error(), () -> "[WATCH-8, CONF-2] a subscriber exactly " + size + " events behind" + what
                + " failed: " + fits.error());
        assertEquals("v" + (size - 1), got.get(size - 1).payload().toUtf8(), "[WATCH-8] the last buffered event" + what);
        fits.assertNoViolations("WATCH-8");
    }
}
