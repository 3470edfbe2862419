package dev.kv.tck.internal;

import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.List;
import java.util.Random;

/**
 * ERR clauses across every failing case the spec names, through every operation: each failure is a KvException
 * with the clause's reason whose description names the store and, for key operations, the key.
 */
final class ErrorChecks {

    private ErrorChecks() {
    }

    static List<Check> checks() {
        return List.of(Check.of("ERR-2, ERR-3, ERR-1", "every failing case of every operation has the spec's reason"
                + " and a description naming the store and the key", ErrorChecks::everyFailure));
    }

    private interface Op {
        void run(KvStore s, String key) throws Exception;
    }

    private static void expect(KvStore s, String store, String key, Reason reason, String what, Op op,
                               boolean namesKey) {
        KvException e = fails("ERR-3", reason, what + " of store " + Text.quote(store), () -> op.run(s, key));
        String m = e.getMessage();
        if (!m.contains(store) && !m.contains(s.rd())) {
            fail("[ERR-2] the " + reason + " error of " + what + " does not name the store " + Text.quote(store) + " (or its rd): "
                    + m);
        }
        if (namesKey && !m.contains(key)) {
            fail("[ERR-2] the " + reason + " error of " + what + " does not name the key " + Text.quote(key) + ": " + m);
        }
    }

    private static void everyFailure(TckContext ctx) {
        String name = ctx.name("errors");
        KvStore s = ctx.open(name);
        Random r = ctx.random();
        String key = "key-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
        s.set("present", Payload.ofUtf8("v"));
        expect(s, name, key, Reason.NOT_FOUND, "get of a missing key", KvStore::get, true);
        expect(s, name, key, Reason.INVALID_ARGUMENT, "set of a null Payload", (h, k) -> h.set(k, (Payload) null), true);
        expect(s, name, key, Reason.INVALID_ARGUMENT, "set of a null byte[]", (h, k) -> h.set(k, (byte[]) null), true);
        expect(s, name, "", Reason.INVALID_ARGUMENT, "get of the empty key", KvStore::get, false);
        expect(s, name, "", Reason.INVALID_ARGUMENT, "set of the empty key", (h, k) -> h.set(k, new byte[1]), false);
        expect(s, name, "x\ud800" + key, Reason.INVALID_ARGUMENT, "set of a key with an unpaired surrogate",
                (h, k) -> h.set(k, new byte[1]), false);
        expect(s, name, "x\ud800" + key, Reason.INVALID_ARGUMENT, "delete of a key with an unpaired surrogate",
                KvStore::delete, false);
        String tooLong = key + "k".repeat(s.limits().maxKeyBytes());
        expect(s, name, tooLong, Reason.INVALID_ARGUMENT, "find of a key one byte too long", KvStore::find, false);
        if (s.limits().maxPayloadBytes() <= BasicChecks.LARGEST_CHECKED) {
            byte[] big = new byte[s.limits().maxPayloadBytes() + 1];
            expect(s, name, key, Reason.PAYLOAD_TOO_LARGE, "set of a payload one byte too large",
                    (h, k) -> h.set(k, big), true);
            expect(s, name, "present", Reason.PAYLOAD_TOO_LARGE, "set over a value of a payload one byte too large",
                    (h, k) -> h.set(k, Payload.copyOf(big)), true);
        }
        KvStore other = ctx.open(ctx.name("errors-other"));
        Observable foreign = other.watch(key);
        expect(s, name, key, Reason.INVALID_ARGUMENT, "events of another store's observable",
                (h, k) -> h.events(foreign), false);
        s.close();
        expect(s, name, key, Reason.CLOSED, "get on a closed handle", KvStore::get, false);
        expect(s, name, "present", Reason.CLOSED, "get of a present key on a closed handle", KvStore::get, false);
        expect(s, name, key, Reason.CLOSED, "find on a closed handle", KvStore::find, false);
        expect(s, name, key, Reason.CLOSED, "set on a closed handle", (h, k) -> h.set(k, new byte[1]), false);
        expect(s, name, key, Reason.CLOSED, "delete on a closed handle", KvStore::delete, false);
        expect(s, name, key, Reason.CLOSED, "watch on a closed handle", KvStore::watch, false);
        expect(s, name, key, Reason.CLOSED, "events(String) on a closed handle", KvStore::events, false);
    }
}
