package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.Kv;
import dev.kv.api.KvStore;
import dev.kv.api.spi.KvProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleTest {

    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        Path classes = Path.of(MemoryKvProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void theModuleExportsAndOpensNothingAndProvidesTheProvider() throws Exception {
        ModuleDescriptor d = descriptor();
        assertEquals("dev.kv.provider.memory", d.name());
        assertEquals(Set.of(), d.exports(), "exported packages");
        assertEquals(Set.of(), d.opens(), "opened packages");
        assertEquals(Set.of("dev.kv.provider.memory"), d.packages());
        List<ModuleDescriptor.Provides> provides = List.copyOf(d.provides());
        assertEquals(1, provides.size());
        assertEquals("dev.kv.api.spi.KvProvider", provides.get(0).service());
        assertEquals(List.of("dev.kv.provider.memory.MemoryKvProvider"), provides.get(0).providers());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "dev.kv.api", "com.github.benmanes.caffeine"), requires);
    }

    @Test
    void theClassPathRegistrationNamesAPublicClassWithAPublicNoArgumentConstructor() throws Exception {
        String registered;
        try (InputStream in = MemoryKvProvider.class.getResourceAsStream(
                "/META-INF/services/dev.kv.api.spi.KvProvider")) {
            assertTrue(in != null, "META-INF/services/dev.kv.api.spi.KvProvider is missing");
            registered = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertEquals(MemoryKvProvider.class.getName(), registered);
        assertTrue(Modifier.isPublic(MemoryKvProvider.class.getModifiers()));
        assertTrue(Modifier.isPublic(MemoryKvProvider.class.getConstructor().getModifiers()));
        assertTrue(KvProvider.class.isAssignableFrom(MemoryKvProvider.class));
    }

    @Test
    void discoveryFindsTheProviderById() {
        try (KvStore store = Kv.builder().provider("memory").open("ModuleTest-discovery")) {
            assertEquals("memory", store.providerId());
            assertEquals("memory:ModuleTest-discovery", store.rd());
        }
        assertInstanceOf(MemoryKvProvider.class, Kv.builder().provider("memory").selectProvider());
    }
}
