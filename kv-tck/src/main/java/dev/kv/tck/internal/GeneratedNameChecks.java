package dev.kv.tck.internal;

import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.KvProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Generated store names on both sides of NAME-1's rules, opened through two provider instances. */
final class GeneratedNameChecks {

    private GeneratedNameChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("NAME-3, NAME-1, NAME-4", "generated legal names (hash collisions, case, NFC/NFD, paths,"
                        + " 128 units differing in the last one) are distinct stores with distinct rds",
                        GeneratedNameChecks::distinct),
                Check.of("NAME-2", "every control character, unpaired surrogates anywhere and 129+ units are refused"
                        + " naming the rule, creating nothing", GeneratedNameChecks::illegal),
                Check.of("VIS-1, VIS-2", "handles of two provider instances over the same resources share stores"
                        + " of one name and keep different names apart", GeneratedNameChecks::twoInstances));
    }

    private static void distinct(TckContext ctx) {
        Random r = ctx.random();
        List<String> names = Inputs.names(r, 20);
        Map<String, KvStore> stores = new LinkedHashMap<>();
        for (String n : names) {
            try {
                stores.put(n, ctx.open(n));
            } catch (KvException e) {
                throw new AssertionError("[NAME-1, NAME-3] the legal name " + Text.quote(n) + " (" + n.length()
                        + " units) could not be opened: " + e.reason() + ": " + e.getMessage(), e);
            }
        }
        int i = 0;
        for (KvStore s : stores.values()) {
            s.set("who", Payload.ofUtf8(Integer.toString(i++)));
        }
        i = 0;
        Set<String> rds = new HashSet<>();
        for (Map.Entry<String, KvStore> e : stores.entrySet()) {
            String got = e.getValue().find("who").map(Payload::toUtf8).orElse(null);
            if (!Integer.toString(i).equals(got)) {
                String other = got == null ? "nothing" : Text.quote(names.get(Integer.parseInt(got)));
                fail("[NAME-3" + (sameIgnoringCase(e.getKey(), got, names) ? ", NAME-4" : "") + "] store "
                        + Text.quote(e.getKey()) + " holds the value written to store " + other
                        + ": two names share a resource");
            }
            if (!rds.add(e.getValue().rd())) {
                fail("[NAME-3, WATCH-1] store " + Text.quote(e.getKey()) + " has the rd " + e.getValue().rd()
                        + " of another store");
            }
            assertEquals(e.getKey(), e.getValue().name(), "[NAME-3] the store reports another name");
            i++;
        }
    }

    private static boolean sameIgnoringCase(String name, String got, List<String> names) {
        return got != null && names.get(Integer.parseInt(got)).equalsIgnoreCase(name);
    }

    private static void illegal(TckContext ctx) throws IOException {
        Random r = ctx.random();
        Map<String, String> illegal = new LinkedHashMap<>();
        for (int c = 0; c <= 0x9f; c = c == 0x1f ? 0x7f : c + 1) {
            String legal = Inputs.random(r, 1 + r.nextInt(10), false);
            int at = r.nextInt(legal.length() + 1);
            if (at > 0 && at < legal.length() && Character.isLowSurrogate(legal.charAt(at))) {
                at++;
            }
            illegal.put(legal.substring(0, at) + (char) c + legal.substring(at), "control");
        }
        for (int n = 0; n < 12; n++) {
            illegal.put(Inputs.unpaired(r).text(), "surrogate");
        }
        illegal.put("n".repeat(129), "128");
        illegal.put("n".repeat(127) + "\ud83d\ude00", "128");
        illegal.put("\ud83d\ude00".repeat(65), "128");
        illegal.put(Inputs.random(r, 129 + r.nextInt(2000), false), "128");
        illegal.put("", "empty");
        List<String> before = listing(ctx.directory());
        for (Map.Entry<String, String> e : illegal.entrySet()) {
            String name = e.getKey();
            if (name.length() <= 128 && e.getValue().equals("128")) {
                continue;
            }
            KvException ex = fails("NAME-2", Reason.INVALID_ARGUMENT, "open(" + Text.quote(name) + ") ("
                    + name.length() + " units, illegal: " + e.getValue() + ")", () -> ctx.open(name));
            if (!ex.getMessage().toLowerCase(Locale.ROOT).contains(e.getValue())) {
                fail("[NAME-2] opening " + Text.quote(name) + " failed, but the description does not name the rule"
                        + " broken (" + e.getValue() + "): " + ex.getMessage());
            }
        }
        assertEquals(before, listing(ctx.directory()), "[NAME-2] failed opens of illegal names created files");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    /** A second instance of the provider: another from the hook, or one made with its public constructor. */
    static KvProvider secondInstance(TckContext ctx) {
        KvProvider again = ctx.hooks().provider();
        if (again != ctx.provider()) {
            return again;
        }
        try {
            return ctx.provider().getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void twoInstances(TckContext ctx) {
        KvProvider second = secondInstance(ctx);
        org.junit.jupiter.api.Assumptions.assumeTrue(second != null, "provider() returns one instance and "
                + ctx.provider().getClass().getName() + " has no public no-argument constructor to make another");
        Random r = ctx.random();
        List<String> names = new ArrayList<>();
        String base = ctx.name("inst");
        for (String suffix : List.of("Aa", "BB", "a", "A", "/x", "_x", "\u00e9", "e\u0301")) {
            names.add(base + suffix);
        }
        List<KvStore> first = new ArrayList<>();
        List<KvStore> other = new ArrayList<>();
        for (String n : names) {
            first.add(ctx.open(n));
            KvStore s = second.open(n, ctx.config());
            ctx.adopt(s);
            other.add(s);
        }
        for (int i = 0; i < names.size(); i++) {
            byte[] v = Inputs.bytes(r, 1 + r.nextInt(64));
            first.get(i).set("k", v);
            BasicChecks.expectValue("VIS-1", other.get(i), "k", Payload.copyOf(v));
            other.get(i).set("back", Payload.ofUtf8(names.get(i)));
            BasicChecks.expectValue("VIS-1", first.get(i), "back", Payload.ofUtf8(names.get(i)));
            assertEquals(first.get(i).rd(), other.get(i).rd(), "[VIS-1, WATCH-1] two provider instances give store "
                    + Text.quote(names.get(i)) + " different rds");
        }
        for (int i = 0; i < names.size(); i++) {
            BasicChecks.expectValue("VIS-2", other.get(i), "back", Payload.ofUtf8(names.get(i)));
        }
    }
}
