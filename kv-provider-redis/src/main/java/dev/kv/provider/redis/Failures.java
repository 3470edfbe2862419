package dev.kv.provider.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;

/**
 * What went wrong talking to the server, said without the password and without Lettuce's stack of causes.
 * A {@link Failure} is a plain runtime exception: {@code AbstractKvStore} turns it into {@code STORAGE} naming
 * the operation, key and store, and appends this text.
 */
final class Failures {

    private Failures() {
    }

    /** A failure of a command, its text ready to show. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }

        /** Only the message: it follows "failed: " in the error the caller sees. */
        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** A command to {@code server} failed with {@code e}; the text never contains {@code password}. */
    static Failure of(RuntimeException e, String server, String password) {
        return new Failure(describe(e, server, password), e);
    }

    /** One line saying why, for messages. */
    static String describe(Throwable e, String server, String password) {
        String why;
        if (e instanceof RedisCommandTimeoutException) {
            why = "no answer from " + server + " within the timeout (kv.redis.timeout); a write may or may not"
                    + " have been applied";
        } else if (e instanceof RedisConnectionException) {
            why = "cannot reach " + server + ": " + rootMessage(e);
        } else if (e instanceof RedisCommandExecutionException) {
            why = server + " refused the command: " + e.getMessage();
        } else {
            why = "talking to " + server + ": " + rootMessage(e);
        }
        return scrub(why, password);
    }

    /** Whether the server refused the credentials. */
    static boolean isAuthentication(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("WRONGPASS") || m.contains("NOAUTH") || m.contains("NOPERM")
                    || m.contains("invalid password") || m.contains("invalid username-password"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        String own = e.getMessage();
        if (t == e || m == null) {
            return own == null ? e.getClass().getSimpleName() : own;
        }
        return (own == null ? "" : own + ": ") + m;
    }

    /** Belt and braces: Lettuce masks passwords, but nothing it says reaches a user with one in it. */
    static String scrub(String text, String password) {
        if (password == null || password.isEmpty() || text == null) {
            return text;
        }
        return text.replace(password, "****");
    }
}
