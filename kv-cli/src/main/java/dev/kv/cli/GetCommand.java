package dev.kv.cli;

import dev.kv.api.KvStore;
import dev.kv.api.spi.Diagnostics;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv get STORE KEY}: the value's bytes to standard output, exactly as stored. */
@Command(name = "get", header = "Prints a key's value, byte for byte.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Writes the value of KEY in STORE to standard output, byte for byte, with no newline added.",
            "A key with no value is an error (exit status 1), as is a store that does not exist, which is not"
                    + " created."
        })
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store's name.")
    String store;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    public Integer call() throws IOException {
        if (!kv.exists(spec.commandLine(), store).orElse(true)) {
            throw new KvMain.Failure("no such key " + Diagnostics.quote(key) + " in store " + Diagnostics.quote(store)
                    + ": the store does not exist", null);
        }
        try (KvStore s = kv.open(spec.commandLine(), store)) {
            PrintStream out = kv.out();
            s.get(key).writeTo(out);
            out.flush();
            if (out.checkError()) {
                throw new KvMain.Failure("cannot write the value of key " + Diagnostics.quote(key) + " to standard output", null);
            }
        }
        return 0;
    }
}
