package dev.kv.cli;

import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kv set STORE KEY [VALUE]}: stores a value given as an argument, in a file, or on standard input.
 *
 * <p>Standard input is read when {@code --stdin} asks for it, or when neither VALUE nor {@code --file} is given
 * and standard input is not a terminal; then an empty standard input is refused (it is nearly always an
 * accident: a value forgotten, or an option such as {@code -v} taken for it), and {@code --stdin} or {@code ''}
 * stores an empty value on purpose.
 */
@Command(name = "set", header = "Sets a key's value from an argument, a file or standard input.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Sets KEY in STORE to VALUE (its UTF-8 bytes), to the bytes of --file, or to the bytes read from"
                    + " standard input up to its end. Files and standard input are stored byte for byte: use"
                    + " them for binary data.",
            "Without VALUE or --file, standard input is read if it is not a terminal, and must not be empty"
                    + " (store an empty value with '' or --stdin). --stdin reads it in any case.",
            "",
            "Examples:",
            "  kv set greetings en hello",
            "  kv set images logo --file logo.png",
            "  printf 'a\\0b' | kv set blobs nul-inside"
        })
final class SetCommand implements Callable<Integer> {

    /** Set by the ./kv launcher: whether standard input is a terminal ({@code [ -t 0 ]}). */
    static final String STDIN_TERMINAL_PROPERTY = "kv.stdin.terminal";

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

    @Option(names = "--stdin", description = "Read the value from standard input, even if it is empty or a"
            + " terminal.")
    boolean stdin;

    @Override
    public Integer call() throws IOException {
        int ways = (value != null ? 1 : 0) + (file != null ? 1 : 0) + (stdin ? 1 : 0);
        if (ways > 1) {
            throw new ParameterException(spec.commandLine(), "give the value one way: VALUE, --file or --stdin");
        }
        // The value's source is checked before the store is opened, so that a mistake creates no store.
        InputStream input = null;
        if (file != null) {
            input = openFile();
        } else if (value == null) {
            input = standardInput();
        }
        try (KvStore s = kv.open(spec.commandLine(), store)) {
            s.set(key, read(input, s.limits().maxPayloadBytes()));
        } finally {
            if (file != null) {
                input.close();
            }
        }
        return 0;
    }

    private InputStream openFile() {
        if (Files.isDirectory(file)) {
            throw new KvMain.Failure("cannot read " + Diagnostics.quote(file.toString()) + ": it is a directory", null);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new KvMain.Failure("cannot read " + Diagnostics.quote(file.toString()) + ": "
                    + Diagnostics.describe(e), e);
        }
    }

    /** Standard input, if the rule above lets it be read; its first byte is read here, before any store opens. */
    private InputStream standardInput() throws IOException {
        if (!stdin && isTerminal()) {
            throw new ParameterException(spec.commandLine(), "no value: give VALUE or --file FILE, or pipe the value"
                    + " to standard input (--stdin reads it from the terminal, up to Ctrl-D)");
        }
        PushbackInputStream in = new PushbackInputStream(kv.in(), 1);
        int first = in.read();
        if (first < 0) {
            if (!stdin) {
                throw new ParameterException(spec.commandLine(), "no value: standard input is empty, and neither"
                        + " VALUE nor --file was given; to store an empty value, give '' as VALUE or use --stdin");
            }
        } else {
            in.unread(first);
        }
        return in;
    }

    private static boolean isTerminal() {
        String told = System.getProperty(STDIN_TERMINAL_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        // Not started by ./kv: the JDK's console needs both standard input and output to be terminals, so a
        // terminal on standard input alone is not seen here; reading it then waits for Ctrl-D.
        return System.console() != null;
    }

    private Payload read(InputStream input, int maxBytes) throws IOException {
        if (value != null) {
            return Payload.ofUtf8(value);
        }
        if (file != null) {
            try {
                return readAtMost(input, maxBytes, "the value in " + Diagnostics.quote(file.toString()));
            } catch (IOException e) {
                throw new KvMain.Failure("cannot read " + Diagnostics.quote(file.toString()) + ": "
                        + Diagnostics.describe(e), e);
            }
        }
        return readAtMost(input, maxBytes, "the value on standard input");
    }

    /**
     * Reads to the end, or one byte past the store's limit, which is then refused here: an endless input such as
     * /dev/zero cannot exhaust memory, and the message cannot claim a size it did not read.
     */
    private Payload readAtMost(InputStream in, int maxBytes, String what) throws IOException {
        int cap = maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1;
        byte[] bytes = in.readNBytes(cap);
        if (bytes.length > maxBytes) {
            throw new KvMain.Failure(what + " is more than " + Sizes.human(maxBytes) + " (" + maxBytes + " bytes),"
                    + " the most store " + Diagnostics.quote(store) + " accepts; the previous value is unchanged",
                    null);
        }
        return Payload.copyOf(bytes);
    }
}
