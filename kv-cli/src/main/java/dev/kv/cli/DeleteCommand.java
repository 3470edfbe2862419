package dev.kv.cli;

import dev.kv.api.KvStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv delete STORE KEY}: removes the key's value; deleting a key that has none succeeds. */
@Command(name = "delete", header = "Deletes a key's value.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = "Removes the value of KEY in STORE. Deleting a key that has no value succeeds, also in a"
                + " store that does not exist, which is not created.")
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store's name.")
    String store;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    public Integer call() {
        if (!kv.exists(spec.commandLine(), store).orElse(true)) {
            return 0;
        }
        try (KvStore s = kv.open(spec.commandLine(), store)) {
            s.delete(key);
        }
        return 0;
    }
}
