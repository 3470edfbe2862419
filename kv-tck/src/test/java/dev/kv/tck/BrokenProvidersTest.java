package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.ProviderReport;
import dev.kv.tck.internal.ProviderReport.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kit catches every deliberately broken provider and names the clause it violates: each broken provider is
 * run through the whole kit (the runner's launcher path), and the violated clause must be FAILED.
 */
class BrokenProvidersTest {

    private record Case(Supplier<KvProvider> provider, String... clauses) {
    }

    private static final List<Case> CASES = List.of(
            new Case(BrokenProviders.EmptyAsMissing::new, "PAYLOAD-1"),
            new Case(BrokenProviders.AliasesArray::new, "PAYLOAD-4"),
            new Case(BrokenProviders.NaiveNameMapping::new, "NAME-3", "VIS-2"),
            new Case(BrokenProviders.CaseInsensitiveNames::new, "NAME-4"),
            new Case(BrokenProviders.ReordersEvents::new, "WATCH-3"),
            new Case(BrokenProviders.IgnoresCancel::new, "WATCH-7"),
            new Case(BrokenProviders.LosesValueOnFailedSet::new, "PAYLOAD-3"),
            new Case(BrokenProviders.TornWrites::new, "SET-2"),
            new Case(BrokenProviders.ForgetsOnReopen::new, "PERSIST-1"),
            new Case(BrokenPersistence.WriteBehind::new, "PERSIST-2"),
            new Case(BrokenProviders.ClaimsExpiry::new, "EXPIRY-1"),
            new Case(BrokenProviders.NullOnMissing::new, "GET-2"),
            new Case(BrokenProviders.ExpensiveMiss::new, "GET-4"),
            new Case(BrokenProviders.WrongClosedReason::new, "CLOSE-2"),
            new Case(BrokenProviders.StaleHandleCache::new, "VIS-1", "CONC-2"),
            new Case(BrokenProviders.EventOnMissingDelete::new, "DEL-2"),
            new Case(BrokenProviders.KeepsDataAfterClose::new, "CLOSE-5"),
            new Case(BrokenProviders.BadId::new, "PROV-1"),
            new Case(BrokenProviders.IgnoresUnknownProperties::new, "CONF-4"),
            new Case(BrokenAsync.NullOnAsyncMiss::new, "ASYNC-1"),
            new Case(BrokenAsync.RewordsAsyncFailures::new, "ASYNC-1"),
            new Case(BrokenAsync.SynchronousIsAnotherHandle::new, "ASYNC-1"),
            new Case(BrokenAsync.ThrowsOnBadKeys::new, "ASYNC-2"),
            new Case(BrokenAsync.NullPayloadThrows::new, "ASYNC-2"),
            new Case(BrokenAsync.ViewOutlivesClose::new, "ASYNC-3"),
            new Case(BrokenAsync.ClosedAsStorage::new, "ASYNC-3"),
            new Case(BrokenAsync.LargeValuesOnTheirOwnPool::new, "ASYNC-4"),
            new Case(BrokenAsync.WriteBehindView::new, "ASYNC-4"),
            new Case(BrokenAsync.CancelWritesHalf::new, "ASYNC-5"),
            new Case(BrokenAsync.CancelPoisonsView::new, "ASYNC-5"),
            new Case(BrokenAsync.CompletesOnIoThread::new, "ASYNC-6"),
            new Case(BrokenAsync.OneCompletionThread::new, "ASYNC-6"));

    /** The kit as a provider author would write it for a broken provider, with the expiry hook provided. */
    private static KvProviderTck kitFor(KvProvider provider) {
        return new KvProviderTck() {
            @Override
            protected KvProvider provider() {
                return provider;
            }

            @Override
            protected KvConfig expiringConfiguration(Path directory, Duration ttl) {
                return KvConfig.empty();
            }

            @Override
            protected KvConfig configuration(Path directory) {
                // the file-backed broken ones keep their files in the check's own directory
                return provider instanceof FileReferenceKvProvider
                        ? KvConfig.builder().set("kv.reffile.directory", directory.toString()).build()
                        : KvConfig.empty();
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> theKitFailsEachBrokenProviderNamingTheViolatedClause() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(List.of(c.clauses()) + " caught in "
                + c.provider().get().getClass().getSimpleName(), () -> {
                    KvProvider provider = c.provider().get();
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    // only the checks naming the clause run here; KvTckRunnerTest runs the whole kit on a broken one
                    ProviderReport report = KvTckRunner.execute(kitFor(provider), null,
                            new PrintStream(bytes, true, StandardCharsets.UTF_8), Set.of(c.clauses()));
                    for (String clause : c.clauses()) {
                        assertEquals(Status.FAILED, report.status(clause), () -> "the kit did not fail "
                                + provider.getClass().getSimpleName() + " on " + clause + "; outcome "
                                + report.status(clause));
                        List<String> messages = report.messages(clause, Status.FAILED);
                        assertFalse(messages.isEmpty(), "a failure without a message");
                        assertTrue(messages.stream().anyMatch(m -> m.contains(clause)), () -> "no failure message"
                                + " names " + clause + ": " + messages);
                    }
                    assertTrue(report.failed(), "the report does not say the provider failed");
                }));
    }

    @org.junit.jupiter.api.Test
    void atLeastTwelveDistinctBrokenProvidersViolatingDifferentClauses() {
        assertTrue(CASES.stream().map(c -> c.provider().get().getClass()).distinct().count() >= 12,
                "the self-test needs at least 12 broken providers");
    }
}
