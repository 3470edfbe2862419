package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** CONF clauses. */
final class ConfigChecks {

    static final String BUFFER = "kv.watch.bufferSize";

    private ConfigChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("CONF-1", "every documented property has a name under kv.<id>., a description and a default",
                        ConfigChecks::documented),
                Check.of("CONF-2", "configuration in code wins over the system property, which wins over the default",
                        ConfigChecks::precedence),
                Check.of("CONF-3", "an unusable value fails open with CONFIGURATION naming property and value",
                        ConfigChecks::badValue),
                Check.of("CONF-4", "an undocumented property under the provider's prefix fails open",
                        ConfigChecks::unknown),
                Check.of("CONF-5", "opening an open store again with another configuration is refused naming each"
                        + " property that differs, changing nothing, or succeeds", ConfigChecks::reopenedOtherwise));
    }

    private static void documented(TckContext ctx) {
        List<ConfigProperty<?>> props = ctx.provider().configProperties();
        assertTrue(props != null, "[CONF-1] configProperties() returned null");
        Set<String> names = new HashSet<>();
        String prefix = "kv." + ctx.id() + ".";
        for (ConfigProperty<?> p : props) {
            String n = p.name();
            assertTrue(n != null && (n.startsWith(prefix) && n.length() > prefix.length() || n.equals(BUFFER)),
                    () -> "[CONF-1] property " + n + " of provider '" + ctx.id() + "' is not named " + prefix
                            + "<name> (or the shared " + BUFFER + ")");
            assertTrue(names.add(n), () -> "[CONF-1] property " + n + " is documented twice");
            assertTrue(p.description() != null && !p.description().isBlank(), () -> "[CONF-1] property " + n
                    + " has no description");
            assertTrue(p.defaultText() != null && !p.defaultText().isBlank(), () -> "[CONF-1] property " + n
                    + " documents no default");
            if (p.defaultValue() != null) {
                Object read;
                try {
                    read = p.from(KvConfig.builder().set(n, p.defaultText()).build());
                } catch (KvException e) {
                    throw new AssertionError("[CONF-1] property " + n + " refuses its own documented default '"
                            + p.defaultText() + "': " + e.getMessage(), e);
                }
                assertTrue(p.defaultValue().equals(read), () -> "[CONF-1] property " + n + " set to its documented"
                        + " default '" + p.defaultText() + "' reads as " + read + ", not the default in effect, "
                        + p.defaultValue());
            }
            assertTrue(p.minimum().isPresent() == p.maximum().isPresent(), () -> "[CONF-1] property " + n
                    + " documents only one end of its range: minimum " + p.minimum() + ", maximum " + p.maximum());
            readsAsWritten(p);
            if (p.minimum().isPresent() && p.maximum().isPresent()) {
                for (long end : new long[] {p.minimum().getAsLong(), p.maximum().getAsLong()}) {
                    Object read;
                    try {
                        read = p.from(KvConfig.builder().set(n, Long.toString(end)).build());
                    } catch (KvException e) {
                        throw new AssertionError("[CONF-1] property " + n + " documents the range "
                                + p.minimum().getAsLong() + " to " + p.maximum().getAsLong() + " but refuses " + end
                                + ": " + e.getMessage(), e);
                    }
                    assertTrue(read instanceof Long && (Long) read == end, () -> "[CONF-1] property " + n + " read "
                            + end + " as " + read);
                }
            }
        }
        hooksUseDocumentedProperties(ctx, names);
    }

    /** The largest whole number of TiB a long holds: one more overflows when shifted into bytes. */
    private static final long MOST_TIB = Long.MAX_VALUE >> 40;

    /**
     * A boolean property reads {@code true} and {@code false} as written; a size property (its default written
     * with a byte unit) reads the largest whole number of TiB a long holds, where its range allows, as that many
     * bytes: a size parser's overflow test that is off by one refuses it.
     */
    private static void readsAsWritten(ConfigProperty<?> p) {
        if (p.defaultValue() instanceof Boolean) {
            for (boolean b : new boolean[] {true, false}) {
                Object read = p.from(KvConfig.builder().set(p.name(), Boolean.toString(b)).build());
                assertTrue(Boolean.valueOf(b).equals(read), () -> "[CONF-1] boolean property " + p.name() + " set to "
                        + b + " reads as " + read);
            }
        }
        boolean size = p.defaultText() != null && p.defaultText().matches("\\d+(B|KiB|MiB|GiB|TiB)");
        long most = MOST_TIB << 40;
        if (size && p.minimum().isPresent() && p.maximum().isPresent() && p.minimum().getAsLong() <= most
                && most <= p.maximum().getAsLong()) {
            String text = MOST_TIB + "TiB";
            Object read;
            try {
                read = p.from(KvConfig.builder().set(p.name(), text).build());
            } catch (KvException e) {
                throw new AssertionError("[CONF-1] size property " + p.name() + " documents the range up to "
                        + p.maximum().getAsLong() + " bytes but refuses " + text + " (" + most + " bytes): "
                        + e.getMessage(), e);
            }
            assertTrue(Long.valueOf(most).equals(read), () -> "[CONF-1] size property " + p.name() + " reads " + text
                    + " as " + read + ", not " + most);
        }
    }

    /**
     * The properties under the provider's prefix that the kit's hooks were told to set (the base configuration,
     * and the expiring and bounded ones where the capability is declared) must be among those documented: they are
     * properties the provider reads.
     */
    private static void hooksUseDocumentedProperties(TckContext ctx, Set<String> documented) {
        String prefix = "kv." + ctx.id() + ".";
        List<KvConfig> given = new ArrayList<>();
        given.add(ctx.config());
        Set<Capability> caps = ctx.provider().capabilities();
        if (caps.contains(Capability.EXPIRY)) {
            given.add(ctx.expiring(Duration.ofSeconds(1)));
        }
        if (caps.contains(Capability.EVICTION)) {
            given.add(ctx.bounded(1 << 20));
        }
        for (KvConfig config : given) {
            for (String property : config.asMap().keySet()) {
                assertTrue(!property.startsWith(prefix) || documented.contains(property), () -> "[CONF-1] the kit's"
                        + " configuration hooks set " + property + ", which provider '" + ctx.id() + "' reads but"
                        + " does not document in configProperties() " + documented);
            }
        }
    }

    private static void requireBufferUnset(TckContext ctx) {
        Assumptions.assumeTrue(ctx.config().get(BUFFER).isEmpty() && System.getProperty(BUFFER) == null,
                "the configuration or a system property already sets " + BUFFER + ", which this check varies");
    }

    private static void precedence(TckContext ctx) {
        requireBufferUnset(ctx);
        String name = ctx.name("conf2");
        System.setProperty(BUFFER, "2");
        try {
            KvStore s = ctx.open(name);
            Probe p = Probe.subscribe(s, "k", 0);
            for (int i = 0; i < 6; i++) {
                s.set("k", utf8("v" + i));
            }
            p.awaitTermination("CONF-2");
            assertTrue(p.error() instanceof KvException && ((KvException) p.error()).reason() == Reason.WATCH_OVERFLOW,
                    () -> "[CONF-2] with the system property " + BUFFER + "=2, a subscriber 6 events behind ended with "
                            + p.error() + " instead of WATCH_OVERFLOW: the system property was not read");
            s.close();
            KvStore t = ctx.open(ctx.name("conf2b"), ctx.config().with(BUFFER, "64"));
            Probe q = Probe.subscribe(t, "k", 0);
            for (int i = 0; i < 6; i++) {
                t.set("k", utf8("v" + i));
            }
            q.request(6);
            q.awaitEvents(6, "CONF-2");
            assertNull(q.error(), () -> "[CONF-2] with " + BUFFER + "=64 in code and 2 as a system property, a"
                    + " subscriber 6 events behind failed: the configuration in code must win; " + q.error());
        } finally {
            System.clearProperty(BUFFER);
        }
    }

    private static void badValue(TckContext ctx) {
        for (String bad : List.of("banana", "0", "-3")) {
            KvConfig config = ctx.config().with(BUFFER, bad);
            KvException e = fails("CONF-3", Reason.CONFIGURATION, "open with " + BUFFER + "=" + bad,
                    () -> ctx.open(ctx.name("conf3"), config));
            assertTrue(e.getMessage().contains(BUFFER) && e.getMessage().contains(bad), () -> "[CONF-3] the error"
                    + " does not name the property " + BUFFER + " and the value '" + bad + "': " + e.getMessage());
        }
        for (ConfigProperty<?> p : ctx.provider().configProperties()) {
            for (String bad : outsideTheRange(p)) {
                KvException e = fails("CONF-3", Reason.CONFIGURATION, "open with " + p.name() + "=" + bad
                                + ", outside its documented range", () -> ctx.open(ctx.name("conf3"),
                        ctx.config().with(p.name(), bad)));
                assertTrue(e.getMessage().contains(p.name()) && e.getMessage().contains(bad), () -> "[CONF-3] the"
                        + " error does not name " + p.name() + " and '" + bad + "': " + e.getMessage());
            }
        }
        for (ConfigProperty<?> p : ctx.provider().configProperties()) {
            Object d = p.defaultValue();
            if (d instanceof Number || d instanceof Boolean || d instanceof Duration) {
                String bad = "not-a-value-%";
                KvException e = fails("CONF-3", Reason.CONFIGURATION, "open with " + p.name() + "=" + bad,
                        () -> ctx.open(ctx.name("conf3"), ctx.config().with(p.name(), bad)));
                assertTrue(e.getMessage().contains(p.name()) && e.getMessage().contains(bad), () -> "[CONF-3] the"
                        + " error does not name " + p.name() + " and '" + bad + "': " + e.getMessage());
            }
        }
    }

    /**
     * Values just outside a numeric property's documented range, and numbers no long holds: one past
     * {@code Long.MAX_VALUE} in plain digits, and 2^63 bytes written in TiB, which a size parser that shifts
     * without checking wraps to a negative number.
     */
    private static List<String> outsideTheRange(ConfigProperty<?> p) {
        if (p.minimum().isEmpty() || p.maximum().isEmpty()) {
            return List.of();
        }
        List<String> outside = new ArrayList<>();
        long min = p.minimum().getAsLong();
        long max = p.maximum().getAsLong();
        if (min > Long.MIN_VALUE) {
            outside.add(Long.toString(min - 1));
        }
        if (max < Long.MAX_VALUE) {
            outside.add(Long.toString(max + 1));
        }
        outside.add("9223372036854775808");
        outside.add("8388608TiB");
        return outside;
    }

    private static void unknown(TckContext ctx) {
        String property = "kv." + ctx.id() + ".noSuchPropertyOfTheKit";
        KvException e = fails("CONF-4", Reason.CONFIGURATION, "open with the undocumented " + property,
                () -> ctx.open(ctx.name("conf4"), ctx.config().with(property, "1")));
        assertTrue(e.getMessage().contains(property), () -> "[CONF-4] the error does not name " + property + ": "
                + e.getMessage());
        System.setProperty(property, "1");
        try {
            fails("CONF-4", Reason.CONFIGURATION, "open with the undocumented system property " + property,
                    () -> ctx.open(ctx.name("conf4"), ctx.config()));
        } finally {
            System.clearProperty(property);
        }
    }

    /**
     * CONF-5: with a store open, opens it again once per documented property with another good value of that
     * property, and once with two of them changed. Each open either succeeds (the provider honours it, or the
     * property selects another store) or is refused with CONFIGURATION naming every property that differs; a
     * refusal leaves the open handle and its value as they were, and the store still ends at its last close.
     */
    private static void reopenedOtherwise(TckContext ctx) {
        String name = ctx.name("conf5");
        KvStore first = ctx.open(name);
        first.set("k", utf8("kept"));
        List<ConfigProperty<?>> varied = new ArrayList<>();
        KvConfig both = ctx.config();
        for (ConfigProperty<?> p : ctx.provider().configProperties()) {
            Optional<String> other = anotherGoodValue(p, ctx.config());
            if (other.isEmpty()) {
                continue;
            }
            reopenWith(ctx, first, name, List.of(p), ctx.config().with(p.name(), other.get()));
            if (varied.size() < 2) {
                varied.add(p);
                both = both.with(p.name(), other.get());
            }
        }
        Assumptions.assumeTrue(!varied.isEmpty(), "provider '" + ctx.id() + "' documents no boolean, numeric or"
                + " duration property to vary");
        if (varied.size() == 2) {
            reopenWith(ctx, first, name, varied, both);
        }
        first.close();
        if (!ctx.provider().capabilities().contains(Capability.PERSISTENT)) {
            KvStore again = ctx.open(name);
            try {
                assertTrue(again.find("k").isEmpty(), () -> "[CONF-5] store " + Text.quote(name) + " still held its"
                        + " value after its only handle closed: a refused open of it kept it alive (CLOSE-5)");
            } finally {
                again.close();
            }
        }
    }

    private static void reopenWith(TckContext ctx, KvStore first, String name, List<ConfigProperty<?>> differing,
            KvConfig config) {
        String what = "opening store " + Text.quote(name) + " again, while it is open, with " + differing.stream()
                .map(p -> p.name() + "=" + config.get(p.name()).orElse("?")).collect(Collectors.joining(", "));
        KvStore second;
        try {
            second = ctx.open(name, config);
        } catch (KvException e) {
            assertTrue(e.reason() == Reason.CONFIGURATION, () -> "[CONF-5] " + what + " failed with reason "
                    + e.reason() + " instead of succeeding or CONFIGURATION: " + e.getMessage());
            for (ConfigProperty<?> p : differing) {
                assertTrue(e.getMessage().contains(p.name()), () -> "[CONF-5] " + what + " was refused without naming"
                        + " " + p.name() + ", which differs from the open store's: " + e.getMessage());
            }
            Optional<Payload> kept = first.find("k");
            assertTrue(kept.isPresent() && "kept".equals(kept.get().toUtf8()), () -> "[CONF-5] after " + what
                    + " was refused, the open handle reads " + kept.map(Payload::toUtf8) + " for key \"k\" instead of"
                    + " \"kept\": the refusal changed the open store");
            return;
        }
        try {
            second.set("conf5", utf8("honoured"));
            Optional<Payload> read = second.find("conf5");
            assertTrue(read.isPresent() && "honoured".equals(read.get().toUtf8()), () -> "[CONF-5] " + what
                    + " succeeded, but the handle it gave reads " + read.map(Payload::toUtf8) + " after writing"
                    + " \"honoured\"");
        } finally {
            second.close();
        }
    }

    /**
     * Another value than the one in effect under {@code config} that the property documents as good, as text: the
     * other boolean, a number one step inside the range, a duration one second longer (or an hour, for an unset
     * one). Empty for text and path properties, which may name another store or server.
     */
    private static Optional<String> anotherGoodValue(ConfigProperty<?> p, KvConfig config) {
        Object current = p.from(config);
        if (current instanceof Boolean) {
            return Optional.of(Boolean.toString(!(Boolean) current));
        }
        if (current instanceof Long && p.minimum().isPresent() && p.maximum().isPresent()) {
            long v = (Long) current;
            long other = v < p.maximum().getAsLong() ? v + 1 : v - 1;
            return other >= p.minimum().getAsLong() && other != v ? Optional.of(Long.toString(other))
                    : Optional.empty();
        }
        if (current instanceof Duration) {
            return Optional.of((((Duration) current).toMillis() + 1000) + "ms");
        }
        if (current == null) {
            try {
                if (p.from(config.with(p.name(), "1h")) instanceof Duration) {
                    return Optional.of("1h");
                }
            } catch (KvException notADuration) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
