package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvEvent;
import dev.kv.tck.internal.Probe;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The kit's subscriber waits correctly when a subscription ends while it is looking. */
class ProbeTest {

    private static Probe subscribed() {
        Flow.Publisher<KvEvent> publisher = s -> s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        return Probe.subscribeTo(publisher, "test probe");
    }

    @Test
    void anEndArrivingJustAfterTheConditionWasTestedIsSeenAsTheEndItWaitedFor() {
        Probe p = subscribed();
        // the end arrives between the test of the condition and the decision to fail: the race that made
        // WATCH-11 report "no terminal signal" while it showed the onError it had received
        List<KvEvent> seen = p.awaitEvents(events -> {
            if (p.error() != null) {
                return true;
            }
            p.onError(new IllegalArgumentException("request(-1)"));
            return false;
        }, "T-1", "the end");
        assertTrue(seen.isEmpty(), seen::toString);
        assertTrue(p.error() instanceof IllegalArgumentException, () -> String.valueOf(p.error()));
    }

    @Test
    void awaitingATerminalSignalReturnsOnceItCame() {
        Probe p = subscribed();
        p.onError(new IllegalArgumentException("request(0)"));
        p.awaitTerminationOrEvent("T-2");
        assertTrue(p.error() instanceof IllegalArgumentException);
    }

    @Test
    void aSubscriptionThatEndsWithoutTheEventsFailsAtOnceAndSaysItEnded() {
        Probe p = subscribed();
        p.onComplete();
        AssertionError e = assertThrows(AssertionError.class, () -> p.awaitEvents(1, "T-3"));
        assertTrue(e.getMessage().startsWith("[T-3] "), e.getMessage());
        assertTrue(e.getMessage().contains("the subscription ended"), e.getMessage());
        assertTrue(e.getMessage().contains("onComplete"), e.getMessage());
        assertEquals(0, p.events().size());
    }
}
