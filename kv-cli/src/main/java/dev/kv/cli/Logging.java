package dev.kv.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
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

    /**
     * Chronicle Core's advice when {@code jdk.internal.ref} is not exported to it: {@code --illegal-access=permit},
     * which JDK 17 refuses, and the class-path form of the flag. The user gets the flag that works instead.
     */
    private static final String CHRONICLE_CLEANER_ADVICE = "--illegal-access=permit";
    private static final String CLEANER_FLAG = "Chronicle cannot free its off-heap buffers at once (they are freed"
            + " by a later garbage collection): add --add-exports=java.base/jdk.internal.ref=chronicle.core to the"
            + " java command line (ALL-UNNAMED instead of chronicle.core on the class path); ./kv adds it";

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
        root.addHandler(new StandardErrorHandler(err));
    }

    /** One line per record of level WARNING or above; Chronicle's repeated flag advice only once. */
    static final class StandardErrorHandler extends Handler {
        private final PrintStream err;
        private final Set<String> printed = new HashSet<>();

        StandardErrorHandler(PrintStream err) {
            this.err = err;
            setLevel(Level.WARNING);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String level = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "error" : "warning";
            String message = FORMAT.formatMessage(record);
            if (message != null && message.startsWith("kv: ")) {
                message = message.substring(4);
            }
            boolean advice = message != null && message.contains(CHRONICLE_CLEANER_ADVICE);
            if (advice) {
                message = CLEANER_FLAG;
            }
            String line = "kv: " + level + ": " + message
                    + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")");
            // Chronicle gives that advice once per buffer it could not free; once is enough to act on.
            if (!advice || printed.add(line)) {
                err.println(line);
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
