package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.expectMissing;
import static dev.kv.tck.internal.BasicChecks.expectValue;
import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** NAME and VIS clauses. */
final class NameChecks {

    private NameChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("NAME-1, NAME-3, VIS-2", "every legal name opens, tricky names are distinct stores",
                        NameChecks::legalNames),
                Check.of("NAME-2", "illegal names fail with INVALID_ARGUMENT naming the rule; nothing is created",
                        NameChecks::illegalNames),
                Check.of("NAME-4, VIS-2", "names are case-sensitive", NameChecks::caseSensitive),
                Check.of("VIS-2", "names a naive mapping confuses stay isolated: a/b and a_b, x and x. and ./x",
                        NameChecks::confusable),
                Check.of("VIS-1", "handles of one name see each other's writes at once", NameChecks::sameStore));
    }

    /** Names that file-backed providers tend to get wrong; each must be a store of its own. */
    static final List<String> TRICKY = List.of(
            "../x", "/abs", "a/b", "a_b", "a\\b", ".", "..", "x", "x.", "./x", "x/", " x", "x ", "CON", "nul", "a:b",
            "*", "?", "%2e%2e", "a%2Fb", "\u00e9", "e\u0301", "\ud83d\ude00", "\u65e5\u672c", "A", "a",
            "n".repeat(128), "\u00e9".repeat(128));

    private static void legalNames(TckContext ctx) {
        Map<String, KvStore> stores = new LinkedHashMap<>();
        for (String name : TRICKY) {
            KvStore s;
            try {
                s = ctx.open(name);
            } catch (KvException e) {
                throw new AssertionError("[NAME-1, NAME-3] the legal name " + Text.quote(name) + " could not be opened"
                        + " by provider '" + ctx.id() + "': " + e.reason() + ": " + e.getMessage(), e);
            }
            assertEquals(name, s.name(), () -> "[NAME-3] store opened as " + Text.quote(name) + " reports name "
                    + Text.quote(s.name()));
            stores.put(name, s);
        }
        for (Map.Entry<String, KvStore> e : stores.entrySet()) {
            e.getValue().set("who", utf8(e.getKey()));
        }
        for (Map.Entry<String, KvStore> e : stores.entrySet()) {
            String got = e.getValue().find("who").map(p -> p.toUtf8()).orElse(null);
            if (!e.getKey().equals(got)) {
                fail("[NAME-3, VIS-2] store " + Text.quote(e.getKey()) + " holds the value written to store "
                        + Text.quote(got) + ": two names share a resource");
            }
        }
        List<String> rds = new ArrayList<>();
        for (KvStore s : stores.values()) {
            rds.add(s.rd());
        }
        assertEquals(rds.size(), rds.stream().distinct().count(),
                () -> "[NAME-3, WATCH-1] distinct names share an rd: " + rds);
        assertInside(ctx);
    }

    /** NAME-3: whatever a provider creates for a name stays inside its own space: nothing next to the test dir. */
    private static void assertInside(TckContext ctx) {
        Path parent = ctx.directory().getParent();
        for (String escape : List.of("x", "abs")) {
            Path outside = parent.resolve(escape);
            if (Files.exists(outside) && isNewerThan(outside, ctx.directory())) {
                fail("[NAME-3] opening '../x' or '/abs' created " + outside + " outside the test's directory "
                        + ctx.directory());
            }
        }
    }

    private static boolean isNewerThan(Path p, Path reference) {
        try {
            return Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(reference)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void illegalNames(TckContext ctx) throws IOException {
        Map<String, String> illegal = new LinkedHashMap<>();
        illegal.put("", "empty");
        illegal.put("n".repeat(129), "128");
        illegal.put("a\u0000b", "control");
        illegal.put("tab\t", "control");
        illegal.put("del\u007f", "control");
        illegal.put("c1\u0085", "control");
        illegal.put("lone\ud800", "surrogate");
        illegal.put("\udc00lone", "surrogate");
        List<String> before = listing(ctx.directory());
        for (Map.Entry<String, String> e : illegal.entrySet()) {
            String name = e.getKey();
            KvException ex = fails("NAME-2", Reason.INVALID_ARGUMENT, "provider '" + ctx.id() + "' open("
                    + Text.quote(name) + ")", () -> ctx.open(name));
            assertTrue(ex.getMessage().toLowerCase(java.util.Locale.ROOT).contains(e.getValue()),
                    () -> "[NAME-2] opening " + Text.quote(name) + " failed, but the description does not name the"
                            + " rule broken (" + e.getValue() + "): " + ex.getMessage());
        }
        KvException ex = fails("NAME-2", Reason.INVALID_ARGUMENT, "provider '" + ctx.id() + "' open(null)",
                () -> ctx.open(null));
        assertTrue(ex.getMessage().contains("null"),
                () -> "[NAME-2] open(null) failed, but the description does not say the name is null: "
                        + ex.getMessage());
        List<String> after = listing(ctx.directory());
        assertEquals(before, after, "[NAME-2] failed opens of illegal names created files in the store's directory");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    private static void caseSensitive(TckContext ctx) {
        String base = ctx.name("case");
        List<String> names = List.of("a-" + base, "A-" + base, "Key-" + base, "KEY-" + base, "key-" + base,
                "stra\u00dfe-" + base, "STRASSE-" + base, "strasse-" + base);
        List<KvStore> stores = new ArrayList<>();
        for (String n : names) {
            stores.add(ctx.open(n));
        }
        for (int i = 0; i < names.size(); i++) {
            stores.get(i).set("k", utf8(names.get(i)));
        }
        for (int i = 0; i < names.size(); i++) {
            String got = stores.get(i).find("k").map(p -> p.toUtf8()).orElse(null);
            if (!names.get(i).equals(got)) {
                fail("[NAME-4, VIS-2] store " + Text.quote(names.get(i)) + " holds the value written to "
                        + Text.quote(got) + ": names differing only in case share a store");
            }
        }
    }

    private static void confusable(TckContext ctx) {
        String base = ctx.name("conf");
        List<String> names = List.of(base + "/b", base + "_b", base + "x", base + "x.", base + "./x", "./" + base
                + "x", base + "\\b", base + "%2Fb");
        List<KvStore> stores = new ArrayList<>();
        for (String n : names) {
            stores.add(ctx.open(n));
        }
        stores.get(0).set("only-here", utf8("first"));
        for (int i = 1; i < names.size(); i++) {
            expectMissing("VIS-2", stores.get(i), "only-here");
        }
        for (int i = 0; i < names.size(); i++) {
            stores.get(i).set("k", utf8(names.get(i)));
        }
        for (int i = 0; i < names.size(); i++) {
            expectValue("VIS-2", stores.get(i), "k", utf8(names.get(i)));
        }
    }

    private static void sameStore(TckContext ctx) {
        String name = ctx.name("vis");
        KvStore a = ctx.open(name);
        KvStore b = ctx.open(name);
        for (int i = 0; i < 200; i++) {
            a.set("k" + (i % 7), utf8("v" + i));
            expectValue("VIS-1", b, "k" + (i % 7), utf8("v" + i));
            if (i % 5 == 0) {
                b.delete("k" + (i % 7));
                expectMissing("VIS-1", a, "k" + (i % 7));
            }
        }
        assertEquals(a.rd(), b.rd(), "[VIS-1, WATCH-1] two handles of store " + Text.quote(name) + " have different rds");
    }
}
