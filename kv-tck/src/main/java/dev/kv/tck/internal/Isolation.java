package dev.kv.tck.internal;

import dev.kv.api.spi.KvProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Class loaders that show {@link java.util.ServiceLoader} exactly the providers a check lists, for the
 * [library] PROV clauses: the parent is the platform loader (so no provider of the module path or class path
 * leaks in), {@code dev.kv.api} is shared with the kit, and the fake providers of
 * {@code dev.kv.tck.internal.fake} are defined afresh in each loader's unnamed module from the kit's own class
 * files. The provider under test takes part through {@link #UNDER_TEST}, a delegate that asks the loader for it.
 */
public final class Isolation {

    /** A working fake provider, id {@code tck-fake}. */
    public static final String FAKE = "dev.kv.tck.internal.fake.FakeKvProvider";
    /** A second working fake provider, id {@code tck-fake-two}. */
    public static final String FAKE_TWO = "dev.kv.tck.internal.fake.FakeTwoKvProvider";
    /** A provider whose constructor throws. */
    public static final String EXPLODING = "dev.kv.tck.internal.fake.ExplodingKvProvider";
    /** A class that does not exist. */
    public static final String MISSING = "dev.kv.tck.internal.fake.NoSuchKvProvider";
    /** The provider under test, through a delegate. */
    public static final String UNDER_TEST = "dev.kv.tck.internal.fake.UnderTestKvProvider";

    private static final String SERVICES = "META-INF/services/" + KvProvider.class.getName();
    private static final String FAKE_PACKAGE = "dev.kv.tck.internal.fake.";

    private Isolation() {
    }

    /**
     * A loader whose class path lists exactly {@code entries} as providers.
     *
     * @param ctx        the check; the services file goes in its directory, which is deleted when it ends
     * @param entries    class names for the services file
     * @param underTest  the provider {@link #UNDER_TEST} delegates to, or null
     * @return a fresh loader (discovery caches per loader)
     */
    public static ClassLoader loader(TckContext ctx, List<String> entries, KvProvider underTest) {
        try {
            Path dir = Files.createTempDirectory(ctx.directory(), "loader-");
            Path services = dir.resolve(SERVICES);
            Files.createDirectories(services.getParent());
            Files.writeString(services, String.join("\n", entries) + "\n", StandardCharsets.UTF_8);
            return new IsolatingLoader(services.toUri().toURL(), underTest);
        } catch (IOException e) {
            throw new UncheckedIOException("kv-tck could not write a services file", e);
        }
    }

    /**
     * The same, in a child JVM: the services file goes in its java.io.tmpdir, which the kit points at the
     * check's directory.
     *
     * @param entries class names for the services file
     * @return a fresh loader
     */
    static ClassLoader loaderInChild(List<String> entries) {
        try {
            Path dir = Files.createTempDirectory("loader-");
            Path services = dir.resolve(SERVICES);
            Files.createDirectories(services.getParent());
            Files.writeString(services, String.join("\n", entries) + "\n", StandardCharsets.UTF_8);
            return new IsolatingLoader(services.toUri().toURL(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("kv-tck could not write a services file", e);
        }
    }

    private static final class IsolatingLoader extends ClassLoader implements Supplier<Object> {
        static {
            registerAsParallelCapable();
        }

        private final URL services;
        private final KvProvider underTest;

        IsolatingLoader(URL services, KvProvider underTest) {
            super("kv-tck-isolated", ClassLoader.getPlatformClassLoader());
            this.services = services;
            this.underTest = underTest;
        }

        @Override
        public Object get() {
            return underTest;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    if (name.startsWith(FAKE_PACKAGE)) {
                        c = defineFake(name);
                    } else if (name.startsWith("dev.kv.api.")) {
                        c = Class.forName(name, false, KvProvider.class.getClassLoader());
                    } else {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private Class<?> defineFake(String name) throws ClassNotFoundException {
            String resource = "/" + name.replace('.', '/') + ".class";
            try (InputStream in = Isolation.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        protected URL findResource(String name) {
            return name.equals(SERVICES) ? services : null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            return name.equals(SERVICES) ? Collections.enumeration(List.of(services)) : Collections.emptyEnumeration();
        }

        @Override
        public String toString() {
            return "kv-tck isolated loader over " + services;
        }
    }
}
