package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A forwarding provider hands the optional store operations to the wrapped one, under its property names. */
class ForwardingStoreCatalogTest {

    private static final ConfigProperty<String> DIR = ConfigProperty.ofString("kv.inner.dir", "none", "where");

    /** Records what it is asked, with the configuration it receives. */
    private static final class Inner implements KvProvider {
        final List<String> calls = new ArrayList<>();

        @Override
        public String id() {
            return "inner";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public List<ConfigProperty<?>> configProperties() {
            return List.of(DIR);
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            throw new UnsupportedOperationException("not needed");
        }

        @Override
        public List<StoreInfo> stores(KvConfig config) {
            calls.add("stores " + DIR.from(config));
            return List.of(new StoreInfo("s", 1, DIR.from(config)));
        }

        @Override
        public Optional<StoreInfo> store(String name, KvConfig config) {
            calls.add("store " + name + " " + DIR.from(config));
            return Optional.empty();
        }

        @Override
        public void drop(String name, KvConfig config) {
            calls.add("drop " + name + " " + DIR.from(config));
        }
    }

    private static final class Outer extends ForwardingKvProvider {
        Outer(KvProvider inner) {
            super("outer", inner);
        }
    }

    @Test
    void storesStoreAndDropReachTheWrappedProviderWithItsPropertyNames() {
        Inner inner = new Inner();
        Outer outer = new Outer(inner);
        KvConfig config = KvConfig.builder().set("kv.outer.dir", "/d").build();
        assertEquals(List.of(new StoreInfo("s", 1, "/d")), outer.stores(config));
        assertEquals(Optional.empty(), outer.store("t", config));
        outer.drop("t", config);
        assertEquals(List.of("stores /d", "store t /d", "drop t /d"), inner.calls);
    }

    @Test
    void anUnknownPropertyUnderTheOuterPrefixIsRefusedThereToo() {
        Outer outer = new Outer(new Inner());
        KvException e = assertThrows(KvException.class,
                () -> outer.stores(KvConfig.builder().set("kv.outer.dri", "/d").build()));
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
    }

    @Test
    void aProviderThatDoesNotOverrideThemSaysUnsupported() {
        KvProvider plain = new KvProvider() {
            @Override
            public String id() {
                return "plain";
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of();
            }

            @Override
            public KvStore open(String name, KvConfig config) {
                throw new UnsupportedOperationException("not needed");
            }
        };
        KvException e = assertThrows(KvException.class, () -> plain.drop("s", KvConfig.empty()));
        assertEquals(KvException.Reason.UNSUPPORTED, e.reason());
        assertEquals("provider 'plain' cannot remove stores", e.getMessage());
    }
}
