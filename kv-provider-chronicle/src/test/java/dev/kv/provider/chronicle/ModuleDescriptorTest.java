package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** SPEC.md PROV-2: found both ways, exporting no implementation package. */
class ModuleDescriptorTest {

    @Test
    void theModuleExportsNothingAndProvidesTheProvider() throws Exception {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of(ChildJvm.classes(), "module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.kv.provider.chronicle", d.name());
        assertEquals(Set.of(), d.exports());
        assertEquals(Set.of(), d.opens());
        List<ModuleDescriptor.Provides> provides = List.copyOf(d.provides());
        assertEquals(1, provides.size());
        assertEquals("dev.kv.api.spi.KvProvider", provides.get(0).service());
        assertEquals(List.of(ChronicleKvProvider.class.getName()), provides.get(0).providers());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("dev.kv.api", "chronicle.map", "jdk.unsupported", "jdk.compiler")), requires::toString);
    }

    @Test
    void theClassPathRegistrationNamesTheProviderWithAPublicNoArgumentConstructor() throws Exception {
        Path services = Path.of(ChildJvm.classes(), "META-INF", "services", "dev.kv.api.spi.KvProvider");
        List<String> lines = Files.readAllLines(services).stream().map(String::trim).filter(l -> !l.isEmpty())
                .collect(Collectors.toList());
        assertEquals(List.of(ChronicleKvProvider.class.getName()), lines);
        assertTrue(java.lang.reflect.Modifier.isPublic(ChronicleKvProvider.class.getConstructor().getModifiers()));
    }
}
