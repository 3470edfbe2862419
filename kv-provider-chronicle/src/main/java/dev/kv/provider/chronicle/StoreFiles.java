package dev.kv.provider.chronicle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Maps store names to file names in the data directory.
 *
 * <p>The encoding keeps {@code a-z}, {@code 0-9} and {@code -}, and writes every other UTF-16 code unit as
 * {@code _} and four lowercase hex digits, so upper case never reaches the file system (case-insensitive file
 * systems cannot merge {@code a} and {@code A}) and no separator, dot or reserved character does either. The
 * result is one-to-one because {@code _} appears only as an escape. An encoding longer than
 * {@value #MAX_PLAIN} characters is cut and followed by {@code ~} and the SHA-256 of the name, which keeps every
 * file name under 200 characters; {@code ~} never occurs in a plain encoding, so hashed and plain names cannot
 * meet. Every file starts with {@code kv-}, which keeps names such as {@code con} or {@code nul} away from
 * Windows' reserved device names.
 */
final class StoreFiles {

    static final String PREFIX = "kv-";
    static final String MAP_SUFFIX = ".cmap";
    static final String LOCK_SUFFIX = ".lock";
    static final int MAX_PLAIN = 100;

    private StoreFiles() {
    }

    static String encode(String name) {
        StringBuilder b = new StringBuilder(name.length() + 16);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                b.append(c);
            } else {
                b.append('_').append(String.format("%04x", (int) c));
            }
        }
        if (b.length() <= MAX_PLAIN) {
            return b.toString();
        }
        return b.substring(0, MAX_PLAIN - 40) + "~" + sha256(name);
    }

    /**
     * The name a plain (unhashed) encoding stands for, for diagnostics and tests.
     *
     * @return the name, or {@code null} if {@code encoded} is hashed or not an encoding
     */
    static String decode(String encoded) {
        if (encoded.indexOf('~') >= 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                if (i + 5 > encoded.length()) {
                    return null;
                }
                b.append((char) Integer.parseInt(encoded.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static Path mapFile(Path dataDir, String name) {
        return dataDir.resolve(PREFIX + encode(name) + MAP_SUFFIX);
    }

    static Path lockFile(Path dataDir, String name) {
        return dataDir.resolve(PREFIX + encode(name) + LOCK_SUFFIX);
    }

    private static String sha256(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_16BE));
            StringBuilder b = new StringBuilder(64);
            for (byte x : d) {
                b.append(String.format("%02x", x & 0xff));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
