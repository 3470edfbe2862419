package dev.kv.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.spi.KvProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;

/**
 * PROV-2 for a provider loaded from the class path: the jar or directory it came from must still carry a
 * {@code module-info.class} that provides it, so that the same artifact works on the module path.
 */
final class ModuleInfos {

    private ModuleInfos() {
    }

    /**
     * Fails unless the provider's jar or class directory has a module descriptor that provides it and does not
     * export its package.
     *
     * @param type the provider's class, loaded in an unnamed module
     * @throws IOException if the jar cannot be read
     */
    static void checkDescribes(Class<?> type) throws IOException {
        Path location = location(type);
        Assumptions.assumeTrue(location != null, "cannot tell which jar or directory " + type.getName()
                + " was loaded from, so its module-info cannot be checked (PROV-2's module-path half)");
        Optional<ModuleDescriptor> descriptor = Files.isDirectory(location) ? fromDirectory(location)
                : fromJar(location);
        if (descriptor.isEmpty()) {
            fail("[PROV-2] " + location + ", where " + type.getName() + " comes from, has no module-info.class: on the"
                    + " module path it would be an automatic module, and the provider must be declared with 'provides "
                    + KvProvider.class.getName() + " with " + type.getName() + "' in a module-info");
        }
        ModuleDescriptor d = descriptor.get();
        boolean provides = d.provides().stream().anyMatch(p -> p.service().equals(KvProvider.class.getName())
                && p.providers().contains(type.getName()));
        if (!provides) {
            fail("[PROV-2] the module-info of " + location + " (module " + d.name() + ") does not declare 'provides "
                    + KvProvider.class.getName() + " with " + type.getName() + "'");
        }
        String pkg = type.getPackageName();
        if (d.exports().stream().anyMatch(e -> e.source().equals(pkg) && !e.isQualified())) {
            fail("[PROV-2] module " + d.name() + " (" + location + ") exports the implementation package " + pkg);
        }
    }

    private static Path location(Class<?> type) {
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            return url == null || !"file".equals(url.getProtocol()) ? null : Path.of(url.toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<ModuleDescriptor> fromDirectory(Path dir) throws IOException {
        Path root = dir.resolve("module-info.class");
        if (Files.isRegularFile(root)) {
            try (InputStream in = Files.newInputStream(root)) {
                return Optional.of(ModuleDescriptor.read(in));
            }
        }
        Path versions = dir.resolve("META-INF/versions");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> s = Files.list(versions)) {
                for (Path v : (Iterable<Path>) s.sorted()::iterator) {
                    Path mi = v.resolve("module-info.class");
                    if (Files.isRegularFile(mi) && isUsable(v.getFileName().toString())) {
                        try (InputStream in = Files.newInputStream(mi)) {
                            return Optional.of(ModuleDescriptor.read(in));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUsable(String version) {
        try {
            return Integer.parseInt(version) <= Runtime.version().feature();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<ModuleDescriptor> fromJar(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false, ZipFile.OPEN_READ, Runtime.version())) {
            ZipEntry entry = file.getEntry("module-info.class");
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = file.getInputStream(entry)) {
                return Optional.of(ModuleDescriptor.read(in));
            }
        }
    }
}
