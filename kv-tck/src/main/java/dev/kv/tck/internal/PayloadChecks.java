package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectMissing;
import static dev.kv.tck.internal.BasicChecks.expectValue;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Payload sizes on either side of every power of two, of 1 MiB and of the store's limit, odd sizes, and
 * aliasing through every way a caller holds an array.
 */
final class PayloadChecks {

    private PayloadChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("PAYLOAD-2", "generated payloads of sizes around every power of two, 1 MiB - 1, 1 MiB + 1,"
                        + " odd sizes and the limit round-trip byte for byte through both set overloads",
                        PayloadChecks::sizes),
                Check.of("PAYLOAD-3, SET-3", "one byte over the limit, and more, is refused through both set"
                        + " overloads for a present and an absent key, naming the key, changing nothing",
                        PayloadChecks::overLimit),
                Check.of("PAYLOAD-4", "changing any byte of an array given to set, to Payload.copyOf, or taken from"
                        + " get, find or an event changes nothing stored", PayloadChecks::aliasingEverywhere));
    }

    private static int checkedMax(KvStore s) {
        return Math.min(s.limits().maxPayloadBytes(), BasicChecks.LARGEST_CHECKED);
    }

    private static void sizes(TckContext ctx) {
        String name = ctx.name("sizes");
        KvStore s = ctx.open(name);
        KvStore other = ctx.open(name);
        Random r = ctx.random();
        List<Integer> sizes = Inputs.sizes(r, checkedMax(s));
        int i = 0;
        for (int size : sizes) {
            byte[] b = Inputs.bytes(r, size);
            String key = "size-" + size;
            if (i++ % 2 == 0) {
                s.set(key, b);
            } else {
                s.set(key, Payload.copyOf(b));
            }
            byte[] got = other.get(key).toByteArray();
            if (!Arrays.equals(b, got)) {
                fail("[PAYLOAD-2] a payload of " + size + " bytes came back " + (got.length != size ? "with "
                        + got.length + " bytes" : "different at byte " + Arrays.mismatch(b, got)) + " in store "
                        + Text.quote(name));
            }
            if (!Payload.copyOf(b).equals(other.find(key).orElse(null))) {
                fail("[PAYLOAD-2] find of a payload of " + size + " bytes returned something else");
            }
            s.delete(key);
        }
    }

    private static void overLimit(TckContext ctx) {
        String name = ctx.name("overlimit");
        KvStore s = ctx.open(name);
        int max = s.limits().maxPayloadBytes();
        if (max > BasicChecks.LARGEST_CHECKED) {
            return; // BasicChecks logs that the refusal is not checked for so large a limit
        }
        Random r = ctx.random();
        byte[] previous = Inputs.bytes(r, 1 + r.nextInt(300));
        s.set("present", previous);
        for (int over : new int[] {max + 1, max + 2 + r.nextInt(4096), max + (1 << 20) + 1}) {
            byte[] big = Inputs.bytes(r, over);
            for (String key : List.of("present", "absent")) {
                String what = "set(" + Text.quote(key) + ") of " + over + " bytes (limit " + max + ") in store "
                        + Text.quote(name);
                KvException a = fails("PAYLOAD-3", Reason.PAYLOAD_TOO_LARGE, what + " as byte[]", () -> s.set(key, big));
                KvException b = fails("PAYLOAD-3", Reason.PAYLOAD_TOO_LARGE, what + " as Payload",
                        () -> s.set(key, Payload.copyOf(big)));
                for (KvException e : List.of(a, b)) {
                    if (!e.getMessage().contains(key)) {
                        fail("[PAYLOAD-3] the error of " + what + " does not name the key: " + e.getMessage());
                    }
                }
            }
            expectValue("PAYLOAD-3", s, "present", Payload.copyOf(previous));
            expectMissing("SET-3", s, "absent");
        }
        // exactly the limit still replaces the value afterwards
        byte[] full = Inputs.bytes(r, max);
        s.set("present", Payload.copyOf(full, 0, max));
        expectValue("PAYLOAD-3", s, "present", Payload.copyOf(full));
    }

    private static void aliasingEverywhere(TckContext ctx) throws Exception {
        String name = ctx.name("alias");
        KvStore s = ctx.open(name);
        KvStore other = ctx.open(name);
        Random r = ctx.random();
        for (int size : new int[] {1, 2, 17, 4096, 65537}) {
            byte[] original = Inputs.bytes(r, size);
            Payload expected = Payload.copyOf(original);
            int[] positions = {0, size / 2, size - 1};
            // the array given to set(key, byte[])
            byte[] mine = original.clone();
            s.set("set", mine);
            scribble(mine, positions);
            expectValue("PAYLOAD-4", other, "set", expected);
            // the array given to Payload.copyOf, whole and as a range
            byte[] src = original.clone();
            Payload p = Payload.copyOf(src);
            byte[] padded = new byte[size + 2];
            System.arraycopy(original, 0, padded, 1, size);
            Payload range = Payload.copyOf(padded, 1, size);
            s.set("copy", p);
            s.set("range", range);
            scribble(src, positions);
            scribble(padded, new int[] {1, 1 + size / 2, size});
            expectValue("PAYLOAD-4", other, "copy", expected);
            expectValue("PAYLOAD-4", other, "range", expected);
            // arrays taken from get and find, and from an event's payload
            Probe probe = Probe.subscribe(s, "watched", Long.MAX_VALUE);
            s.set("watched", expected);
            KvEvent e = probe.awaitEvents(1, "WATCH-2").get(0);
            scribble(e.payload().toByteArray(), positions);
            scribble(s.get("copy").toByteArray(), positions);
            scribble(s.find("set").orElseThrow().toByteArray(), positions);
            byte[] target = new byte[size];
            s.get("range").copyTo(target, 0);
            scribble(target, positions);
            expectValue("PAYLOAD-4", other, "watched", expected);
            expectValue("PAYLOAD-4", other, "copy", expected);
            expectValue("PAYLOAD-4", other, "set", expected);
            expectValue("PAYLOAD-4", other, "range", expected);
            if (!expected.equals(e.payload())) {
                fail("[PAYLOAD-4] changing the array of an event's payload changed the event's payload");
            }
            probe.cancel();
        }
    }

    private static void scribble(byte[] b, int[] positions) {
        for (int p : positions) {
            if (p >= 0 && p < b.length) {
                b[p] = (byte) ~b[p];
            }
        }
    }
}
