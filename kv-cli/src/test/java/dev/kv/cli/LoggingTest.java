package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The lines log records become on standard error. */
class LoggingTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Logging.StandardErrorHandler handler =
            new Logging.StandardErrorHandler(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord r = new LogRecord(level, message);
        r.setParameters(parameters);
        return r;
    }

    @Test
    void aWarningIsOneLineWithItsParameters() {
        handler.publish(record(Level.WARNING, "kv: store {0} recovered", "'s'"));
        handler.publish(record(Level.INFO, "chatter"));
        assertEquals("kv: warning: store 's' recovered\n", printed());
    }

    @Test
    void chroniclesIllegalAccessAdviceBecomesTheFlagThatWorksOnceOnly() {
        // What Chronicle Core logs without --add-exports=java.base/jdk.internal.ref=...; JDK 17 refuses
        // --illegal-access=permit, so the advice must not reach the user.
        String chronicle = "Make sure you have set the command line option \"--illegal-access=permit --add-exports"
                + " java.base/jdk.internal.ref=ALL-UNNAMED\" to enable ReflectionBasedByteBufferCleanerService";
        handler.publish(record(Level.WARNING, chronicle));
        handler.publish(record(Level.WARNING, chronicle));
        assertEquals("kv: warning: Chronicle cannot free its off-heap buffers at once (they are freed by a later"
                + " garbage collection): add --add-exports=java.base/jdk.internal.ref=chronicle.core to the java"
                + " command line (ALL-UNNAMED instead of chronicle.core on the class path); ./kv adds it\n",
                printed());
    }
}
