package dev.kv.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv tck}: runs the conformance kit against a provider and prints the clause table. */
@Command(name = "tck", mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Runs the conformance kit (kv-tck) against the provider named by --provider (or KV_PROVIDER), or"
                    + " against every provider found when neither is given, and prints one line per SPEC.md"
                    + " clause. Exit status 0 only if every check passed; checks of capabilities a provider"
                    + " does not declare are skipped, not failed."
        })
final class TckCommand implements Callable<Integer> {

    private static final String RUNNER = "dev.kv.tck.KvTckRunner";

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUNNER-OPTION", arity = "0..*",
            description = "Options for the kit's runner, after '--' (see 'kv tck -- --help').")
    List<String> runnerOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        kv.checkLauncherOptions(spec.commandLine());
        List<String> args = new ArrayList<>();
        if (kv.provider != null || System.getenv(KvMain.PROVIDER_VARIABLE) != null) {
            args.add("--provider");
            args.add(kv.providerId());
        }
        kv.configuration(spec.commandLine()).forEach((name, value) -> {
            args.add("-D" + name + "=" + value);
        });
        args.addAll(runnerOptions);
        Method run;
        try {
            run = Class.forName(RUNNER).getMethod("run", String[].class, PrintStream.class, PrintStream.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new KvMain.Failure("the conformance kit on the module path has no runner (" + RUNNER
                    + ".run(String[], PrintStream, PrintStream)): rebuild kv-tck", e);
        }
        try {
            Object status = run.invoke(null, args.toArray(String[]::new), kv.out(), kv.err());
            return (Integer) status;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }
}
