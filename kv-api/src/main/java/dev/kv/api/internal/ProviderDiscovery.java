package dev.kv.api.internal;

import dev.kv.api.Kv;
import dev.kv.api.KvException;
import dev.kv.api.internal.plugin.LoadedPlugin;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.KvStoreDecorator;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.WeakHashMap;

/**
 * What {@link ServiceLoader} found for one class loader: the providers that loaded, the ones that failed
 * (reported, not fatal), and the store decorators. Cached per class loader, as JCache does.
 */
public final class ProviderDiscovery {

    private static final System.Logger LOG = System.getLogger("dev.kv.api.discovery");
    private static final int MAX_ERRORS = 64;
    private static final Map<ClassLoader, ProviderDiscovery> CACHE = new WeakHashMap<>();

    private final List<KvProvider> providers;
    private final List<String> failures;
    private final List<KvStoreDecorator> decorators;

    private ProviderDiscovery(List<KvProvider> providers, List<String> failures, List<KvStoreDecorator> decorators) {
        this.providers = List.copyOf(providers);
        this.failures = List.copyOf(failures);
        this.decorators = List.copyOf(decorators);
    }

    /**
     * The discovery for {@code loader}, made on first use.
     *
     * @param loader the class loader whose class path is searched, besides the module path
     * @return the cached discovery
     */
    public static ProviderDiscovery of(ClassLoader loader) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(loader, ProviderDiscovery::discover);
        }
    }

    /**
     * Drops the cached discovery of {@code loader} and of every loader whose providers came from it, so that a
     * closed plugin's classes are no longer referenced from here.
     *
     * @param loader a plugin's class loader
     */
    public static void forget(ClassLoader loader) {
        synchronized (CACHE) {
            CACHE.keySet().removeIf(l -> l == loader);
            CACHE.values().removeIf(d -> d.providers.stream().anyMatch(p -> p.getClass().getClassLoader() == loader));
        }
    }

    /**
     * This discovery with the providers and failures of plugins added: the same decorators, not cached.
     *
     * @param extraProviders providers loaded from plugins
     * @param extraFailures  what plugins refused or failed to load
     * @return the combined discovery, or this one if there is nothing to add
     */
    public ProviderDiscovery with(List<KvProvider> extraProviders, List<String> extraFailures) {
        if (extraProviders.isEmpty() && extraFailures.isEmpty()) {
            return this;
        }
        List<KvProvider> all = new ArrayList<>();
        for (KvProvider p : providers) {
            // The plugin's own loader finds its providers again (as when a plugin's code calls Kv): one provider.
            if (extraProviders.stream().noneMatch(e -> e.getClass() == p.getClass())) {
                all.add(p);
            }
        }
        all.addAll(extraProviders);
        List<String> allFailures = new ArrayList<>(failures);
        allFailures.addAll(extraFailures);
        return new ProviderDiscovery(all, allFailures, decorators);
    }

    /**
     * Runs discovery without the cache.
     *
     * @param loader the class loader
     * @return a fresh discovery
     */
    public static ProviderDiscovery discover(ClassLoader loader) {
        List<String> failures = new ArrayList<>();
        List<KvProvider> providers = load(KvProvider.class, loader, failures);
        for (String failure : failures) {
            LOG.log(Level.WARNING, "kv: skipped a provider that failed to load: " + failure);
        }
        // Decorators are optional extras: a broken one is logged, never listed among providers.
        List<String> decoratorFailures = new ArrayList<>();
        List<KvStoreDecorator> decorators = load(KvStoreDecorator.class, loader, decoratorFailures);
        for (String failure : decoratorFailures) {
            LOG.log(Level.WARNING, "kv: skipped a store decorator that failed to load; stores open without it: "
                    + failure);
        }
        return new ProviderDiscovery(providers, failures, decorators);
    }

    private static <T> List<T> load(Class<T> service, ClassLoader loader, List<String> failures) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(service, loader).iterator();
        int errors = 0;
        while (errors < MAX_ERRORS) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // One broken provider must not hide the others: record it and go on with the next.
                errors++;
                failures.add(describeFailure(e));
            }
        }
        return found;
    }

    private static String describeFailure(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            sb.append("; caused by ").append(c);
        }
        return sb.toString();
    }

    /** The providers that loaded, in discovery order. */
    public List<KvProvider> providers() {
        return providers;
    }

    /** One line per provider that failed to load. */
    public List<String> failures() {
        return failures;
    }

    /** The store decorators found. */
    public List<KvStoreDecorator> decorators() {
        return decorators;
    }

    /**
     * Chooses a provider. {@code explicitId} wins, then {@code propertyValue}, then {@code environmentValue};
     * with none of them, exactly one provider must have been found.
     *
     * @param explicitId       the id chosen in code, or null
     * @param propertyValue    the system property's value, or null
     * @param environmentValue the environment variable's value, or null
     * @return the chosen provider
     * @throws KvException with reason {@code PROVIDER_SELECTION} listing what was found and how to choose
     */
    public KvProvider select(String explicitId, String propertyValue, String environmentValue) {
        if (notBlank(explicitId)) {
            return byId(explicitId.trim(), "chosen in code");
        }
        if (notBlank(propertyValue)) {
            return byId(propertyValue.trim(), "chosen by the system property " + Kv.PROVIDER_PROPERTY);
        }
        if (notBlank(environmentValue)) {
            return byId(environmentValue.trim(), "chosen by the environment variable " + Kv.PROVIDER_ENVIRONMENT_VARIABLE);
        }
        if (providers.size() == 1) {
            return providers.get(0);
        }
        if (providers.isEmpty()) {
            throw selectionError("No kv provider was found on the module path or the class path." + failuresText()
                    + "\nAdd a provider, for example the artifact dev.kv:kv-provider-memory (module"
                    + " dev.kv.provider.memory: in memory) or dev.kv:kv-provider-chronicle (module"
                    + " dev.kv.provider.chronicle: persisted to files), with its dependencies, to the same path as"
                    + " kv-api. On the module path it is resolved by service binding (dev.kv.api uses"
                    + " dev.kv.api.spi.KvProvider): the application needs no requires for it.");
        }
        throw selectionError("Several kv providers were found and none was chosen:\n" + listing()
                + failuresText() + "\n" + howToChoose());
    }

    /**
     * The provider with {@code id}.
     *
     * @param id  the id
     * @param why how it was asked for, for the message
     * @return the provider
     */
    public KvProvider byId(String id, String why) {
        List<KvProvider> matches = new ArrayList<>();
        for (KvProvider p : providers) {
            if (p.id().equals(id)) {
                matches.add(p);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw selectionError("No kv provider has the id '" + id + "' (" + why + "). "
                    + (providers.isEmpty() ? "No provider was found at all." : "Found:\n" + listing())
                    + failuresText());
        }
        StringBuilder sb = new StringBuilder("Several kv providers have the id '" + id + "' (" + why + "):\n");
        for (KvProvider p : matches) {
            sb.append("  ").append(describe(p)).append('\n');
        }
        sb.append("Remove all but one of them from the module path, the class path or the plugins directories.");
        throw selectionError(sb.toString());
    }

    private String listing() {
        StringBuilder sb = new StringBuilder();
        for (KvProvider p : providers) {
            sb.append("  ").append(describe(p)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private String failuresText() {
        if (failures.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nProviders that failed to load and were skipped:");
        for (String f : failures) {
            sb.append("\n  ").append(f);
        }
        return sb.toString();
    }

    private static String howToChoose() {
        return "Choose one with the system property " + Kv.PROVIDER_PROPERTY + "=<id>, the environment"
                + " variable " + Kv.PROVIDER_ENVIRONMENT_VARIABLE + "=<id>, or Kv.builder().provider(\"<id>\") in code.";
    }

    /**
     * One line naming a provider: id, class, and the module or jar it came from.
     *
     * @param p the provider
     * @return for example {@code memory  dev.kv.provider.memory.MemoryKvProvider (module dev.kv.provider.memory)}
     */
    public static String describe(KvProvider p) {
        return String.format("%-10s %s (%s)", p.id(), p.getClass().getName(), location(p.getClass()));
    }

    /**
     * Where a class came from: its named module, or its jar or directory on the class path.
     *
     * @param type the class
     * @return for example {@code module dev.kv.provider.memory} or {@code jar /libs/kv-provider-memory.jar}
     */
    public static String location(Class<?> type) {
        Module module = type.getModule();
        Optional<String> plugin = LoadedPlugin.origin(module);
        if (plugin.isPresent()) {
            return plugin.get();
        }
        if (module.isNamed()) {
            return "module " + module.getName();
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "class path";
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return (path.toString().endsWith(".jar") ? "jar " : "directory ") + path;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "class path " + source.getLocation();
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static KvException selectionError(String message) {
        return KvException.of(KvException.Reason.PROVIDER_SELECTION, message);
    }
}
