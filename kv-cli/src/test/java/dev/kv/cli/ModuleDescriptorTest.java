package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** kv-cli is a command, not a library: it exports nothing and opens its package to picocli alone. */
class ModuleDescriptorTest {

    private final ModuleDescriptor descriptor = KvMain.class.getModule().getDescriptor();

    @Test
    void exportsNothing() {
        assertTrue(KvMain.class.getModule().isNamed(), "tests run on the module path");
        assertEquals("dev.kv.cli", descriptor.name());
        assertEquals(Set.of(), descriptor.exports(), "kv-cli exports no package");
    }

    @Test
    void opensItsPackageToPicocliOnly() {
        assertEquals(1, descriptor.opens().size(), descriptor.opens().toString());
        ModuleDescriptor.Opens opens = descriptor.opens().iterator().next();
        assertEquals("dev.kv.cli", opens.source());
        assertEquals(Set.of("info.picocli"), opens.targets());
        assertTrue(!descriptor.isOpen(), "not an open module");
    }

    @Test
    void requiresTheApiTheKitAndPicocliButNoProvider() {
        Set<String> required = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "java.logging", "dev.kv.api", "dev.kv.tck", "info.picocli"), required,
                "providers are found by service binding, never required");
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        for (String p : KvMain.class.getModule().getPackages()) {
            assertTrue(p.startsWith("dev.kv.cli"), p);
        }
    }
}
