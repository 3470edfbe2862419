package dev.kv.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses command-line arguments that are not text in the platform encoding. Java decodes them leniently, so
 * the bytes {@code ff}, {@code fe} and {@code ed a0 80} would all arrive as U+FFFD and name one key.
 *
 * <p>The raw bytes come from {@code /proc/self/cmdline} (Linux), whose last entries are the main arguments.
 * Where it is missing, or does not match what Java received, nothing is checked.
 */
final class ArgumentEncoding {

    private ArgumentEncoding() {
    }

    /**
     * The message for the first argument that does not decode cleanly, or null.
     *
     * @param args the arguments as Java decoded them
     * @return the message, without the {@code kv: } prefix, or null
     */
    static String undecodable(String[] args) {
        List<byte[]> raw = rawArguments(args.length);
        if (raw == null) {
            return null;
        }
        Charset charset = platformCharset();
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = raw.get(i);
            String strict;
            try {
                strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return "argument " + (i + 1) + " ('" + shown(bytes) + "') is not valid " + charset.name()
                        + " (the platform encoding): store names, keys and values given as arguments must be text;"
                        + " give a binary value with --file or standard input";
            }
            if (!strict.equals(args[i])) {
                return null; // Not the arguments we were given (an unusual launcher): do not guess.
            }
        }
        return null;
    }

    private static Charset platformCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    private static List<byte[]> rawArguments(int count) {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                byte[] entry = new byte[i - start];
                System.arraycopy(cmdline, start, entry, 0, entry.length);
                entries.add(entry);
                start = i + 1;
            }
        }
        if (entries.size() < count) {
            return null;
        }
        return entries.subList(entries.size() - count, entries.size());
    }

    /** The argument with each byte that is not printable ASCII written as {@code \xNN}, as bash's $'...' does. */
    private static String shown(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int v = x & 0xff;
            if (v >= 0x20 && v < 0x7f) {
                b.append((char) v);
            } else {
                b.append(String.format("\\x%02x", v));
            }
        }
        return b.toString();
    }
}
