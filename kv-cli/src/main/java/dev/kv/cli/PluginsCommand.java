package dev.kv.cli;

import dev.kv.api.KvPlugins;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv plugins}: what a plugins directory holds, and its lock file. */
@Command(name = "plugins", header = "Lists the plugins of a directory, or trusts its jars in a lock file.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "A plugins directory holds one subdirectory of jars (or one jar) per plugin; each plugin is loaded"
                    + " into a module layer of its own, so its libraries do not clash with the application's or"
                    + " another plugin's. Only jars listed with their SHA-256 in the directory's "
                    + KvPlugins.LOCK_FILE + " are loaded. Use a directory with --plugins DIR or KV_PLUGINS."
        },
        subcommands = {PluginsCommand.List_.class, PluginsCommand.Lock.class})
final class PluginsCommand implements Runnable {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing COMMAND: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code kv plugins list DIR}. */
    @Command(name = "list", header = "Loads the plugins of DIR and lists them: modules, providers, verdict.",
            mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
            description = {
                "Loads every plugin of DIR as --plugins would (running the code of the trusted ones), prints each"
                        + " with its verdict (loaded or refused), its modules and its providers, and why a plugin"
                        + " was refused. Exit status 1 if any plugin was refused or a provider failed to load."
            })
    static final class List_ implements Callable<Integer> {
        @ParentCommand
        PluginsCommand plugins;

        @Parameters(index = "0", paramLabel = "DIR", description = "The plugins directory.")
        Path directory;

        @Option(names = "--trust-all", description = "Load every jar without the lock file (development only;"
                + " like -Dkv.plugins.trustAll=true).")
        boolean trustAll;

        @Override
        public Integer call() {
            KvMain kv = plugins.kv;
            PrintStream out = kv.out();
            boolean problems = false;
            KvPlugins.Loader loader = KvPlugins.from(directory);
            if (trustAll) {
                loader.trustAll(true);
            }
            try (KvPlugins set = loader.load()) {
                for (KvPlugins.Plugin p : set.plugins()) {
                    out.println(p.name() + " (" + (p.isLoaded() ? "loaded" : "refused") + ")");
                    out.println("  location:  " + p.location());
                    out.println("  modules:   " + (p.modules().isEmpty() ? "-" : String.join(", ", p.modules())));
                    out.println("  providers: " + (p.providerIds().isEmpty() ? "-" : String.join(", ", p.providerIds())));
                    for (String problem : p.problems()) {
                        out.println("  problem:   " + problem);
                        problems = true;
                    }
                }
                if (set.plugins().isEmpty()) {
                    kv.err().println("kv: no plugins in " + set.directory());
                }
            }
            out.flush();
            return problems ? 1 : 0;
        }
    }

    /** {@code kv plugins lock DIR}. */
    @Command(name = "lock", header = "Trusts the jars of DIR as they are now: writes DIR/" + KvPlugins.LOCK_FILE + ".",
            mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
            description = {
                "Writes the SHA-256 of every plugin jar in DIR to DIR/" + KvPlugins.LOCK_FILE + ", replacing it,"
                        + " and prints each line. Plugins then load only while their jars are unchanged. Run it"
                        + " after checking what the directory holds: it trusts whatever is there. Loads nothing."
            })
    static final class Lock implements Callable<Integer> {
        @ParentCommand
        PluginsCommand plugins;

        @Parameters(index = "0", paramLabel = "DIR", description = "The plugins directory.")
        Path directory;

        @Override
        public Integer call() {
            KvMain kv = plugins.kv;
            List<String> lines = KvPlugins.lock(directory);
            lines.forEach(kv.out()::println);
            kv.out().flush();
            kv.err().println("kv: wrote " + directory.toAbsolutePath().normalize().resolve(KvPlugins.LOCK_FILE)
                    + " (" + lines.size() + (lines.size() == 1 ? " jar)" : " jars)"));
            return 0;
        }
    }
}
