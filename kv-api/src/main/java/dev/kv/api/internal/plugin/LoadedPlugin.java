package dev.kv.api.internal.plugin;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvPlugins;
import dev.kv.api.KvStore;
import dev.kv.api.internal.ProviderDiscovery;
import dev.kv.api.spi.KvProvider;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One plugin of a directory, loaded into its own layer or refused with the reason. While loaded it holds the
 * layer, its class loader and its providers, and it tracks the store handles opened through kv so that closing
 * the plugin closes them; once closed it holds nothing of the plugin but a weak reference to the class loader,
 * to tell whether the loader was collected and, if not, which threads still hold it.
 */
public final class LoadedPlugin implements KvPlugins.Plugin {

    /** Where a provider class of a plugin layer came from, for listings; values never reference the layer. */
    private static final Map<ModuleLayer, Map<String, String>> ORIGINS = Collections.synchronizedMap(new WeakHashMap<>());

    private final String name;
    private final Path location;
    private final List<String> modules;
    private final List<String> providerIds;
    private final List<String> problems;
    private final String label;
    private final boolean loaded;
    private final Set<String> moduleNames;
    private final WeakReference<ClassLoader> loaderRef;
    private final Set<PluginStore> handles = ConcurrentHashMap.newKeySet();
    private volatile ModuleLayer layer;
    private volatile ClassLoader loader;
    private volatile List<KvProvider> providers;
    private volatile boolean closed;

    private LoadedPlugin(PluginDirectory.Candidate candidate, List<String> modules, ModuleLayer layer,
                         ClassLoader loader, List<KvProvider> providers, List<String> problems, String label) {
        this.name = candidate.name();
        this.location = candidate.location();
        this.modules = List.copyOf(modules);
        this.problems = List.copyOf(problems);
        this.label = label;
        this.layer = layer;
        this.loader = loader;
        this.loaded = layer != null;
        this.providers = List.copyOf(providers);
        List<String> ids = new ArrayList<>();
        providers.forEach(p -> ids.add(p.id()));
        this.providerIds = List.copyOf(ids);
        this.loaderRef = new WeakReference<>(loader);
        Set<String> names = new java.util.TreeSet<>();
        if (layer != null) {
            layer.modules().forEach(m -> names.add(m.getName()));
            Map<String, String> origins = new java.util.HashMap<>();
            layer.configuration().modules().forEach(m -> origins.put(m.name(), label + ", module " + m.name()
                    + m.reference().location().map(u -> ", jar " + Path.of(u).getFileName()).orElse("")));
            ORIGINS.put(layer, Map.copyOf(origins));
        }
        this.moduleNames = Set.copyOf(names);
    }

    static LoadedPlugin refused(PluginDirectory.Candidate candidate, List<String> modules, String why) {
        return new LoadedPlugin(candidate, modules, null, null, List.of(), List.of(why), "plugin '" + candidate.name()
                + "' (" + candidate.location() + ")");
    }

    static LoadedPlugin loaded(PluginDirectory.Candidate candidate, List<String> modules, ModuleLayer layer,
                               ClassLoader loader, List<KvProvider> providers, List<String> failures, String label) {
        return new LoadedPlugin(candidate, modules, layer, loader, providers, failures, label);
    }

    /**
     * Where a class of a plugin came from.
     *
     * @param module the class's module
     * @return for example {@code plugin 'memory' (/opt/app/plugins/memory), module dev.kv.provider.memory, jar
     *         kv-provider-memory-0.1.0.jar}, or empty if the module is in no loaded plugin
     */
    public static Optional<String> origin(Module module) {
        ModuleLayer l = module.getLayer();
        if (l == null) {
            return Optional.empty();
        }
        Map<String, String> origins = ORIGINS.get(l);
        return origins == null ? Optional.empty() : Optional.ofNullable(origins.get(module.getName()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path location() {
        return location;
    }

    @Override
    public List<String> modules() {
        return modules;
    }

    @Override
    public List<String> providerIds() {
        return providerIds;
    }

    @Override
    public boolean isLoaded() {
        return loaded;
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    /** The plugin's providers; empty once closed. */
    public List<KvProvider> providers() {
        List<KvProvider> p = providers;
        return p == null ? List.of() : p;
    }

    /** Whether {@code provider} is one of this plugin's (by identity). */
    public boolean owns(KvProvider provider) {
        for (KvProvider p : providers()) {
            if (p == provider) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens a store with one of this plugin's providers, with the plugin's class loader as the context class
     * loader; the handle is closed when the plugin is.
     */
    public KvStore open(KvProvider provider, String storeName, KvConfig config) {
        KvStore store = call(() -> provider.open(storeName, config));
        if (store == null) {
            return null;
        }
        PluginStore handle = new PluginStore(this, store);
        handles.add(handle);
        if (closed) {
            // closed while opening: the handle must not outlive the plugin
            handle.close();
        }
        return handle;
    }

    <T> T call(Supplier<T> action) {
        ClassLoader l = loader;
        if (closed || l == null) {
            throw KvException.of(KvException.Reason.CLOSED, label + " is closed");
        }
        return ContextLoader.call(l, action);
    }

    void released(PluginStore handle) {
        handles.remove(handle);
    }

    /**
     * Closes every handle opened through this plugin (their watch subscriptions complete), calls each provider's
     * {@link KvProvider#shutdown()}, and drops every reference kv holds to the plugin's classes.
     *
     * @return what went wrong on the way, one line each; the plugin is closed regardless
     */
    public List<String> close() {
        if (closed) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        ClassLoader l = loader;
        for (PluginStore handle : List.copyOf(handles)) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                failures.add(label + ": closing store '" + handle.name() + "' failed: " + e.getMessage());
            }
        }
        closed = true;
        if (l != null) {
            for (KvProvider p : providers()) {
                try {
                    ContextLoader.run(l, p::shutdown);
                } catch (RuntimeException | LinkageError e) {
                    failures.add(label + ": provider '" + p.id() + "' failed to shut down: " + e);
                }
            }
            ProviderDiscovery.forget(l);
        }
        ModuleLayer lay = layer;
        if (lay != null) {
            ORIGINS.remove(lay);
        }
        handles.clear();
        providers = null;
        layer = null;
        loader = null;
        return failures;
    }

    /**
     * After {@link #close()}: why the plugin's class loader is still alive, or empty if it was collected (or the
     * plugin never loaded).
     */
    public Optional<String> retention() {
        ClassLoader l = loaderRef.get();
        if (l == null) {
            return Optional.empty();
        }
        List<String> holders = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            List<String> how = new ArrayList<>();
            if (t.getContextClassLoader() == l) {
                how.add("its context class loader");
            }
            if (t.getClass().getClassLoader() == l) {
                how.add("its class");
            }
            for (StackTraceElement frame : e.getValue()) {
                if (frame.getModuleName() != null && moduleNames.contains(frame.getModuleName())
                        && frame.getClassLoaderName() == null && !how.contains("running its code")) {
                    how.add("running its code");
                }
            }
            if (!how.isEmpty()) {
                holders.add("'" + t.getName() + "' (" + String.join(", ", how) + ")");
            }
        }
        if (holders.isEmpty()) {
            return Optional.of(label + " is still loaded: its class loader is reachable from outside kv (an object"
                    + " of the plugin kept by the application, such as a provider, store or event, or a JDK cache)");
        }
        return Optional.of(label + " is still loaded: live threads hold its class loader: "
                + String.join(", ", holders));
    }

    @Override
    public String toString() {
        return label + (loaded ? (closed ? " closed" : " loaded") : " refused");
    }
}
