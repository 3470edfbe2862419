package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.checkError;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.StoreInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * STORES: the optional catalogue operations of the SPI ({@code stores}, {@code store}, {@code drop}) that tools
 * such as {@code kv stores} and {@code kv drop} rely on. A provider may support none of them; what it supports
 * must do what the SPI says.
 */
final class StoreCatalogChecks {

    private StoreCatalogChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("STORES-1", "stores() lists an open store holding a value once, store(name) finds it,"
                        + " neither creates a store nor takes a configuration open refuses",
                        StoreCatalogChecks::listing),
                Check.of("STORES-2", "drop refuses an open store with STORAGE and changes nothing, refuses a store"
                        + " that never existed with NOT_FOUND, and removes a closed one", StoreCatalogChecks::dropping));
    }

    private static void listing(TckContext ctx) {
        KvProvider provider = ctx.provider();
        KvConfig config = ctx.config();
        String name = ctx.name("stores1");
        KvStore s = ctx.open(name);
        s.set("k", utf8("v"));
        List<StoreInfo> listed;
        try {
            listed = provider.stores(config);
        } catch (KvException e) {
            if (e.reason() != Reason.UNSUPPORTED) {
                throw new AssertionError("[STORES-1] stores() failed with " + e.reason() + ": " + e.getMessage(), e);
            }
            checkError("STORES-1", "stores()", e);
            fails("STORES-1", Reason.UNSUPPORTED, "store(name) of a provider whose stores() is unsupported",
                    () -> provider.store(name, config));
            return;
        }
        long times = listed.stream().filter(i -> i.name().equals(Optional.of(name))).count();
        assertEquals(1, times, () -> "[STORES-1] stores() listed store " + Text.quote(name) + ", open and holding a"
                + " value, " + times + " times instead of once: " + names(listed));
        Optional<StoreInfo> found;
        try {
            found = provider.store(name, config);
        } catch (KvException e) {
            throw new AssertionError("[STORES-1] stores() is supported but store(name) failed with " + e.reason()
                    + ": " + e.getMessage(), e);
        }
        assertTrue(found.isPresent(), () -> "[STORES-1] store(" + Text.quote(name) + ") is empty for a store"
                + " stores() lists");
        String fresh = ctx.name("stores1never");
        assertEquals(Optional.empty(), provider.store(fresh, config), "[STORES-1] store(name) of a store never opened");
        assertTrue(provider.stores(config).stream().noneMatch(i -> i.name().equals(Optional.of(fresh))),
                () -> "[STORES-1] store(" + Text.quote(fresh) + ") created the store it looked for");
        fails("STORES-1", Reason.INVALID_ARGUMENT, "store('')", () -> provider.store("", config));
        refusesWhatOpenRefuses(ctx, name);
        assertEquals("v", s.get("k").toUtf8(), "[STORES-1] the listed store's value after listing");
    }

    /** A tool never lists or looks up with a configuration it would refuse to open with. */
    private static void refusesWhatOpenRefuses(TckContext ctx, String name) {
        KvProvider provider = ctx.provider();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("kv." + ctx.id() + ".noSuchPropertyOfTheKit", "1");
        for (ConfigProperty<?> p : provider.configProperties()) {
            Object d = p.defaultValue();
            if (d instanceof Number || d instanceof Boolean || d instanceof Duration) {
                refused.put(p.name(), "not-a-value-%");
                break;
            }
        }
        refused.forEach((property, value) -> {
            KvConfig bad = ctx.config().with(property, value);
            String setting = property + "=" + value;
            KvException listing = fails("STORES-1", Reason.CONFIGURATION, "stores() with " + setting + ", which"
                    + " open refuses", () -> provider.stores(bad));
            assertTrue(listing.getMessage().contains(property), () -> "[STORES-1] the error of stores() with "
                    + setting + " does not name the property: " + listing.getMessage());
            KvException lookup = fails("STORES-1", Reason.CONFIGURATION, "store(" + Text.quote(name) + ") with "
                    + setting + ", which open refuses", () -> provider.store(name, bad));
            assertTrue(lookup.getMessage().contains(property), () -> "[STORES-1] the error of store(name) with "
                    + setting + " does not name the property: " + lookup.getMessage());
        });
    }

    private static void dropping(TckContext ctx) {
        KvProvider provider = ctx.provider();
        KvConfig config = ctx.config();
        String name = ctx.name("stores2");
        KvStore s = ctx.open(name);
        s.set("k", utf8("v"));
        try {
            provider.drop(name, config);
            fail("[STORES-2] drop(" + Text.quote(name) + ") succeeded while a handle of the store was open");
        } catch (KvException e) {
            checkError("STORES-2", "drop of an open store", e);
            if (e.reason() == Reason.UNSUPPORTED) {
                return;
            }
            assertEquals(Reason.STORAGE, e.reason(), () -> "[STORES-2] drop of an open store failed with " + e.reason()
                    + " instead of STORAGE: " + e.getMessage());
            assertTrue(e.getMessage().contains(name), () -> "[STORES-2] the refusal does not name store "
                    + Text.quote(name) + ": " + e.getMessage());
        }
        assertEquals("v", s.get("k").toUtf8(), "[STORES-2] the value of an open store after a refused drop");
        fails("STORES-2", Reason.NOT_FOUND, "drop of a store never opened",
                () -> provider.drop(ctx.name("stores2never"), config));
        s.close();
        try {
            provider.drop(name, config);
        } catch (KvException e) {
            // a store that keeps nothing after its last close no longer exists: nothing to drop
            assertEquals(Reason.NOT_FOUND, e.reason(), () -> "[STORES-2] drop of store " + Text.quote(name)
                    + " after its last handle closed failed with " + e.reason() + ": " + e.getMessage());
        }
        KvStore again = ctx.open(name);
        assertEquals(Optional.empty(), again.find("k"), "[STORES-2] key 'k' of a dropped store");
    }

    private static List<String> names(List<StoreInfo> listed) {
        return listed.stream().map(i -> i.name().orElse("(unnamed)")).toList();
    }
}
