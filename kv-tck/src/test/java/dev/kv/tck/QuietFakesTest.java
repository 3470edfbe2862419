package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.ProviderReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The PROV checks' fake providers (one fails to load on purpose) log nothing into a passing provider's output. */
class QuietFakesTest {

    @Test
    void aPassingRunLogsNoWarningAboutTheKitsOwnFakes() {
        Logger discovery = Logger.getLogger("dev.kv.api.discovery");
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        discovery.addHandler(capture);
        try {
            KvProvider reference = new ReferenceKvProvider();
            ProviderReport report = KvTckRunner.execute(new KvProviderTck() {
                @Override
                protected KvProvider provider() {
                    return reference;
                }
            }, null, new PrintStream(new ByteArrayOutputStream()), Set.of("PROV-8"));
            assertEquals(ProviderReport.Status.PASSED, report.status("PROV-8"), "PROV-8 of the reference");
        } finally {
            discovery.removeHandler(capture);
        }
        synchronized (logged) {
            assertTrue(logged.stream().noneMatch(m -> m.contains("dev.kv.tck.internal.fake.")),
                    () -> "warnings about the kit's fakes reached the log: " + logged);
        }
    }
}
