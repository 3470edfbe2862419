package dev.kv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmarks module is an application: it exports nothing and opens its packages to JMH only. */
class ModuleDescriptorTest {

    @Test
    void exportsNothingAndOpensOnlyToJmh() throws IOException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.kv.bench", d.name());
        assertEquals(Set.of(), d.exports());
        assertTrue(d.opens().stream().allMatch(o -> o.targets().equals(Set.of("jmh.core"))), d.opens()::toString);
    }
}
