package dev.kv.cli;

import dev.kv.tck.KvTckRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv tck}: runs the conformance kit against a provider and prints the clause table. */
@Command(name = "tck", header = "Runs the conformance kit and prints the clause table.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Runs the conformance kit (kv-tck) against the provider named by --provider (or KV_PROVIDER), or"
                    + " against every provider found when neither is given, and prints each SPEC.md clause as"
                    + " PASSED, FAILED (with the failure) or SKIPPED (with the reason: checks of capabilities a"
                    + " provider does not declare are skipped, not failed).",
            "Exit status 0 only if no clause failed. -c settings are applied as system properties, which every"
                    + " store the kit opens reads. Some checks start child JVMs; a full run takes minutes."
        })
final class TckCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Option(names = "--reports", paramLabel = "DIR",
            description = "Also write JUnit XML reports to DIR, one directory per provider.")
    Path reports;

    @Override
    public Integer call() {
        boolean one = kv.provider != null || System.getenv(KvMain.PROVIDER_VARIABLE) != null;
        Map<String, String> settings = kv.checkedConfiguration(spec.commandLine(), one ? kv.selectProvider() : null);
        List<String> args = new ArrayList<>();
        if (one) {
            args.add("--provider");
            args.add(kv.selectProvider().id());
        }
        if (reports != null) {
            args.add("--reports");
            args.add(reports.toString());
        }
        settings.forEach(System::setProperty);
        int status = KvTckRunner.run(args.toArray(String[]::new), kv.out(), kv.err());
        if (status == 2) {
            // The runner's usage errors are ours to prevent; what is left (no provider at all) is operational.
            return 1;
        }
        return status;
    }
}
