package dev.kv.cli;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.StoreInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv stores}: the stores of the provider in use, one line each: name, size, where. */
@Command(name = "stores", header = "Lists the stores of the provider in use, with their sizes.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Lists the stores of the provider in use, one line each: name, size, location (for chronicle, the"
                    + " store's file in KV_DATA_DIR). Creates nothing.",
            "A name chronicle keeps only as a hash (names longer than about 20 characters outside a-z, 0-9"
                    + " and '-') is shown as '?'. redis lists the stores with at least one key under the namespace,"
                    + " with their key counts. memory lists the stores open in this process, so none: a memory"
                    + " store ends with the command that opened it."
        })
final class StoresCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KvProvider provider = kv.selectProvider();
        List<StoreInfo> stores = provider.stores(KvConfig.of(kv.checkedConfiguration(spec.commandLine(), provider)));
        int width = 1;
        for (StoreInfo s : stores) {
            width = Math.max(width, s.name().orElse("?").length());
        }
        PrintStream out = kv.out();
        for (StoreInfo s : stores) {
            String size = s.bytes().isPresent() ? Sizes.human(s.bytes().getAsLong()) : "-";
            out.println(String.format("%-" + width + "s  %10s  %s", s.name().orElse("?"), size, s.location()));
        }
        out.flush();
        return 0;
    }
}
