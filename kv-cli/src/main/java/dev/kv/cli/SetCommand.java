package dev.kv.cli;

import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kv set STORE KEY [VALUE]}: stores a value given as an argument, in a file, or on standard input. */
@Command(name = "set", header = "Sets a key's value from an argument, a file or standard input.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Sets KEY in STORE to VALUE (its UTF-8 bytes), to the bytes of --file, or, when neither is given, to"
                    + " the bytes read from standard input up to its end. Files and standard input are stored"
                    + " byte for byte: use them for binary data.",
            "",
            "Examples:",
            "  kv set greetings en hello",
            "  kv set images logo --file logo.png",
            "  printf 'a\\0b' | kv set blobs nul-inside"
        })
final class SetCommand implements Callable<Integer> {

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store's name.")
    String store;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "2", paramLabel = "VALUE", arity = "0..1",
            description = "The value as text (stored as UTF-8). Omit it to read --file or standard input.")
    String value;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the value from FILE.")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (value != null && file != null) {
            throw new ParameterException(spec.commandLine(),
                    "give the value either as VALUE or with --file, not both");
        }
        try (KvStore s = kv.open(spec.commandLine(), store)) {
            s.set(key, read(s.limits().maxPayloadBytes()));
        }
        return 0;
    }

    private Payload read(int maxBytes) throws IOException {
        if (value != null) {
            return Payload.ofUtf8(value);
        }
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                return readAtMost(in, maxBytes);
            } catch (NoSuchFileException e) {
                throw new KvMain.Failure("cannot read " + Diagnostics.quote(file.toString()) + ": no such file", e);
            } catch (IOException e) {
                throw new KvMain.Failure("cannot read " + Diagnostics.quote(file.toString()) + ": " + e, e);
            }
        }
        return readAtMost(kv.in(), maxBytes);
    }

    /**
     * Reads to the end, or one byte past the store's limit: the store then refuses the payload with its own
     * message (PAYLOAD_TOO_LARGE), and an endless input such as /dev/zero cannot exhaust memory.
     */
    private static Payload readAtMost(InputStream in, int maxBytes) throws IOException {
        int cap = maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1;
        return Payload.copyOf(in.readNBytes(cap));
    }
}
