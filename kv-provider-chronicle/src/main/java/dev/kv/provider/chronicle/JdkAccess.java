package dev.kv.provider.chronicle;

import dev.kv.api.KvException;
import java.io.File;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, before Chronicle's first use, that the JVM gives Chronicle the access it needs. Without it Chronicle
 * fails inside static initialisers with an {@code IllegalAccessError} and then, for the rest of the JVM's life,
 * with {@code NoClassDefFoundError}; checking first lets {@code open} say which flags to add instead.
 *
 * <p>Classes are loaded without being initialised, so the check itself runs no Chronicle code.
 */
final class JdkAccess {

    private static final String CORE_CLASS = "net.openhft.chronicle.core.Jvm";
    private static final String BYTES_CLASS = "net.openhft.chronicle.bytes.Bytes";
    private static final String COMPILER_CLASS = "net.openhft.compiler.CompilerUtils";

    private static volatile String problem;
    private static volatile boolean checked;

    private JdkAccess() {
    }

    /**
     * Throws a {@code CONFIGURATION} error naming every missing flag; passes silently when all are given.
     */
    static void require() {
        if (!checked) {
            synchronized (JdkAccess.class) {
                if (!checked) {
                    problem = findProblem();
                    checked = true;
                }
            }
        }
        if (problem != null) {
            throw KvException.of(KvException.Reason.CONFIGURATION, problem);
        }
    }

    private static String findProblem() {
        ClassLoader loader = JdkAccess.class.getClassLoader();
        Module core;
        Module compiler;
        try {
            core = Class.forName(CORE_CLASS, false, loader).getModule();
            compiler = Class.forName(COMPILER_CLASS, false, loader).getModule();
        } catch (ClassNotFoundException | LinkageError e) {
            return "Chronicle Map is not complete on this class path or module path (" + e
                    + "); add net.openhft:chronicle-map with its dependencies";
        }
        String plugin = pluginLayerProblem(core);
        if (plugin != null) {
            return plugin;
        }
        Optional<Module> javac = ModuleLayer.boot().findModule("jdk.compiler");
        if (javac.isEmpty()) {
            return "the chronicle provider needs the jdk.compiler module (Chronicle Map compiles code at run time):"
                    + " run on a full JDK, or add jdk.compiler to the jlink image or with --add-modules jdk.compiler";
        }
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isOpen("java.lang.reflect", core)) {
            missing.add("--add-opens=java.base/java.lang.reflect=" + target(core));
        }
        if (!base.isExported("sun.nio.ch", core)) {
            missing.add("--add-exports=java.base/sun.nio.ch=" + target(core));
        }
        if (!base.isOpen("java.lang", compiler)) {
            missing.add("--add-opens=java.base/java.lang=" + target(compiler));
        }
        if (!javac.get().isExported("com.sun.tools.javac.file", compiler)) {
            missing.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=" + target(compiler));
        }
        if (missing.isEmpty()) {
            return null;
        }
        return "the chronicle provider cannot start: Chronicle Map needs JVM flags that are missing. Add "
                + String.join(" ", missing) + " to the java command line (the full set is "
                + String.join(" ", fullSet(core, compiler)) + "; see the kv README, chronicle section)";
    }

    /**
     * Chronicle in a plugin layer cannot get the access it needs: {@code --add-opens} and {@code --add-exports} on the
     * command line reach modules of the boot layer only, and at run time only java.base itself (or an agent) could
     * open java.base to a module of another layer. So the flags a user adds would be accepted and do nothing.
     */
    static String pluginLayerProblem(Module core) {
        if (!core.isNamed() || core.getLayer() == null || core.getLayer() == ModuleLayer.boot()) {
            return null;
        }
        return "the chronicle provider cannot run as a plugin: Chronicle Map (module " + core.getName()
                + ", here in a plugin's module layer) needs java.base opened to it with --add-opens and"
                + " --add-exports, and those command-line flags reach only modules of the boot layer, never a"
                + " plugin's layer. Put kv-provider-chronicle and Chronicle Map's jars on the application's module"
                + " path instead of in a plugins directory, with the flags in the kv README, chronicle section";
    }

    private static List<String> fullSet(Module core, Module compiler) {
        List<String> all = new ArrayList<>();
        all.add("--add-opens=java.base/java.lang.reflect=" + target(core));
        all.add("--add-exports=java.base/sun.nio.ch=" + target(core));
        all.add("--add-opens=java.base/java.lang=" + target(compiler));
        all.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=" + target(compiler));
        return all;
    }

    private static String target(Module m) {
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    /**
     * Chronicle compiles code with javac when its first map is made, against {@code java.class.path} only. On
     * JDK 25 that fails ({@code CompletionFailure ... org.jetbrains.annotations.NotNull}) unless the
     * chronicle-core and chronicle-bytes jars are listed there, which they are not when Chronicle sits on the
     * module path, or when a launcher (such as a test runner's manifest-only jar) hides the real class path.
     * Adding their locations to the property (which this compiler reads when it runs) fixes it without a
     * command-line change. Must run before any Chronicle class is initialised.
     */
    static void exposeChronicleJarsToRuntimeCompiler() {
        ClassLoader loader = JdkAccess.class.getClassLoader();
        Set<String> jars = new LinkedHashSet<>();
        for (String cls : new String[] {CORE_CLASS, BYTES_CLASS}) {
            try {
                jarOf(Class.forName(cls, false, loader)).ifPresent(jars::add);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // Not there: require() reports a missing Chronicle with a clear message.
            }
        }
        String cp = System.getProperty("java.class.path", "");
        List<String> entries = new ArrayList<>(List.of(cp.isEmpty() ? new String[0] : cp.split(File.pathSeparator)));
        boolean changed = false;
        for (String jar : jars) {
            if (!entries.contains(jar)) {
                entries.add(jar);
                changed = true;
            }
        }
        if (changed) {
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
    }

    private static Optional<String> jarOf(Class<?> c) {
        try {
            Module m = c.getModule();
            URI location = null;
            if (m.isNamed() && m.getLayer() != null) {
                Optional<ResolvedModule> resolved = m.getLayer().configuration().findModule(m.getName());
                location = resolved.flatMap(r -> r.reference().location()).orElse(null);
            } else if (c.getProtectionDomain().getCodeSource() != null) {
                location = c.getProtectionDomain().getCodeSource().getLocation().toURI();
            }
            if (location == null || !"file".equals(location.getScheme())) {
                return Optional.empty();
            }
            return Optional.of(Path.of(location).toString());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
