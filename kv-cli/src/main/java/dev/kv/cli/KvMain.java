package dev.kv.cli;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvPlugins;
import dev.kv.api.KvStore;
import dev.kv.api.spi.KvProvider;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code kv} command: the root of the command tree and its entry point.
 *
 * <p>Conventions every subcommand follows: data goes to standard output and nothing else does; messages go to
 * standard error, prefixed {@code kv: }; the exit status is 0 on success, 1 when the operation failed
 * (a {@link KvException}: a missing key, a bad configuration value, a storage failure; an unreadable file; a
 * failing conformance check) and 2 on bad usage. Expected failures print one line and no stack trace;
 * {@code --verbose} adds it.
 *
 * <p>Not thread-safe; one instance serves one invocation.
 *
 * @since 0.1
 */
@Command(name = "kv",
        mixinStandardHelpOptions = true,
        versionProvider = KvMain.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Reads, writes and watches keys of kv stores, lists the providers found, and runs the conformance"
                    + " kit against them.",
            "",
            "The provider is the one named by --provider, else by the environment variable KV_PROVIDER, else"
                    + " 'chronicle' (persisted files under KV_DATA_DIR, shared between processes)."
        },
        subcommands = {
            ProvidersCommand.class,
            GetCommand.class,
            SetCommand.class,
            DeleteCommand.class,
            WatchCommand.class,
            StoresCommand.class,
            DropCommand.class,
            TckCommand.class,
            PluginsCommand.class
        },
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success",
            "1:the operation failed (missing key, bad configuration value, storage error, failing conformance"
                    + " check, unreadable file)",
            "2:bad usage (unknown command or option, missing or extra argument)"
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  KV_PROVIDER     the provider when --provider is not given",
            "  KV_DATA_DIR     chronicle's data directory (default ~/.kv/chronicle)",
            "  KV_MODULE_PATH  more jars or directories for the module path, like --with",
            "  KV_PLUGINS      plugins directories (separated by :, or ; on Windows), like --plugins",
            "  JAVA_HOME       the JDK to run; KV_JAVA_OPTS adds JVM options",
            "",
            "Run 'kv COMMAND --help' for a command's options."
        })
public final class KvMain implements Runnable {

    /** The provider used when neither {@code --provider} nor {@code KV_PROVIDER} names one. */
    static final String DEFAULT_PROVIDER = "chronicle";

    /** The environment variable naming the provider, read when {@code --provider} is not given. */
    static final String PROVIDER_VARIABLE = Kv.PROVIDER_ENVIRONMENT_VARIABLE;

    @Option(names = {"-p", "--provider"}, paramLabel = "ID", scope = ScopeType.INHERIT,
            description = "The provider to use (see 'kv providers'); default: $KV_PROVIDER, else chronicle.")
    String provider;

    @Option(names = {"-c", "--config"}, paramLabel = "NAME=VALUE", scope = ScopeType.INHERIT,
            description = "Provider configuration, repeatable: -c kv.memory.maximumBytes=64MiB. Overrides system"
                    + " properties and environment variables of the same property.")
    List<String> config = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure.")
    boolean verbose;

    @Option(names = "--with", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Jars or directories to add to the module path, for example a third-party provider"
                    + " (like KV_MODULE_PATH). The launcher script takes it, before Java starts.")
    List<String> with = new ArrayList<>();

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "A plugins directory whose providers join those found, each plugin in a module layer of"
                    + " its own (repeatable; like KV_PLUGINS). See 'kv plugins'.")
    List<String> plugins = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    private KvMain(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // Text goes out as UTF-8 whatever the platform default; payload bytes go through the same stream raw.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Logging.install(err);
        int status = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the command with the given streams.
     *
     * @param args the command line
     * @param in   standard input
     * @param out  standard output: data only
     * @param err  standard error: messages
     * @return the exit status: 0 success, 1 operational error, 2 bad usage
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String undecodable = ArgumentEncoding.undecodable(args);
        if (undecodable != null) {
            err.println("kv: " + undecodable);
            err.flush();
            return 2;
        }
        KvMain main = new KvMain(in, out, err);
        CommandLine cl = new CommandLine(main);
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        cl.setParameterExceptionHandler(KvMain::usageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> main.failure(e));
        // Before help, version or the command runs: an option that may have been meant as an argument.
        cl.setExecutionStrategy(parseResult -> {
            String ambiguity = OptionLikeArguments.ambiguity(cl.getCommandSpec(), args);
            if (ambiguity != null) {
                CommandLine last = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
                throw new ParameterException(last, ambiguity);
            }
            if (!main.plugins.isEmpty()) {
                // Read by kv-api's discovery, which every command goes through.
                System.setProperty(KvPlugins.DIRECTORIES_PROPERTY, String.join(java.io.File.pathSeparator,
                        main.plugins));
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            // Not an Exception picocli hands to the handler (an Error, or a failure inside picocli itself).
            return main.failure(e);
        } finally {
            outWriter.flush();
            errWriter.flush();
            out.flush();
            err.flush();
        }
    }

    /** {@code kv} without a command is bad usage: it names the commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter w = cmd.getErr();
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // A missing argument may be one that picocli took for an option: say so, rather than only "missing".
        String ambiguity = e instanceof CommandLine.MissingParameterException
                ? OptionLikeArguments.ambiguity(root.getCommandSpec(), args) : null;
        w.println("kv: " + (ambiguity != null ? ambiguity : e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
        if (e instanceof CommandLine.UnmatchedArgumentException && ((CommandLine.UnmatchedArgumentException) e)
                .getUnmatched().stream().anyMatch(a -> a.startsWith("-"))) {
            w.println("kv: a store, key or value that starts with '-' follows --: kv get -- STORE -KEY");
        }
        w.print(cmd.getHelp().fullSynopsis());
        w.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        w.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private int failure(Throwable e) {
        if (e instanceof KvException || e instanceof Failure) {
            err.println("kv: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
        } else {
            err.println("kv: unexpected error: " + e);
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("kv: run again with --verbose to see the stack trace");
            }
        }
        err.flush();
        return 1;
    }

    // ------------------------------------------------------------------ what the subcommands share

    /**
     * The provider id in effect: {@code --provider}, else {@code KV_PROVIDER}, else {@code chronicle}.
     *
     * @return the id
     */
    String providerId() {
        if (provider != null) {
            return provider;
        }
        String fromEnvironment = System.getenv(PROVIDER_VARIABLE);
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment.trim() : DEFAULT_PROVIDER;
    }

    /**
     * The {@code -c} settings, checked.
     *
     * @param cmd the command being run, for the usage error
     * @return the properties in the order given
     * @throws ParameterException if one is not {@code NAME=VALUE}
     */
    Map<String, String> configuration(CommandLine cmd) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : config) {
            int eq = setting.indexOf('=');
            if (eq <= 0 || setting.substring(0, eq).isBlank()) {
                throw new ParameterException(cmd, "invalid -c '" + setting + "': expected NAME=VALUE, for example"
                        + " -c kv.memory.maximumBytes=64MiB");
            }
            settings.put(setting.substring(0, eq).trim(), setting.substring(eq + 1));
        }
        return settings;
    }

    /**
     * Opens {@code store} with the provider and configuration in effect.
     *
     * @param cmd   the command being run
     * @param store the store's name
     * @return an open handle
     * @throws KvException if the provider is missing or the store cannot be opened
     */
    KvStore open(CommandLine cmd, String store) {
        KvProvider selected = selectProvider();
        Map<String, String> settings = checkedConfiguration(cmd, selected);
        Kv.Builder builder = Kv.builder().provider(selected);
        settings.forEach(builder::set);
        return builder.open(store);
    }

    /**
     * The launcher options and the {@code -c} settings, checked: well-formed, and each under the prefix of a
     * provider found (of {@code selected}, when given) or of a property all providers share.
     *
     * @param cmd      the command being run
     * @param selected the provider in use, or null when the command serves every provider
     * @return the properties in the order given
     */
    Map<String, String> checkedConfiguration(CommandLine cmd, KvProvider selected) {
        checkLauncherOptions(cmd);
        Map<String, String> settings = configuration(cmd);
        PropertyPrefixes.check(cmd, settings, Kv.providers(), selected);
        return settings;
    }

    /**
     * Whether {@code store} exists with the provider in use, asked without creating it.
     *
     * @param cmd   the command being run
     * @param store the store's name
     * @return true or false, or empty when the provider cannot tell without opening the store
     */
    Optional<Boolean> exists(CommandLine cmd, String store) {
        KvProvider selected = selectProvider();
        KvConfig config = KvConfig.of(checkedConfiguration(cmd, selected));
        try {
            return Optional.of(selected.store(store, config).isPresent());
        } catch (KvException e) {
            if (e.reason() == KvException.Reason.UNSUPPORTED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The provider in effect, with a message in the command's terms when no provider has the id.
     *
     * @return the provider
     * @throws Failure if no provider has the id
     * @throws KvException if several have it
     */
    KvProvider selectProvider() {
        String id = providerId();
        List<KvProvider> found = Kv.providers();
        if (found.stream().noneMatch(p -> p.id().equals(id))) {
            String source = provider != null ? "--provider" : System.getenv(PROVIDER_VARIABLE) != null
                    ? "the environment variable " + PROVIDER_VARIABLE : "the default";
            String listing = found.isEmpty() ? "none was found on the module path"
                    : "found: " + found.stream().map(p -> p.id() + " (" + Kv.location(p) + ")")
                            .collect(Collectors.joining(", "));
            throw new Failure("no provider has the id '" + id + "' (" + source + "); " + listing
                    + ". See 'kv providers'." + failuresText(), null);
        }
        return Kv.provider(id);
    }

    private static String failuresText() {
        List<String> failures = Kv.providerFailures();
        return failures.isEmpty() ? "" : " Providers that failed to load: " + String.join("; ", failures);
    }

    /**
     * Refuses {@code --with} when it reached Java: only the launcher can change the module path.
     *
     * @param cmd the command being run
     */
    void checkLauncherOptions(CommandLine cmd) {
        if (!with.isEmpty()) {
            throw new ParameterException(cmd, "--with " + with.get(0) + " must be given to the ./kv launcher,"
                    + " which puts it on the module path before Java starts (run directly with java, add it to -p)");
        }
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** An operational failure that is not a {@link KvException}, such as an unreadable file: exit status 1. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code --version}: this command's version and the Java it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = KvMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "kv " + p.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.home") + ")"
            };
        }
    }
}
