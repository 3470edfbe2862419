package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** kv-api exports its API and SPI and nothing else, and uses the two services. */
class ModuleDescriptorTest {

    @Test
    void exportsExactlyTheApiAndSpiPackages() {
        Module module = Kv.class.getModule();
        assertTrue(module.isNamed(), "tests run on the module path");
        ModuleDescriptor d = module.getDescriptor();
        assertEquals("dev.kv.api", d.name());
        assertEquals(Set.of("dev.kv.api", "dev.kv.api.spi"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertEquals(Set.of("dev.kv.api.spi.KvProvider", "dev.kv.api.spi.KvStoreDecorator"), d.uses());
        assertEquals(Set.of("java.base"), d.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet()), "kv-api depends on nothing beyond the JDK's java.base");
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        for (String p : Kv.class.getModule().getPackages()) {
            assertTrue(p.startsWith("dev.kv.api"), p);
        }
    }
}
