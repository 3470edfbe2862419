package dev.kv.api.internal.plugin;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The allow-list of a plugins directory: the SHA-256 of every jar kv may load from it, by path relative to the
 * directory. One line per jar, {@code <64 hex digits>  <relative/path.jar>}; {@code #} starts a comment. It is
 * read before any jar is opened as a module, so a jar that is not listed never has a class defined.
 */
final class PluginLock {

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) {2}(\\S.*)");

    private final Path file;
    private final Map<String, String> hashes;

    private PluginLock(Path file, Map<String, String> hashes) {
        this.file = file;
        this.hashes = hashes;
    }

    /** The lock file {@code file}; absent means nothing is trusted. */
    static PluginLock read(Path file) {
        Map<String, String> hashes = new TreeMap<>();
        if (!Files.exists(file)) {
            return new PluginLock(file, null);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "the plugin lock file " + file
                    + " cannot be read: " + Diagnostics.describe(e), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw KvException.of(KvException.Reason.CONFIGURATION, "the plugin lock file " + file + " has a"
                        + " malformed line " + (i + 1) + " (expected '<sha-256 in hex>  <jar path>'): "
                        + Diagnostics.quote(line) + "; write it again with: kv plugins lock " + file.getParent());
            }
            hashes.put(m.group(2), m.group(1));
        }
        return new PluginLock(file, hashes);
    }

    /**
     * Why {@code jar} may not load, or null if it may: it must be listed with its current hash.
     *
     * @param relative the jar's path relative to the plugins directory, with '/' separators
     * @param sha256   the jar's hash now
     */
    String refusal(String relative, String sha256) {
        if (hashes == null) {
            return "jar " + relative + " (sha-256 " + sha256 + ") is not trusted: there is no lock file " + file
                    + ". Review the jars, then trust them with: kv plugins lock " + file.getParent()
                    + " (or, for development only, -D" + PluginDirectory.TRUST_ALL_PROPERTY + "=true)";
        }
        String expected = hashes.get(relative);
        if (expected == null) {
            return "jar " + relative + " (sha-256 " + sha256 + ") is not in the lock file " + file
                    + ". If you trust it, run: kv plugins lock " + file.getParent();
        }
        if (!expected.equals(sha256)) {
            return "jar " + relative + " has changed since it was locked: its sha-256 is " + sha256 + ", the lock"
                    + " file " + file + " expects " + expected + ". If you trust the new jar, run: kv plugins lock "
                    + file.getParent();
        }
        return null;
    }

    /**
     * Writes the lock file of {@code directory}: every jar of every plugin there, with its hash. Written to a
     * temporary file first and moved into place, so a reader never sees half of it.
     *
     * @return the lines written, one per jar
     */
    static List<String> write(Path directory, Path file) {
        Map<String, String> hashes = new TreeMap<>();
        for (PluginDirectory.Candidate plugin : PluginDirectory.candidates(directory)) {
            for (Path jar : plugin.jars()) {
                hashes.put(relative(directory, jar), sha256(jar));
            }
        }
        StringBuilder text = new StringBuilder("# kv plugins lock file: the jars kv may load from this directory."
                + "\n# Written by 'kv plugins lock'; a jar missing here or with another hash is refused.\n");
        List<String> lines = new java.util.ArrayList<>();
        hashes.forEach((path, hash) -> lines.add(hash + "  " + path));
        lines.forEach(l -> text.append(l).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "cannot write the plugin lock file " + file
                    + ": " + Diagnostics.describe(e), e);
        }
        return List.copyOf(lines);
    }

    static String relative(Path directory, Path jar) {
        return directory.relativize(jar).toString().replace(java.io.File.separatorChar, '/');
    }

    static String sha256(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.CONFIGURATION, "cannot read the plugin jar " + jar + ": "
                    + Diagnostics.describe(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
