package dev.kv.cli;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.Diagnostics;
import dev.kv.api.spi.KvProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv drop STORE}: removes a store and its data, refusing while any process has it open. */
@Command(name = "drop", header = "Removes a store and all its keys.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Removes STORE and every key in it. Refuses, changing nothing, while any process has the store open"
                    + " (naming the processes), so it is safe where deleting the store's files is not.",
            "chronicle removes the store's file and keeps its small .lock file (processes that open the store"
                    + " coordinate through it); a store with salvage files of a failed recovery is refused."
        })
final class DropCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store's name.")
    String store;

    @Override
    public Integer call() {
        KvProvider provider = kv.selectProvider();
        provider.drop(store, KvConfig.of(kv.checkedConfiguration(spec.commandLine(), provider)));
        kv.err().println("kv: dropped store " + Diagnostics.quote(store));
        return 0;
    }
}
