package dev.kv.api.internal.plugin;

import dev.kv.api.KvException;
import dev.kv.api.spi.KvProvider;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one plugin's jars into its own {@link ModuleLayer}, checking first what would otherwise go wrong without a
 * word: jars not trusted, jars that are no module, two versions of one module, a private copy of kv's API.
 *
 * <p>The layer's parent is the layer holding {@code dev.kv.api}; its class loader's parent is the platform class
 * loader, not the application's, so a plugin sees kv's API and the JDK but none of the application's libraries,
 * and its own copy of a library shadows the application's.
 */
final class PluginLayers {

    private static final String SERVICE = KvProvider.class.getName();
    private static final Set<String> API_PACKAGES = Set.of("dev.kv.api", "dev.kv.api.spi");

    private PluginLayers() {
    }

    static void requireNamedApi() {
        if (!KvProvider.class.getModule().isNamed()) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "kv plugins need kv-api on the module path, but"
                    + " it is on the class path here, and modules in plugin layers cannot read the class path. Put"
                    + " kv-api's jar on the module path: java --module-path kv-api.jar --add-modules dev.kv.api ..."
                    + " (the application itself may stay on the class path).");
        }
    }

    static LoadedPlugin load(Path directory, PluginDirectory.Candidate plugin, PluginLock lock) {
        String label = "plugin '" + plugin.name() + "' (" + plugin.location() + ")";
        if (plugin.jars().isEmpty()) {
            return LoadedPlugin.refused(plugin, List.of(), label + " has no jars");
        }
        List<String> untrusted = new ArrayList<>();
        if (lock != null) {
            for (Path jar : plugin.jars()) {
                String why = lock.refusal(PluginLock.relative(directory, jar), PluginLock.sha256(jar));
                if (why != null) {
                    untrusted.add(why);
                }
            }
        }
        if (!untrusted.isEmpty()) {
            return LoadedPlugin.refused(plugin, List.of(), label + " was not loaded: " + String.join("; ", untrusted));
        }
        Map<String, List<ModuleReference>> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path jar : plugin.jars()) {
            try {
                for (ModuleReference ref : ModuleFinder.of(jar).findAll()) {
                    byName.computeIfAbsent(ref.descriptor().name(), n -> new ArrayList<>()).add(ref);
                }
            } catch (FindException e) {
                problems.add("jar " + jar.getFileName() + " cannot be a module: " + messages(e)
                        + " (a jar without module-info needs a file name that makes a module name, or an"
                        + " Automatic-Module-Name in its manifest)");
            }
        }
        List<String> modules = new ArrayList<>();
        for (Map.Entry<String, List<ModuleReference>> e : byName.entrySet()) {
            List<ModuleReference> refs = e.getValue();
            if (refs.size() > 1) {
                List<String> copies = new ArrayList<>();
                refs.forEach(r -> copies.add(jarName(r) + " (" + version(r.descriptor()) + ")"));
                problems.add("two versions of module " + e.getKey() + ": " + String.join(", ", copies)
                        + "; keep one");
            }
            ModuleReference ref = refs.get(0);
            modules.add(ref.descriptor().toNameAndVersion() + " (" + jarName(ref) + ")");
            if (e.getKey().equals("dev.kv.api") || ref.descriptor().packages().stream().anyMatch(API_PACKAGES::contains)) {
                problems.add("it carries its own copy of kv's API (module " + e.getKey() + " in " + jarName(ref)
                        + "), and then the providers it holds would implement another dev.kv.api.spi.KvProvider"
                        + " than the application's and be skipped; remove that jar from the plugin: a plugin uses"
                        + " the application's kv-api");
            }
        }
        if (!problems.isEmpty()) {
            return LoadedPlugin.refused(plugin, modules, label + " was not loaded: " + String.join("; ", problems));
        }
        Set<String> declared = new TreeSet<>();
        byName.values().forEach(refs -> refs.get(0).descriptor().provides().stream()
                .filter(p -> p.service().equals(SERVICE)).forEach(p -> declared.addAll(p.providers())));
        if (declared.isEmpty()) {
            return LoadedPlugin.refused(plugin, modules, label + " offers no kv provider: none of its modules"
                    + " provides " + SERVICE + " (module-info 'provides', or META-INF/services in a jar without"
                    + " module-info)");
        }
        ModuleLayer parent = KvProvider.class.getModule().getLayer();
        String jdk = missingJdkModules(parent, byName);
        if (jdk != null) {
            return LoadedPlugin.refused(plugin, modules, label + " was not loaded: " + jdk);
        }
        ModuleLayer layer;
        try {
            Configuration cf = parent.configuration().resolve(ModuleFinder.of(plugin.jars().toArray(Path[]::new)),
                    ModuleFinder.of(), byName.keySet());
            layer = ModuleLayer.defineModulesWithOneLoader(cf, List.of(parent), ClassLoader.getPlatformClassLoader())
                    .layer();
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            return LoadedPlugin.refused(plugin, modules, label + " was not loaded: its modules do not resolve: "
                    + messages(e) + clashHint(parent, byName));
        }
        ClassLoader loader = layer.findLoader(byName.keySet().iterator().next());
        List<KvProvider> providers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ContextLoader.run(loader, () -> instantiate(layer, declared, label, providers, failures));
        return LoadedPlugin.loaded(plugin, modules, layer, loader, providers, failures, label);
    }

    private static void instantiate(ModuleLayer layer, Set<String> declared, String label, List<KvProvider> providers,
                                    List<String> failures) {
        var it = ServiceLoader.load(layer, KvProvider.class).stream().iterator();
        Set<String> failed = new LinkedHashSet<>();
        for (int guard = 0; guard < 1024; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<KvProvider> p = it.next();
                // The loader also walks the parent layers: take only this plugin's own providers.
                if (p.type().getModule().getLayer() == layer) {
                    providers.add(p.get());
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                String message = messages(e);
                // Only this plugin's failures: a broken provider of the parent layers is reported by discovery.
                if (declared.stream().anyMatch(message::contains) && failed.add(message)) {
                    failures.add(label + ": a provider failed to load: " + message);
                }
            }
        }
        if (providers.isEmpty() && failures.isEmpty()) {
            failures.add(label + ": none of its declared providers " + declared + " loaded");
        }
    }

    /**
     * JDK modules the plugin requires that the application's boot layer did not resolve: a layer cannot define
     * them again (they belong to the JDK's own class loaders), so they must be added at start-up.
     */
    private static String missingJdkModules(ModuleLayer parent, Map<String, List<ModuleReference>> plugin) {
        ModuleFinder system = ModuleFinder.ofSystem();
        Map<String, Set<String>> missing = new java.util.TreeMap<>();
        for (List<ModuleReference> refs : plugin.values()) {
            ModuleDescriptor d = refs.get(0).descriptor();
            for (ModuleDescriptor.Requires r : d.requires()) {
                String name = r.name();
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) && !plugin.containsKey(name)
                        && parent.findModule(name).isEmpty() && system.find(name).isPresent()) {
                    missing.computeIfAbsent(name, n -> new TreeSet<>()).add(d.name());
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> each = new ArrayList<>();
        missing.forEach((m, by) -> each.add(m + " (required by " + String.join(", ", by) + ")"));
        return "it needs JDK modules that the application did not resolve at start-up: " + String.join(", ", each)
                + ". A plugin's layer reads the JDK modules of the boot layer only: start java with --add-modules "
                + String.join(",", missing.keySet()) + " (or --add-modules ALL-DEFAULT)";
    }

    /**
     * Why a plugin's automatic module cannot shadow a module of the application's: it reads every module of the
     * parent layers, so it would read two modules of one name.
     */
    private static String clashHint(ModuleLayer parent, Map<String, List<ModuleReference>> plugin) {
        Set<String> clash = new TreeSet<>();
        for (String name : plugin.keySet()) {
            if (parent.findModule(name).isPresent()) {
                clash.add(name);
            }
        }
        boolean automatic = plugin.values().stream().anyMatch(refs -> refs.get(0).descriptor().isAutomatic());
        if (clash.isEmpty() || !automatic) {
            return "";
        }
        return ". The application's module path also has " + String.join(", ", clash) + ", and an automatic module"
                + " (a jar without module-info) of a plugin reads every module of the application too, so it would"
                + " read both copies. Keep that library on the application's class path rather than its module path"
                + " (a plugin's own copy then shadows it), or use jars with module-info in the plugin";
    }

    private static String jarName(ModuleReference ref) {
        return ref.location().map(u -> Path.of(u).getFileName().toString()).orElse(ref.descriptor().name());
    }

    private static String version(ModuleDescriptor d) {
        return d.rawVersion().map(v -> "version " + v).orElse("no version");
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            sb.append("; caused by ").append(c);
        }
        return sb.toString();
    }
}
