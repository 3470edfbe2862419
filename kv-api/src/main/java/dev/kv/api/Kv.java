package dev.kv.api;

import dev.kv.api.spi.Diagnostics;
import dev.kv.api.internal.ProviderDiscovery;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.KvStoreDecorator;
import dev.kv.api.spi.StoreNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point: finds providers with {@link java.util.ServiceLoader} and opens stores.
 *
 * <pre>{@code
 * KvStore store = Kv.open("orders");                       // the one provider present, or the one chosen
 * KvStore cache = Kv.builder().provider("memory")           // a provider chosen in code
 *                   .set("kv.memory.maximumBytes", "64MiB")
 *                   .open("sessions");
 * }</pre>
 *
 * <p>Selection (SPEC.md PROV clauses), first match wins:
 * <ol>
 *   <li>the id chosen in code with {@link Builder#provider(String)}, or a provider instance given to
 *       {@link Builder#provider(KvProvider)};</li>
 *   <li>the system property {@value #PROVIDER_PROPERTY};</li>
 *   <li>the environment variable {@value #PROVIDER_ENVIRONMENT_VARIABLE};</li>
 *   <li>the only provider found.</li>
 * </ol>
 * No provider, several without a choice, or an id that no provider has, is a {@link KvException} with reason
 * {@link KvException.Reason#PROVIDER_SELECTION} whose message lists every provider found (id, class, module
 * or jar), the ones that failed to load, and how to choose. A provider that fails to load is logged and
 * skipped; it does not stop the others from being found.
 *
 * <p>Providers are found on the module path (modules that {@code provides dev.kv.api.spi.KvProvider}) and on
 * the class path ({@code META-INF/services/dev.kv.api.spi.KvProvider}) of the thread's context class loader,
 * or of the class loader given to {@link Builder#classLoader}; the result is cached per class loader.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class Kv {

    /** The system property that names the provider to use. */
    public static final String PROVIDER_PROPERTY = "kv.provider";

    /** The environment variable that names the provider to use, read when the system property is not set. */
    public static final String PROVIDER_ENVIRONMENT_VARIABLE = "KV_PROVIDER";

    private Kv() {
    }

    /**
     * Opens {@code name} with the selected provider and the configuration from system properties.
     *
     * @param name the store's name
     * @return an open handle
     * @throws KvException if the name is illegal, no provider can be selected, or the store cannot be opened
     */
    public static KvStore open(String name) {
        return builder().open(name);
    }

    /**
     * Opens {@code name} with the selected provider and {@code config}.
     *
     * @param name   the store's name
     * @param config configuration given in code
     * @return an open handle
     * @throws KvException as for {@link #open(String)}
     */
    public static KvStore open(String name, KvConfig config) {
        return builder().config(config).open(name);
    }

    /**
     * The provider that {@link #open(String)} would use.
     *
     * @return the selected provider
     * @throws KvException with reason {@code PROVIDER_SELECTION} if none can be selected
     */
    public static KvProvider provider() {
        return builder().selectProvider();
    }

    /**
     * The provider with {@code id}.
     *
     * @param id the provider id
     * @return the provider
     * @throws KvException with reason {@code PROVIDER_SELECTION} if no provider, or several, have that id
     */
    public static KvProvider provider(String id) {
        Objects.requireNonNull(id, "provider id must not be null");
        return discovery(contextLoader(), List.of(), true).byId(id, "asked for by id");
    }

    /**
     * Every provider found, in discovery order.
     *
     * @return the providers; empty if none
     */
    public static List<KvProvider> providers() {
        return discovery(contextLoader(), List.of(), true).providers();
    }

    /**
     * Every provider found by {@code loader}, in discovery order.
     *
     * @param loader the class loader to search
     * @return the providers; empty if none
     */
    public static List<KvProvider> providers(ClassLoader loader) {
        return discovery(Objects.requireNonNull(loader, "loader"), List.of(), false).providers();
    }

    /**
     * The providers that were found but failed to load, one description each (they are also logged).
     *
     * @return the failures; empty if none
     */
    public static List<String> providerFailures() {
        return discovery(contextLoader(), List.of(), true).failures();
    }

    /**
     * Where a provider came from, for diagnostics.
     *
     * @param provider the provider
     * @return for example {@code module dev.kv.provider.memory} or {@code jar /libs/kv-provider-memory.jar}
     */
    public static String location(KvProvider provider) {
        return ProviderDiscovery.location(provider.getClass());
    }

    /**
     * A builder to choose the provider, configuration and class loader in code.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : Kv.class.getClassLoader() != null ? Kv.class.getClassLoader()
                : ClassLoader.getSystemClassLoader();
    }

    /**
     * What the loader finds, plus the providers of {@code explicit} plugin sets and, with {@code configured}, of the
     * sets the system property or environment name.
     */
    private static ProviderDiscovery discovery(ClassLoader loader, List<KvPlugins> explicit, boolean configured) {
        List<KvProvider> extra = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (KvPlugins set : pluginSets(explicit, configured)) {
            extra.addAll(set.providers());
            failures.addAll(set.failures());
        }
        return ProviderDiscovery.of(loader).with(extra, failures);
    }

    private static List<KvPlugins> pluginSets(List<KvPlugins> explicit, boolean configured) {
        List<KvPlugins> sets = new ArrayList<>();
        for (KvPlugins set : explicit) {
            if (set.isOpen() && !sets.contains(set)) {
                sets.add(set);
            }
        }
        if (!configured) {
            return sets;
        }
        for (KvPlugins set : KvPlugins.configured(System.getProperty(KvPlugins.DIRECTORIES_PROPERTY),
                System.getenv(KvPlugins.DIRECTORIES_ENVIRONMENT_VARIABLE))) {
            if (!sets.contains(set)) {
                sets.add(set);
            }
        }
        return sets;
    }

    /**
     * Chooses how to open stores: provider, configuration, class loader. Not thread-safe; reusable.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String providerId;
        private KvProvider provider;
        private KvConfig config = KvConfig.empty();
        private ClassLoader loader;
        private final List<KvPlugins> plugins = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds the providers of a loaded plugin set to discovery; stores opened with them are closed when the set
         * is.
         *
         * @param plugins the plugin set
         * @return this builder
         */
        public Builder plugins(KvPlugins plugins) {
            this.plugins.add(Objects.requireNonNull(plugins, "plugins must not be null"));
            return this;
        }

        /**
         * Adds the providers of the plugins in {@code directory} to discovery, loaded on first use and kept for the
         * life of the JVM, as for the system property {@value KvPlugins#DIRECTORIES_PROPERTY}.
         *
         * @param directory a plugins directory
         * @return this builder
         * @throws KvException with reason {@code CONFIGURATION} if the directory or its lock file cannot be read,
         *                     or kv-api is not on the module path
         */
        public Builder plugins(Path directory) {
            return plugins(KvPlugins.shared(Objects.requireNonNull(directory, "directory must not be null")));
        }

        /**
         * Uses the provider with this id, whatever the system property or environment say.
         *
         * @param id the provider id
         * @return this builder
         */
        public Builder provider(String id) {
            this.providerId = Objects.requireNonNull(id, "provider id must not be null");
            this.provider = null;
            return this;
        }

        /**
         * Uses this provider instance, without discovery.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(KvProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider must not be null");
            this.providerId = null;
            return this;
        }

        /**
         * Replaces the configuration.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(KvConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /**
         * Sets one configuration property.
         *
         * @param name  the property
         * @param value its value
         * @return this builder
         */
        public Builder set(String name, String value) {
            this.config = config.with(name, value);
            return this;
        }

        /**
         * Searches this class loader's class path (besides the module path) for providers. The plugins named by the
         * system property {@value KvPlugins#DIRECTORIES_PROPERTY} or the environment then do not join: only those
         * given to {@link #plugins(KvPlugins)} do.
         *
         * @param loader the class loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader must not be null");
            return this;
        }

        /**
         * The provider these settings select.
         *
         * @return the provider
         * @throws KvException with reason {@code PROVIDER_SELECTION} if none can be selected
         */
        public KvProvider selectProvider() {
            if (provider != null) {
                return provider;
            }
            return discovery().select(providerId, System.getProperty(PROVIDER_PROPERTY),
                    System.getenv(PROVIDER_ENVIRONMENT_VARIABLE));
        }

        /**
         * Opens {@code name}.
         *
         * @param name the store's name
         * @return an open handle, wrapped by any {@link KvStoreDecorator} present
         * @throws KvException if the name is illegal, no provider can be selected, or the store cannot be
         *                     opened
         */
        public KvStore open(String name) {
            StoreNames.check(name);
            KvProvider chosen = selectProvider();
            KvStore store;
            try {
                store = openWith(chosen, name);
            } catch (KvException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                throw KvException.of(KvException.Reason.STORAGE, "provider '" + chosen.id()
                        + "' failed to open store " + Diagnostics.quote(name) + ": " + e, e);
            }
            if (store == null) {
                throw KvException.of(KvException.Reason.STORAGE, "provider '" + chosen.id()
                        + "' returned no store for " + Diagnostics.quote(name));
            }
            if (Boolean.getBoolean(KvStoreDecorator.DISABLE_PROPERTY)) {
                return store;
            }
            for (KvStoreDecorator decorator : discovery().decorators()) {
                store = decorator.decorate(chosen, store, config);
            }
            return store;
        }

        private KvStore openWith(KvProvider chosen, String name) {
            for (KvPlugins set : pluginSets(plugins, loader == null)) {
                if (set.owner(chosen) != null) {
                    return set.openThrough(chosen, name, config);
                }
            }
            return chosen.open(name, config);
        }

        private ProviderDiscovery discovery() {
            return Kv.discovery(loader != null ? loader : contextLoader(), plugins, loader == null);
        }
    }
}
