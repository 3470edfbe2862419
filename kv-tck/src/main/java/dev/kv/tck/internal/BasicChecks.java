package dev.kv.tck.internal;

import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException.Reason;
import dev.kv.api.KvException;
import dev.kv.api.KvLimits;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** ERR, KEY, PAYLOAD, GET, SET and DEL clauses, single-threaded. */
final class BasicChecks {

    private BasicChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("GET-1, SET-1", "get returns what set stored; set replaces", BasicChecks::getAfterSet),
                Check.of("GET-2, ERR-2, ERR-3", "get of a missing key fails with NOT_FOUND naming key and store",
                        BasicChecks::getMissing),
                Check.of("GET-3", "find returns the value or empty, never throws for a miss", BasicChecks::find),
                Check.of("GET-4", "the NOT_FOUND exception of get carries no stack trace", BasicChecks::noStackTrace),
                Check.of("ERR-1, KEY-1, PAYLOAD-5", "null arguments fail with a KvException, INVALID_ARGUMENT",
                        BasicChecks::nulls),
                Check.of("KEY-2", "the empty key is refused for every key operation", BasicChecks::emptyKey),
                Check.of("KEY-3", "Unicode keys: surrogate pairs, combining marks, controls; no normalisation",
                        BasicChecks::unicodeKeys),
                Check.of("KEY-4, ERR-2", "a key with an unpaired surrogate fails naming the position and the store",
                        BasicChecks::unpaired),
                Check.of("KEY-5", "the longest declared key is accepted, one byte more is refused",
                        BasicChecks::longestKey),
                Check.of("PAYLOAD-1", "the empty payload is a value distinct from a missing key",
                        BasicChecks::emptyPayload),
                Check.of("PAYLOAD-2", "payloads round-trip byte for byte: one byte, 0..255, random sizes, 1 MiB",
                        BasicChecks::roundTrip),
                Check.of("PAYLOAD-3, SET-3", "the declared maximum payload is accepted, one byte more is refused"
                        + " and the previous value stays", BasicChecks::largestPayload),
                Check.of("PAYLOAD-4", "the store never aliases arrays a caller can change", BasicChecks::aliasing),
                Check.of("SET-3, PAYLOAD-5", "failed sets leave the previous value, or the absence, intact",
                        BasicChecks::failedSets),
                Check.of("DEL-1, DEL-2, DEL-3", "delete removes; deleting a missing key succeeds; set again after",
                        BasicChecks::deletes));
    }

    static Payload utf8(String s) {
        return Payload.ofUtf8(s);
    }

    static void expectValue(String clause, KvStore store, String key, Payload expected) {
        Payload got;
        try {
            got = store.get(key);
        } catch (KvException e) {
            throw new AssertionError("[" + clause + "] get(" + Text.quote(key) + ") of store " + Text.quote(store.name())
                    + " failed with " + e.reason() + " (" + e.getMessage() + "); expected " + expected, e);
        }
        if (got == null) {
            fail("[" + clause + ", GET-2] get(" + Text.quote(key) + ") of store " + Text.quote(store.name())
                    + " returned null; expected " + expected);
        }
        if (!expected.equals(got)) {
            fail("[" + clause + "] get(" + Text.quote(key) + ") of store " + Text.quote(store.name()) + " returned "
                    + got + "; expected " + expected);
        }
        Optional<Payload> found = store.find(key);
        if (found == null || found.isEmpty() || !found.get().equals(expected)) {
            fail("[" + clause + ", GET-3] find(" + Text.quote(key) + ") of store " + Text.quote(store.name())
                    + " returned " + found + "; expected " + expected);
        }
    }

    static void expectMissing(String clause, KvStore store, String key) {
        Optional<Payload> found = store.find(key);
        if (found == null) {
            fail("[" + clause + ", GET-3] find(" + Text.quote(key) + ") of store " + Text.quote(store.name())
                    + " returned null instead of an empty Optional");
        }
        if (found.isPresent()) {
            fail("[" + clause + "] key " + Text.quote(key) + " of store " + Text.quote(store.name())
                    + " should have no value but holds " + found.get());
        }
        fails(clause, Reason.NOT_FOUND, "get(" + Text.quote(key) + ") of store " + Text.quote(store.name()),
                () -> {
                    Payload p = store.get(key);
                    if (p == null) {
                        throw new AssertionError("[" + clause + ", GET-2] get(" + Text.quote(key)
                                + ") returned null for a missing key instead of failing with NOT_FOUND");
                    }
                });
    }

    private static void getAfterSet(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("get"));
        s.set("k", utf8("one"));
        expectValue("GET-1", s, "k", utf8("one"));
        s.set("k", utf8("two"));
        expectValue("SET-1", s, "k", utf8("two"));
        s.set("k", new byte[] {1, 2, 3});
        expectValue("SET-1", s, "k", Payload.copyOf(new byte[] {1, 2, 3}));
        s.set("other", utf8("x"));
        expectValue("SET-1", s, "k", Payload.copyOf(new byte[] {1, 2, 3}));
        // sizes that cross read and write buffers, then shrinking: every value replaces the previous one whole
        java.util.Random r = ctx.random();
        for (int size : new int[] {4095, 4097, 70_000, 9, 1, 65_537, 0, 300}) {
            Payload v = Payload.copyOf(Inputs.bytes(r, size));
            s.set("k", v);
            expectValue(size > 4096 ? "GET-1" : "SET-1", s, "k", v);
        }
    }

    private static void getMissing(TckContext ctx) {
        String name = ctx.name("missing");
        KvStore s = ctx.open(name);
        expectMissing("GET-2", s, "no-such-key");
        KvException e = fails("GET-2", Reason.NOT_FOUND, "get('no-such-key') of store '" + name + "'",
                () -> s.get("no-such-key"));
        String m = e.getMessage();
        assertTrue(m.contains("no-such-key"), () -> "[GET-2, ERR-2] the NOT_FOUND description does not name the key"
                + " 'no-such-key': " + m);
        assertTrue(m.contains(name), () -> "[GET-2, ERR-2] the NOT_FOUND description does not name the store "
                + Text.quote(name) + ": " + m);
        s.set("present", utf8("v"));
        s.delete("present");
        KvException e2 = fails("GET-2", Reason.NOT_FOUND, "get('present') after delete", () -> s.get("present"));
        assertTrue(e2.getMessage().contains("present") && e2.getMessage().contains(name),
                () -> "[ERR-2] description of get after delete names neither key nor store: " + e2.getMessage());
    }

    private static void find(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("find"));
        Optional<Payload> none = s.find("k");
        assertTrue(none != null && none.isEmpty(), () -> "[GET-3] find of a missing key returned " + none);
        s.set("k", utf8("v"));
        Optional<Payload> some = s.find("k");
        assertTrue(some != null && some.isPresent() && some.get().equals(utf8("v")),
                () -> "[GET-3] find after set returned " + some);
    }

    private static void noStackTrace(TckContext ctx) {
        String name = ctx.name("trace");
        KvStore s = ctx.open(name);
        KvStore other = ctx.open(name);
        s.set("deleted", utf8("v"));
        s.delete("deleted");
        s.set("overwritten", utf8("v"));
        other.delete("overwritten");
        for (String key : List.of("k", "deleted", "overwritten", "\ud83d\ude00", "k".repeat(200))) {
            for (KvStore h : List.of(s, other)) {
                KvException e = fails("GET-4", Reason.NOT_FOUND, "get(" + Text.quote(key) + ") of a missing key",
                        () -> h.get(key));
                assertEquals(0, e.getStackTrace().length, () -> "[GET-4] the NOT_FOUND exception of get("
                        + Text.quote(key) + ") has a stack trace of " + e.getStackTrace().length
                        + " frames; a miss must be cheap");
            }
        }
    }

    private static void nulls(TckContext ctx) {
        String name = ctx.name("nulls");
        KvStore s = ctx.open(name);
        s.set("k", utf8("v"));
        String where = " of store " + Text.quote(name);
        fails("KEY-1", Reason.INVALID_ARGUMENT, "get(null)" + where, () -> s.get(null));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "find(null)" + where, () -> s.find(null));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "set(null, v)" + where, () -> s.set(null, utf8("v")));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "set(null, byte[])" + where, () -> s.set(null, new byte[1]));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "delete(null)" + where, () -> s.delete(null));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "watch(null)" + where, () -> s.watch(null));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "events((String) null)" + where, () -> s.events((String) null));
        fails("ERR-1", Reason.INVALID_ARGUMENT, "events((Observable) null)" + where,
                () -> s.events((dev.kv.api.Observable) null));
        fails("PAYLOAD-5", Reason.INVALID_ARGUMENT, "set('k', (Payload) null)" + where, () -> s.set("k", (Payload) null));
        fails("PAYLOAD-5", Reason.INVALID_ARGUMENT, "set('k', (byte[]) null)" + where, () -> s.set("k", (byte[]) null));
        fails("PAYLOAD-5", Reason.INVALID_ARGUMENT, "set('new', (Payload) null)" + where,
                () -> s.set("new", (Payload) null));
        expectValue("PAYLOAD-5", s, "k", utf8("v"));
        expectMissing("PAYLOAD-5", s, "new");
        try {
            KvStore bad = ctx.provider().open(null, ctx.config());
            bad.close();
            fail("[ERR-1, NAME-2] provider '" + ctx.id() + "' open(null) returned a store");
        } catch (KvException e) {
            TckContext.checkError("ERR-1", "open(null)", e);
        } catch (RuntimeException e) {
            throw new AssertionError("[ERR-1] provider '" + ctx.id() + "' open(null) threw " + e
                    + " instead of a KvException", e);
        }
    }

    private static void emptyKey(TckContext ctx) {
        String name = ctx.name("emptykey");
        KvStore s = ctx.open(name);
        String where = " of store " + Text.quote(name);
        fails("KEY-2", Reason.INVALID_ARGUMENT, "get('')" + where, () -> s.get(""));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "find('')" + where, () -> s.find(""));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "set('', v)" + where, () -> s.set("", utf8("v")));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "delete('')" + where, () -> s.delete(""));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "watch('')" + where, () -> s.watch(""));
    }

    static final List<String> UNICODE_KEYS = List.of(
            "plain", "with space", " leading", "trailing ", "tab\there", "nul\u0000inside", "\u0001", "\u007f",
            "line\nbreak", "caf\u00e9", "cafe\u0301", "\ud83d\ude00", "a\ud834\udd1eb", "\u65e5\u672c\u8a9e",
            "\u0645\u0631\u062d\u0628\u0627", "K", "k", "\ufeff", "\uffff", "%2F", "a/b", "a_b", "..", ".");

    private static void unicodeKeys(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("unicode"));
        for (int i = 0; i < UNICODE_KEYS.size(); i++) {
            s.set(UNICODE_KEYS.get(i), utf8("value-" + i));
        }
        for (int i = 0; i < UNICODE_KEYS.size(); i++) {
            expectValue("KEY-3", s, UNICODE_KEYS.get(i), utf8("value-" + i));
        }
        s.delete("caf\u00e9");
        expectMissing("KEY-3", s, "caf\u00e9");
        expectValue("KEY-3", s, "cafe\u0301", utf8("value-" + UNICODE_KEYS.indexOf("cafe\u0301")));
    }

    private static void unpaired(TckContext ctx) {
        String name = ctx.name("unpaired");
        KvStore s = ctx.open(name);
        for (String key : List.of("ab\ud800c", "ab\udc00", "ab\ud800")) {
            String what = "set(" + Text.quote(key) + ") of store " + Text.quote(name);
            KvException e = fails("KEY-4", Reason.INVALID_ARGUMENT, what, () -> s.set(key, utf8("v")));
            assertTrue(e.getMessage().contains("2"), () -> "[KEY-4] " + what + ": the description does not name the"
                    + " position 2 of the unpaired surrogate: " + e.getMessage());
            assertTrue(e.getMessage().contains(name), () -> "[ERR-2] " + what + ": the description does not name the"
                    + " store: " + e.getMessage());
            fails("KEY-4", Reason.INVALID_ARGUMENT, "get(" + Text.quote(key) + ")", () -> s.get(key));
            fails("KEY-4", Reason.INVALID_ARGUMENT, "find(" + Text.quote(key) + ")", () -> s.find(key));
            fails("KEY-4", Reason.INVALID_ARGUMENT, "delete(" + Text.quote(key) + ")", () -> s.delete(key));
            fails("KEY-4", Reason.INVALID_ARGUMENT, "watch(" + Text.quote(key) + ")", () -> s.watch(key));
        }
    }

    private static void longestKey(TckContext ctx) {
        String name = ctx.name("longkey");
        KvStore s = ctx.open(name);
        KvLimits limits = s.limits();
        assertTrue(limits != null && limits.maxKeyBytes() >= KvLimits.MIN_KEY_BYTES,
                () -> "[KEY-5] store " + Text.quote(name) + " declares limits " + limits + "; maxKeyBytes must be at"
                        + " least " + KvLimits.MIN_KEY_BYTES);
        int max = limits.maxKeyBytes();
        if (max > 1 << 20) {
            fail("[KEY-5] store " + Text.quote(name) + " declares maxKeyBytes " + max + "; the kit checks limits up"
                    + " to 1 MiB");
        }
        String ascii = "k".repeat(max);
        // the same length reached with 2-, 3- and 4-byte characters, so the length is measured in UTF-8
        String mixed = "\u00e9".repeat((max - 7) / 2) + (((max - 7) % 2 == 1) ? "x" : "") + "\u20ac\ud83d\ude00";
        assertEquals(max, mixed.getBytes(StandardCharsets.UTF_8).length, "kit error: mixed key length");
        s.set(ascii, utf8("ascii"));
        s.set(mixed, utf8("mixed"));
        expectValue("KEY-5", s, ascii, utf8("ascii"));
        expectValue("KEY-5", s, mixed, utf8("mixed"));
        String over = ascii + "k";
        String overMixed = "x".repeat(max - 3) + "\ud83d\ude00";
        fails("KEY-5", Reason.INVALID_ARGUMENT, "set of a key of " + (max + 1) + " UTF-8 bytes in store "
                + Text.quote(name), () -> s.set(over, utf8("no")));
        fails("KEY-5", Reason.INVALID_ARGUMENT, "set of a key of " + (max + 1) + " UTF-8 bytes ending in a surrogate"
                + " pair in store " + Text.quote(name), () -> s.set(overMixed, utf8("no")));
        fails("KEY-5", Reason.INVALID_ARGUMENT, "get of a key of " + (max + 1) + " bytes", () -> s.get(over));
        expectValue("KEY-5", s, ascii, utf8("ascii"));
        expectMissing("KEY-5", s, "k".repeat(max - 1));
    }

    private static void emptyPayload(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("empty"));
        s.set("e", Payload.empty());
        expectValue("PAYLOAD-1", s, "e", Payload.empty());
        assertEquals(0, s.get("e").size(), "[PAYLOAD-1] the empty payload came back with bytes");
        s.set("b", new byte[0]);
        expectValue("PAYLOAD-1", s, "b", Payload.empty());
        s.set("e", utf8("x"));
        s.set("e", Payload.empty());
        expectValue("PAYLOAD-1", s, "e", Payload.empty());
        s.delete("e");
        expectMissing("PAYLOAD-1", s, "e");
    }

    private static void roundTrip(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("bytes"));
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            s.set("one-" + i, new byte[] {(byte) i});
        }
        s.set("all", all);
        Random random = new Random(42);
        int[] sizes = {2, 3, 255, 256, 257, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20};
        for (int size : sizes) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            s.set("size-" + size, b);
        }
        for (int i = 0; i < 256; i++) {
            byte[] got = s.get("one-" + i).toByteArray();
            assertArrayEquals(new byte[] {(byte) i}, got, "[PAYLOAD-2] the one-byte payload " + i + " changed");
        }
        assertArrayEquals(all, s.get("all").toByteArray(), "[PAYLOAD-2] the payload of every byte value 0..255"
                + " came back different");
        random = new Random(42);
        for (int size : sizes) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            byte[] got = s.get("size-" + size).toByteArray();
            assertEquals(size, got.length, "[PAYLOAD-2] a payload of " + size + " bytes came back with "
                    + got.length);
            assertArrayEquals(b, got, "[PAYLOAD-2] a payload of " + size + " random bytes came back different");
        }
    }

    /** The kit allocates at most this much for one payload; a larger declared maximum is checked in part. */
    static final int LARGEST_CHECKED = 64 << 20;

    private static void largestPayload(TckContext ctx) {
        String name = ctx.name("largest");
        KvStore s = ctx.open(name);
        KvLimits limits = s.limits();
        assertTrue(limits != null && limits.maxPayloadBytes() >= KvLimits.MIN_PAYLOAD_BYTES,
                () -> "[PAYLOAD-3] store " + Text.quote(name) + " declares limits " + limits
                        + "; maxPayloadBytes must be at least 1 MiB");
        int max = limits.maxPayloadBytes();
        s.set("k", utf8("previous"));
        if (max <= LARGEST_CHECKED) {
            byte[] big = new byte[max];
            new Random(7).nextBytes(big);
            s.set("max", big);
            assertArrayEquals(big, s.get("max").toByteArray(), "[PAYLOAD-3] a payload of exactly the declared"
                    + " maximum " + max + " came back different");
            s.delete("max");
            byte[] over = new byte[max + 1];
            KvException e = fails("PAYLOAD-3", Reason.PAYLOAD_TOO_LARGE, "set('k') of " + (max + 1)
                    + " bytes in store " + Text.quote(name), () -> s.set("k", over));
            assertTrue(e.getMessage().contains("'k'") || e.getMessage().contains("k"),
                    () -> "[PAYLOAD-3] the description does not name the key 'k': " + e.getMessage());
            fails("PAYLOAD-3", Reason.PAYLOAD_TOO_LARGE, "set('absent') of " + (max + 1) + " bytes",
                    () -> s.set("absent", Payload.copyOf(over)));
            expectValue("PAYLOAD-3", s, "k", utf8("previous"));
            expectMissing("SET-3", s, "absent");
        } else {
            byte[] big = new byte[LARGEST_CHECKED];
            new Random(7).nextBytes(big);
            s.set("max", big);
            assertArrayEquals(big, s.get("max").toByteArray(), "[PAYLOAD-3] a payload of " + LARGEST_CHECKED
                    + " bytes (declared maximum " + max + ") came back different");
            System.getLogger("dev.kv.tck").log(System.Logger.Level.WARNING, "kv-tck: store " + Text.quote(name)
                    + " declares maxPayloadBytes " + max + "; PAYLOAD-3 checked only up to " + LARGEST_CHECKED
                    + " bytes, the refusal of one byte more is not checked");
        }
    }

    private static void aliasing(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("alias"));
        byte[] mine = {1, 2, 3, 4};
        s.set("set-array", mine);
        mine[0] = 99;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, s.get("set-array").toByteArray(),
                "[PAYLOAD-4] changing the array passed to set(key, byte[]) changed the stored value");
        byte[] copied = {5, 6, 7};
        s.set("copy-of", Payload.copyOf(copied));
        copied[0] = 99;
        assertArrayEquals(new byte[] {5, 6, 7}, s.get("copy-of").toByteArray(),
                "[PAYLOAD-4] changing the array passed to Payload.copyOf changed the stored value");
        byte[] read = s.get("copy-of").toByteArray();
        read[1] = 99;
        assertArrayEquals(new byte[] {5, 6, 7}, s.get("copy-of").toByteArray(),
                "[PAYLOAD-4] changing the array returned by toByteArray() of a get changed the stored value");
        byte[] found = s.find("set-array").orElseThrow().toByteArray();
        found[1] = 99;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, s.get("set-array").toByteArray(),
                "[PAYLOAD-4] changing the array returned by toByteArray() of a find changed the stored value");
    }

    private static void failedSets(TckContext ctx) {
        String name = ctx.name("failedset");
        KvStore s = ctx.open(name);
        s.set("k", utf8("previous"));
        fails("SET-3", Reason.INVALID_ARGUMENT, "set('k', null)", () -> s.set("k", (Payload) null));
        fails("SET-3", Reason.INVALID_ARGUMENT, "set('k', (byte[]) null)", () -> s.set("k", (byte[]) null));
        fails("SET-3", Reason.INVALID_ARGUMENT, "set of a key with an unpaired surrogate",
                () -> s.set("k\ud800", utf8("no")));
        expectValue("SET-3", s, "k", utf8("previous"));
    }

    private static void deletes(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("delete"));
        s.set("k", utf8("v"));
        s.set("keep", utf8("kept"));
        s.delete("k");
        expectMissing("DEL-1", s, "k");
        expectValue("DEL-1", s, "keep", utf8("kept"));
        try {
            s.delete("k");
            s.delete("never-set");
        } catch (KvException e) {
            fail("[DEL-2] delete of a key with no value failed with " + e.reason() + ": " + e.getMessage());
        }
        s.set("k", utf8("again"));
        expectValue("DEL-3", s, "k", utf8("again"));
    }
}
