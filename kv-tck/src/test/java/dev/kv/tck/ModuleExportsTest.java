package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The kit's module exports exactly its API package, read from the compiled module-info. */
class ModuleExportsTest {

    private static ModuleDescriptor descriptor() {
        Path classes = Path.of(System.getProperty("kv.tck.classes", "target/classes"));
        ModuleReference ref = ModuleFinder.of(classes).find("dev.kv.tck").orElseThrow(
                () -> new AssertionError("no module dev.kv.tck in " + classes.toAbsolutePath()));
        return ref.descriptor();
    }

    @Test
    void exportsExactlyTheApiPackage() {
        Set<String> exported = new TreeSet<>();
        descriptor().exports().forEach(e -> {
            assertTrue(!e.isQualified(), () -> "qualified export " + e);
            exported.add(e.source());
        });
        assertEquals(Set.of("dev.kv.tck"), exported, "packages exported by dev.kv.tck");
    }

    @Test
    void opensItsTestPackagesOnlyToJUnit() {
        descriptor().opens().forEach(o -> assertEquals(Set.of("org.junit.platform.commons"), o.targets(),
                () -> "package " + o.source() + " is opened to " + o.targets()));
    }

    @Test
    void internalPackagesAreNotExported() {
        Set<String> packages = descriptor().packages();
        assertTrue(packages.contains("dev.kv.tck.internal"), "the checks live in dev.kv.tck.internal");
        descriptor().exports().forEach(e -> assertTrue(!e.source().contains("internal"), "exports " + e.source()));
    }
}
