package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.StoreInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional SPI operations kv stores and kv drop use: listing, looking up and removing stores. */
class StoreCatalogTest {

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    private KvConfig config() {
        return ChronicleProviderTest.config(dir);
    }

    private void put(String store, String key, String value) {
        try (KvStore s = provider.open(store, config())) {
            s.set(key, Payload.ofUtf8(value));
        }
    }

    @Test
    void listsTheStoresOfTheDataDirectoryByNameWithTheirFileSizes() {
        put("b", "k", "1");
        put("A-long name with spaces", "k", "2");
        put("X".repeat(60), "k", "3"); // encoded, longer than a plain file name: kept as a hash
        List<StoreInfo> stores = provider.stores(config());
        assertEquals(List.of(Optional.of("A-long name with spaces"), Optional.of("b"), Optional.empty()),
                stores.stream().map(StoreInfo::name).collect(Collectors.toList()), stores.toString());
        for (StoreInfo s : stores) {
            assertTrue(s.bytes().orElse(0) > 0 && s.location().startsWith(dir.toString()), s.toString());
        }
    }

    @Test
    void lookingUpOrListingCreatesNothingNotEvenTheDataDirectory() {
        Path missing = dir.resolve("not-yet");
        KvConfig config = ChronicleProviderTest.config(missing);
        assertEquals(Optional.empty(), provider.store("s", config));
        assertEquals(List.of(), provider.stores(config));
        assertFalse(Files.exists(missing), "nothing created");
        put("s", "k", "v");
        assertEquals(Optional.of("s"), provider.store("s", config()).flatMap(StoreInfo::name));
        assertEquals(Optional.empty(), provider.store("t", config()));
    }

    @Test
    void dropRemovesTheStoreSoItsNameOpensEmpty() {
        put("s", "k", "v");
        provider.drop("s", config());
        assertEquals(Optional.empty(), provider.store("s", config()));
        try (KvStore s = provider.open("s", config())) {
            assertTrue(s.find("k").isEmpty(), "a dropped store's name opens as a new, empty store");
            s.set("k", Payload.ofUtf8("again"));
        }
        try (KvStore s = provider.open("s", config())) {
            assertEquals("again", s.get("k").toUtf8());
        }
    }

    @Test
    void dropOfAStoreThatDoesNotExistIsNotFoundNamingIt() {
        KvException e = assertThrows(KvException.class, () -> provider.drop("nope", config()));
        assertEquals(KvException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().startsWith("no store 'nope' in " + dir), e.getMessage());
    }

    @Test
    void dropRefusesWhileTheStoreIsOpenAndChangesNothing() {
        try (KvStore s = provider.open("s", config())) {
            s.set("k", Payload.ofUtf8("kept"));
            KvException e = assertThrows(KvException.class, () -> provider.drop("s", config()));
            assertEquals(KvException.Reason.STORAGE, e.reason());
            assertTrue(e.getMessage().contains("is open in this process (" + ProcessHandle.current().pid() + ")"),
                    e.getMessage());
            assertEquals("kept", s.get("k").toUtf8());
        }
        assertTrue(provider.store("s", config()).isPresent());
    }
}
