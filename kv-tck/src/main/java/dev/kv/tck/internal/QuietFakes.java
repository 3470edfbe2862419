package dev.kv.tck.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the library's discovery warnings about the kit's own fake providers (the one that fails to instantiate on
 * purpose, the class that does not exist) out of the provider author's test output: they are held while a check
 * runs and logged only if it fails, when they may help. Works with the JDK's default logging backend
 * (java.util.logging); under another System.LoggerFinder the warnings pass through unchanged.
 */
final class QuietFakes {

    private static final String DISCOVERY_LOGGER = "dev.kv.api.discovery";
    private static final String FAKES = "dev.kv.tck.internal.fake.";

    private QuietFakes() {
    }

    /**
     * Runs {@code action} with the fakes' warnings held.
     *
     * @param action the check's code
     * @throws Exception what the action throws, after the held warnings are logged
     */
    static void during(TckContext.Action action) throws Exception {
        Logger logger = Logger.getLogger(DISCOVERY_LOGGER);
        Filter previous = logger.getFilter();
        List<LogRecord> held = new ArrayList<>();
        logger.setFilter(r -> {
            String m = r.getMessage();
            if (m != null && m.contains(FAKES)) {
                synchronized (held) {
                    held.add(r);
                }
                return false;
            }
            return previous == null || previous.isLoggable(r);
        });
        boolean ok = false;
        try {
            action.run();
            ok = true;
        } finally {
            logger.setFilter(previous);
            if (!ok) {
                synchronized (held) {
                    held.forEach(logger::log);
                }
            }
        }
    }
}
