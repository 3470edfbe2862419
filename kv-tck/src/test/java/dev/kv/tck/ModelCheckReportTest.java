package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.ProviderReport;
import dev.kv.tck.internal.ProviderReport.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The model-based check reports the seed and a shrunk sequence when a provider disagrees with the model. */
class ModelCheckReportTest {

    @Test
    void aDisagreementIsReportedWithItsSeedAndAShortShrunkSequence() {
        KvProvider broken = new BrokenProviders.StaleHandleCache();
        KvProviderTck kit = new KvProviderTck() {
            @Override
            protected KvProvider provider() {
                return broken;
            }
        };
        ProviderReport report = KvTckRunner.execute(kit, null, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), Set.of("DEL-3"));
        assertEquals(Status.FAILED, report.status("DEL-3"), "the model check must catch stale handles");
        String message = report.messages("DEL-3", Status.FAILED).stream().filter(m -> m.contains("model"))
                .findFirst().orElseThrow(() -> new AssertionError("no model failure: " + report.tests()));
        assertTrue(message.contains("seed ") && message.contains("-Dkv.tck.seed="), message);
        Matcher m = Pattern.compile("shrunk to (\\d+) steps").matcher(message);
        assertTrue(m.find(), message);
        int steps = Integer.parseInt(m.group(1));
        // a stale read needs a read, a write through the other handle and a read again: a handful of steps
        assertTrue(steps >= 2 && steps <= 6, () -> "shrunk to " + steps + " steps:\n" + message);
        assertTrue(message.contains("0: h"), message);
    }
}
