package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
                        ConfigChecks::unknown));
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
}
