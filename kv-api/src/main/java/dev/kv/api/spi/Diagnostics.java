package dev.kv.api.spi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How kv quotes keys, store names and values in error messages, so that a key with control characters, odd
 * spacing or a lone surrogate stays readable and a message never gets unbounded. Provider authors use it to
 * word their own errors the way the rest of kv does.
 *
 * @since 0.1
 */
public final class Diagnostics {
    private static final int MAX_SHOWN = 80;

    private Diagnostics() {
    }

    /**
     * Quotes a key, name or value for a message: control characters and lone surrogates escaped, long text cut.
     *
     * @param s the text, may be null
     * @return the quoted text
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 2).append('\'');
        int shown = 0;
        for (int i = 0; i < s.length() && shown < MAX_SHOWN; i++, shown++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !isPaired(s, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > MAX_SHOWN) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.append('\'').toString();
    }

    private static boolean isPaired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Says in words what an I/O failure was, for the end of a message that already names the file: "permission
     * denied", "read-only file system", "no such file or directory", never a Java class name.
     *
     * @param e the failure
     * @return for example {@code read-only file system}
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            if (f.getReason() != null && !f.getReason().isBlank()) {
                // The operating system's own words (strerror), such as "Read-only file system".
                String reason = f.getReason().trim();
                return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or directory";
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof FileAlreadyExistsException) {
                return "it already exists";
            }
            if (e instanceof NotDirectoryException) {
                return "not a directory";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return "the directory is not empty";
            }
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "an I/O error";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
