package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports exactly its API package, and registers its decorator both ways. */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws IOException {
        Module module = KvMetrics.class.getModule();
        if (module.isNamed()) {
            return module.getDescriptor();
        }
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsExactlyTheApiPackage() throws IOException {
        ModuleDescriptor d = descriptor();
        assertEquals("dev.kv.micrometer", d.name());
        assertEquals(Set.of("dev.kv.micrometer"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(d.opens().isEmpty());
    }

    @Test
    void requiresMicrometerAndTheProviderLibrariesOnlyStatically() throws IOException {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = descriptor().requires().stream()
                .filter(r -> !r.name().equals("java.base"))
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Map.of(
                "dev.kv.api", Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE),
                "micrometer.core", Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE),
                "com.github.benmanes.caffeine", Set.of(ModuleDescriptor.Requires.Modifier.STATIC),
                "chronicle.map", Set.of(ModuleDescriptor.Requires.Modifier.STATIC),
                "lettuce.core", Set.of(ModuleDescriptor.Requires.Modifier.STATIC)), requires);
    }

    @Test
    void providesTheDecoratorOnTheModulePathAndTheClassPath() throws IOException {
        ModuleDescriptor d = descriptor();
        assertEquals(Map.of("dev.kv.api.spi.KvStoreDecorator", List.of("dev.kv.micrometer.internal.MetricsDecorator")),
                d.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service,
                        ModuleDescriptor.Provides::providers)));
        assertEquals(Set.of("dev.kv.micrometer.KvStoreMeterBinder"), d.uses());
        assertEquals(List.of("dev.kv.micrometer.internal.MetricsDecorator"),
                Files.readAllLines(Path.of("src/main/resources/META-INF/services/dev.kv.api.spi.KvStoreDecorator")));
    }
}
