package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectMissing;
import static dev.kv.tck.internal.BasicChecks.expectValue;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Observable;
import dev.kv.api.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated keys, through every key operation: confusable keys (case, normalisation, hash collisions, controls,
 * supplementary characters), keys that differ only in their last character, keys at the length limit and one
 * byte over it, and keys with unpaired surrogates anywhere.
 */
final class KeyChecks {

    private KeyChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("KEY-3", "generated keys (case, NFC/NFD, hash collisions, NUL, C0/C1, non-BMP, late"
                        + " differences, at the limit) are distinct keys through get, find, set, delete and watch",
                        KeyChecks::generatedKeys),
                Check.of("KEY-4", "generated keys with an unpaired surrogate anywhere fail every key operation naming"
                        + " the index", KeyChecks::generatedUnpaired),
                Check.of("KEY-5", "keys of exactly the limit in UTF-8 bytes work for every operation; one byte more"
                        + " fails every operation and changes nothing", KeyChecks::limitBothSides),
                Check.of("KEY-2, KEY-1", "the empty and the null key fail every key operation, both set overloads"
                        + " and events(String) included", KeyChecks::emptyAndNullEverywhere),
                Check.of("WATCH-4, KEY-3", "watchers of confusable keys (Aa/BB, k/K, NFC/NFD) receive only their own"
                        + " key's events", KeyChecks::confusableWatchers));
    }

    private static Payload valueOf(int i, String key) {
        return Payload.ofUtf8(i + ":" + key.length());
    }

    private static void generatedKeys(TckContext ctx) {
        String name = ctx.name("keys");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        Random r = ctx.random();
        List<String> keys = Inputs.keys(r, a.limits().maxKeyBytes(), 60);
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (i % 2 == 0) {
                a.set(k, valueOf(i, k));
            } else {
                a.set(k, valueOf(i, k).toByteArray());
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            expectValue("KEY-3", b, keys.get(i), valueOf(i, keys.get(i)));
            Observable o = b.watch(keys.get(i));
            if (!keys.get(i).equals(o.key())) {
                fail("[KEY-3, WATCH-1] watch(" + Text.quote(keys.get(i)) + ") returned an observable of key "
                        + Text.quote(o.key()));
            }
        }
        // delete every third key through the other handle; the rest must be untouched
        for (int i = 0; i < keys.size(); i += 3) {
            b.delete(keys.get(i));
        }
        for (int i = 0; i < keys.size(); i++) {
            if (i % 3 == 0) {
                expectMissing("KEY-3", a, keys.get(i));
            } else {
                expectValue("KEY-3", a, keys.get(i), valueOf(i, keys.get(i)));
            }
        }
    }

    private static void generatedUnpaired(TckContext ctx) {
        String name = ctx.name("unpaired");
        KvStore s = ctx.open(name);
        Random r = ctx.random();
        for (int n = 0; n < 24; n++) {
            Inputs.Unpaired u = Inputs.unpaired(r);
            String key = u.text();
            String q = Text.quote(key);
            List<KvException> errors = new ArrayList<>();
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "set(" + q + ", Payload)", () -> s.set(key,
                    Payload.ofUtf8("v"))));
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "set(" + q + ", byte[])", () -> s.set(key, new byte[1])));
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "get(" + q + ")", () -> s.get(key)));
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "find(" + q + ")", () -> s.find(key)));
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "delete(" + q + ")", () -> s.delete(key)));
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "watch(" + q + ")", () -> s.watch(key)));
            errors.add(fails("KEY-4", Reason.INVALID_ARGUMENT, "events(" + q + ")", () -> s.events(key)));
            for (KvException e : errors) {
                if (!e.getMessage().contains(Integer.toString(u.index()))) {
                    fail("[KEY-4] the error for key " + q + " does not name the position " + u.index()
                            + " of its unpaired surrogate: " + e.getMessage());
                }
            }
        }
    }

    private static void limitBothSides(TckContext ctx) {
        String name = ctx.name("keylimit");
        KvStore s = ctx.open(name);
        KvStore other = ctx.open(name);
        int max = s.limits().maxKeyBytes();
        if (max < 256 || max > 1 << 20) {
            fail("[KEY-5] store " + Text.quote(name) + " declares maxKeyBytes " + max + ", outside 256 .. 1 MiB");
        }
        Random r = ctx.random();
        for (int n = 0; n < 12; n++) {
            String atLimit = Inputs.ofUtf8Length(r, max);
            String what = "a key of exactly " + max + " UTF-8 bytes (" + atLimit.length() + " chars)";
            Payload v = Payload.ofUtf8("at-limit-" + n);
            try {
                if (n % 2 == 0) {
                    s.set(atLimit, v);
                } else {
                    s.set(atLimit, v.toByteArray());
                }
                expectValue("KEY-5", other, atLimit, v);
                assertEquals(atLimit, s.watch(atLimit).key(), "[KEY-5] watch of " + what);
            } catch (KvException e) {
                throw new AssertionError("[KEY-5] " + what + " was refused: " + e.reason() + ": " + e.getMessage(), e);
            }
            // one byte more, three ways: a character appended, a last character one byte wider, all random widths
            String cut = atLimit.substring(0, atLimit.length() - Character.charCount(atLimit.codePointBefore(
                    atLimit.length())));
            int lastWidth = Inputs.utf8(atLimit) - Inputs.utf8(cut);
            String wider = lastWidth < 4 ? cut + widthChar(lastWidth + 1)
                    : atLimit + "x";
            for (String over : List.of(atLimit + "x", wider, Inputs.ofUtf8Length(r, max + 1))) {
                String ow = "a key of " + Inputs.utf8(over) + " UTF-8 bytes (limit " + max + ")";
                fails("KEY-5", Reason.INVALID_ARGUMENT, "set of " + ow, () -> s.set(over, Payload.ofUtf8("no")));
                fails("KEY-5", Reason.INVALID_ARGUMENT, "set(byte[]) of " + ow, () -> s.set(over, new byte[1]));
                fails("KEY-5", Reason.INVALID_ARGUMENT, "get of " + ow, () -> s.get(over));
                fails("KEY-5", Reason.INVALID_ARGUMENT, "find of " + ow, () -> s.find(over));
                fails("KEY-5", Reason.INVALID_ARGUMENT, "delete of " + ow, () -> s.delete(over));
                fails("KEY-5", Reason.INVALID_ARGUMENT, "watch of " + ow, () -> s.watch(over));
            }
            // a store that truncates keys would have overwritten or deleted the key at the limit
            expectValue("KEY-5", other, atLimit, v);
            expectMissing("KEY-5", other, cut);
        }
        utf8WidthBoundaries(s, other, max);
    }

    /**
     * Keys at the limit and one byte over it made mostly of the first and last code point of each UTF-8 width
     * (U+007F/U+0080, U+07FF/U+0800, U+FFFF/U+10000, U+10FFFF), where a hand-written byte count goes wrong.
     */
    private static void utf8WidthBoundaries(KvStore s, KvStore other, int max) {
        for (int codePoint : new int[] {0x7F, 0x80, 0x7FF, 0x800, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF}) {
            String c = new String(Character.toChars(codePoint));
            int width = Inputs.utf8(c);
            int count = (max - 1) / width;
            String atLimit = "k".repeat(max - count * width) + c.repeat(count);
            String what = "a key of exactly " + max + " UTF-8 bytes, " + count + " of them U+"
                    + Integer.toHexString(codePoint).toUpperCase(java.util.Locale.ROOT) + " (" + width + " bytes each)";
            Payload v = Payload.ofUtf8("width-" + codePoint);
            try {
                s.set(atLimit, v);
            } catch (KvException e) {
                throw new AssertionError("[KEY-5] " + what + " was refused: " + e.reason() + ": " + e.getMessage(), e);
            }
            expectValue("KEY-5", other, atLimit, v);
            String over = "k" + atLimit;
            fails("KEY-5", Reason.INVALID_ARGUMENT, "set of " + what.replace("exactly " + max, "exactly " + (max + 1)),
                    () -> s.set(over, Payload.ofUtf8("no")));
            fails("KEY-5", Reason.INVALID_ARGUMENT, "get of a key one byte over the limit, mostly U+"
                    + Integer.toHexString(codePoint).toUpperCase(java.util.Locale.ROOT), () -> s.get(over));
            s.delete(atLimit);
        }
    }

    private static String widthChar(int width) {
        switch (width) {
            case 1: return "y";
            case 2: return "\u00e9";
            case 3: return "\u20ac";
            default: return "\ud83d\ude00";
        }
    }

    private static void emptyAndNullEverywhere(TckContext ctx) {
        String name = ctx.name("emptynull");
        KvStore s = ctx.open(name);
        String at = " of store " + Text.quote(name);
        fails("KEY-2", Reason.INVALID_ARGUMENT, "set('', byte[])" + at, () -> s.set("", new byte[1]));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "events('')" + at, () -> s.events(""));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "events(Observable(rd, ''))" + at,
                () -> s.events(new Observable(s.rd(), "")));
        fails("KEY-1", Reason.INVALID_ARGUMENT, "set(null, (byte[]) null)" + at, () -> s.set(null, (byte[]) null));
        fails("KEY-2", Reason.INVALID_ARGUMENT, "set('', (Payload) null)" + at, () -> s.set("", (Payload) null));
    }

    private static void confusableWatchers(TckContext ctx) {
        KvStore s = ctx.open(ctx.name("confwatch"));
        List<String> keys = List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "k", "K", "\u212a", "\u00e9", "e\u0301",
                "\u00c5", "\u212b", "\ud83d\ude00", "\ud83d\ude01", "a", "a\u0000", "\u0000");
        List<Probe> probes = new ArrayList<>();
        for (String k : keys) {
            probes.add(Probe.subscribe(s, k, Long.MAX_VALUE));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys.size(); i++) {
                s.set(keys.get(i), Payload.ofUtf8(round + "/" + i));
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            List<KvEvent> ev = probes.get(i).awaitEvents(3, "WATCH-2");
            for (KvEvent e : ev) {
                if (!keys.get(i).equals(e.key()) || !e.payload().toUtf8().endsWith("/" + i)) {
                    fail("[WATCH-4] the watcher of key " + Text.quote(keys.get(i)) + " received an event of key "
                            + Text.quote(e.key()) + " (" + e.payload() + ")");
                }
            }
        }
        // a marker through every key, then the counts: nothing extra may have arrived
        for (int i = 0; i < keys.size(); i++) {
            s.set(keys.get(i), Payload.ofUtf8("end/" + i));
        }
        for (int i = 0; i < keys.size(); i++) {
            List<KvEvent> ev = probes.get(i).awaitEvents(4, "WATCH-2");
            if (ev.size() != 4) {
                fail("[WATCH-4] the watcher of key " + Text.quote(keys.get(i)) + " received " + ev.size()
                        + " events for 4 writes of its key: " + Probe.summary(ev));
            }
        }
    }
}
