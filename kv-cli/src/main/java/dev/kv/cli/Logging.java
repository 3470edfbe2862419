package dev.kv.cli;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes java.util.logging (where kv's System.Logger and, through slf4j-jdk14, Chronicle's SLF4J logging end up)
 * to standard error as one {@code kv: warning: ...} line per record of level WARNING or above. The JDK's default
 * two-line console format, and INFO chatter, have no place among a command's messages.
 */
final class Logging {

    /** Only for {@link SimpleFormatter#formatMessage}: parameters and resource bundles, as the JDK applies them. */
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private Logging() {
    }

    /**
     * Installs the handler on the root logger, replacing the default console handler.
     *
     * @param err where the lines go
     */
    static void install(PrintStream err) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(Level.WARNING);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                String level = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "error" : "warning";
                String message = FORMAT.formatMessage(record);
                if (message != null && message.startsWith("kv: ")) {
                    message = message.substring(4);
                }
                err.println("kv: " + level + ": " + message
                        + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
                err.flush();
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                flush();
            }
        });
    }
}
