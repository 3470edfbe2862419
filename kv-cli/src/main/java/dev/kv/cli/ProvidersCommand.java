package dev.kv.cli;

import dev.kv.api.Kv;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv providers}: every provider found, with where it came from, its capabilities and configuration. */
@Command(name = "providers", header = "Lists the providers found, with capabilities and configuration.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Lists the providers found on the module path and in the plugins directories (--plugins): id,"
                    + " description, the module, jar or plugin it came from,"
                    + " its declared capabilities and its configuration properties with their defaults and"
                    + " environment variables. The provider other commands would use is marked '(selected)'.",
            "Providers that failed to load are reported on standard error."
        })
final class ProvidersCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        kv.checkedConfiguration(spec.commandLine(), null);
        String selected = kv.providerId();
        PrintStream out = kv.out();
        List<KvProvider> providers = Kv.providers();
        boolean first = true;
        boolean selectedFound = false;
        for (KvProvider p : providers) {
            if (!first) {
                out.println();
            }
            first = false;
            boolean isSelected = p.id().equals(selected);
            selectedFound |= isSelected;
            out.println(p.id() + (isSelected ? " (selected)" : ""));
            if (!p.description().equals(p.id())) {
                out.println("  " + p.description());
            }
            out.println("  from:          " + Kv.location(p));
            out.println("  capabilities:  " + (p.capabilities().isEmpty() ? "none" : p.capabilities().stream()
                    .sorted().map(Capability::name).collect(Collectors.joining(" "))));
            List<ConfigProperty<?>> properties = p.configProperties();
            if (properties.isEmpty()) {
                out.println("  configuration: none");
            } else {
                out.println("  configuration:");
                for (ConfigProperty<?> c : properties) {
                    out.println("    " + c.name() + "  default " + c.defaultText()
                            + c.environmentVariable().map(v -> ", environment " + v).orElse(""));
                    out.println("        " + c.description());
                }
            }
        }
        out.flush();
        for (String failure : Kv.providerFailures()) {
            kv.err().println("kv: a provider failed to load: " + failure);
        }
        if (providers.isEmpty()) {
            kv.err().println("kv: no provider found on the module path");
            return 1;
        }
        if (!selectedFound) {
            kv.err().println("kv: the selected provider '" + selected + "' is not among those found");
        }
        return 0;
    }
}
