package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.Check;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.descriptor.UriSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Each check of the kit is a test whose source is its clauses, not the factory method: build tools that name
 * tests by their method source (Maven Surefire prints {@code basics()[3]}) name them by display name instead, which
 * starts with the clause IDs.
 */
class TestNamesTest {

    /** The kit against the reference provider, two checks only. */
    static final class TwoChecks extends KvProviderTck {
        @Override
        protected KvProvider provider() {
            return new ReferenceKvProvider();
        }

        @Override
        boolean includes(Check check) {
            return check.clauses().contains("DEL-1") || check.clauses().contains("CAP-1");
        }
    }

    @Test
    void everyCheckIsNamedAndSourcedByItsClauses() {
        List<TestIdentifier> tests = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(TwoChecks.class)).build(), new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        if (id.isTest()) {
                            tests.add(id);
                        }
                    }
                });
        assertTrue(tests.size() >= 2, tests.toString());
        for (TestIdentifier t : tests) {
            assertFalse(t.getSource().filter(MethodSource.class::isInstance).isPresent(), t.toString());
            String uri = t.getSource().map(UriSource.class::cast).orElseThrow().getUri().toString();
            assertTrue(uri.startsWith("kv-tck:"), uri);
            String clauses = uri.substring("kv-tck:".length());
            assertTrue(t.getDisplayName().startsWith("[" + clauses.replace(",", ", ") + "] "),
                    t.getDisplayName() + " / " + uri);
        }
        assertEquals(1, tests.stream().filter(t -> t.getDisplayName().startsWith("[DEL-1")).count(), tests.toString());
    }
}
