package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.Catalogue;
import dev.kv.tck.internal.Failures;
import dev.kv.tck.internal.ProviderReport;
import dev.kv.tck.internal.ProviderReport.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The kit catches every deliberately broken provider on the clause it violates: each broken provider is run
 * through the checks of that clause (the runner's launcher path), and the clause must be among the clause IDs
 * that some failure message starts with. A broken provider not caught, or caught only under other clauses,
 * fails the build.
 */
class BrokenProvidersTest {

    record Case(String clause, Supplier<KvProvider> provider) {
    }

    private static Case c(String clause, Supplier<KvProvider> provider) {
        return new Case(clause, provider);
    }

    static final List<Case> CASES = List.of(
            // NAME
            c("NAME-1", BrokenNamesAndKeys.ShortNamesOnly::new),
            c("NAME-1", BrokenNamesAndKeys.NoSeparators::new),
            c("NAME-2", BrokenNamesAndKeys.AcceptsC1Names::new),
            c("NAME-2", BrokenNamesAndKeys.CountsCodePoints::new),
            c("NAME-3", BrokenNamesAndKeys.HashedNames::new),
            c("NAME-3", BrokenNamesAndKeys.TruncatedNames::new),
            c("NAME-3", BrokenProviders.NaiveNameMapping::new),
            c("NAME-4", BrokenProviders.CaseInsensitiveNames::new),
            c("NAME-4", BrokenNamesAndKeys.FoldsFirstLetter::new),
            // KEY
            c("KEY-1", BrokenNamesAndKeys.QuietNullKey::new),
            c("KEY-1", BrokenNamesAndKeys.NpeOnNullWatch::new),
            c("KEY-2", BrokenNamesAndKeys.AcceptsEmptyKey::new),
            c("KEY-2", BrokenNamesAndKeys.WatchesEmptyKey::new),
            c("KEY-3", BrokenNamesAndKeys.NormalisesKeys::new),
            c("KEY-3", BrokenNamesAndKeys.StripsControls::new),
            c("KEY-4", BrokenNamesAndKeys.ReplacesLoneSurrogates::new),
            c("KEY-4", BrokenNamesAndKeys.UnpairedWithoutPosition::new),
            c("KEY-5", BrokenKeyLimits.UnenforcedKeyLimit::new),
            c("KEY-5", BrokenKeyLimits.KeyLimitOffByOne::new),
            c("KEY-5", BrokenKeyLimits.MiscountsThreeByteKeys::new),
            // PAYLOAD
            c("PAYLOAD-1", BrokenProviders.EmptyAsMissing::new),
            c("PAYLOAD-1", BrokenValues.EmptyArrayAsMissing::new),
            c("PAYLOAD-2", BrokenValues.DropsLastByte::new),
            c("PAYLOAD-2", BrokenValues.ValuesAsText::new),
            c("PAYLOAD-3", BrokenProviders.LosesValueOnFailedSet::new),
            c("PAYLOAD-3", BrokenValues.CutsOneOver::new),
            c("PAYLOAD-3", BrokenValues.RefusesExactLimit::new),
            c("PAYLOAD-4", BrokenProviders.AliasesArray::new),
            c("PAYLOAD-4", BrokenValues.AliasesLargeArrays::new),
            c("PAYLOAD-5", BrokenValues.NullPayloadDeletes::new),
            c("PAYLOAD-5", BrokenValues.NullArrayStoresEmpty::new),
            // GET, SET, DEL
            c("GET-1", BrokenValues.ShortReadBuffer::new),
            c("GET-2", BrokenProviders.NullOnMissing::new),
            c("GET-2", BrokenValues.MissWithoutStore::new),
            c("GET-3", BrokenValues.FindThrows::new),
            c("GET-3", BrokenValues.FindReturnsNull::new),
            c("GET-4", BrokenProviders.ExpensiveMiss::new),
            c("GET-4", BrokenValues.TracedTombstoneMiss::new),
            c("SET-1", BrokenValues.NeverShrinks::new),
            c("SET-2", BrokenProviders.TornWrites::new),
            c("SET-2", BrokenValues.DeleteThenWrite::new),
            c("SET-3", BrokenValues.PlaceholderOnFailedSet::new),
            c("SET-3", BrokenProviders.LosesValueOnFailedSet::new),
            c("DEL-1", BrokenDeletes.DeletesByPrefix::new),
            c("DEL-1", BrokenDeletes.DeleteLatin1::new),
            c("DEL-2", BrokenProviders.EventOnMissingDelete::new),
            c("DEL-2", BrokenDeletes.DeleteMissingFails::new),
            c("DEL-3", BrokenDeletes.StickyTombstone::new),
            // VIS, CONC
            c("VIS-1", BrokenProviders.StaleHandleCache::new),
            c("VIS-1", BrokenHandles.StoresPerInstance::new),
            c("VIS-2", BrokenProviders.NaiveNameMapping::new),
            c("VIS-2", BrokenHandles.WindowsNames::new),
            c("CONC-1", BrokenConcurrency.PlainHashMap::new),
            c("CONC-1", BrokenConcurrency.RacyCopyOnWrite::new),
            c("CONC-2", BrokenProviders.StaleHandleCache::new),
            // WATCH
            c("WATCH-1", BrokenWatch.RdPerHandle::new),
            c("WATCH-1", BrokenWatch.RdWithoutId::new),
            c("WATCH-2", BrokenWatch.NoEventForEmpty::new),
            c("WATCH-2", BrokenWatch.DeleteAsEmptySet::new),
            c("WATCH-3", BrokenProviders.ReordersEvents::new),
            c("WATCH-3", BrokenWatch.WrappingSequence::new),
            c("WATCH-4", BrokenWatch.RoutesByHash::new),
            c("WATCH-6", BrokenWatch.IgnoresDemand::new),
            c("WATCH-7", BrokenProviders.IgnoresCancel::new),
            c("WATCH-7", BrokenWatch.LateCancel::new),
            c("WATCH-8", BrokenWatch.OverflowCompletes::new),
            c("WATCH-8", BrokenWatch.BufferOneShort::new),
            c("WATCH-9", BrokenWatch.SharedDeliveryLock::new),
            c("WATCH-10", BrokenWatch.AnyRd::new),
            c("WATCH-11", BrokenWatch.IgnoresBadRequest::new),
            c("WATCH-12", BrokenSubscribers.SwallowsOnNextThrow::new),
            c("WATCH-12", BrokenSubscribers.SwallowsOnSubscribeThrow::new),
            c("WATCH-13", BrokenSubscribers.RemembersEverySubscriber::new),
            c("WATCH-13", BrokenSubscribers.ForgetsOnlyTerminated::new),
            c("WATCH-13", BrokenSubscribers.ForgetsTheKeyAtCancel::new),
            // STORES
            c("STORES-1", BrokenCatalog.ListsNothing::new),
            c("STORES-1", BrokenCatalog.LooksByOpening::new),
            c("STORES-1", BrokenCatalog.ListsWithDefaults::new),
            c("STORES-2", BrokenCatalog.DropsOpenStores::new),
            c("STORES-2", BrokenCatalog.DropOfNothingSucceeds::new),
            // CLOSE
            c("CLOSE-1", BrokenHandles.CloseTwiceThrows::new),
            c("CLOSE-2", BrokenProviders.WrongClosedReason::new),
            c("CLOSE-2", BrokenHandles.StillOpen::new),
            c("CLOSE-2", BrokenHandles.ClosedAsStorage::new),
            c("CLOSE-2", BrokenHandles.LatePublisherCompletes::new),
            c("CLOSE-2", BrokenHandles.LateErrorWithoutSubscribe::new),
            c("CLOSE-3", BrokenHandles.CloseClosesAll::new),
            c("CLOSE-4", BrokenHandles.NoCompleteOnClose::new),
            c("CLOSE-5", BrokenProviders.KeepsDataAfterClose::new),
            c("CLOSE-5", BrokenHandles.CachesClosedStores::new),
            // CONF, ERR
            c("CONF-1", BrokenConfig.UndescribedProperty::new),
            c("CONF-1", BrokenConfig.ForeignPrefix::new),
            c("CONF-2", BrokenConfig.SystemPropertyWins::new),
            c("CONF-2", BrokenConfig.IgnoresSystemProperties::new),
            c("CONF-3", BrokenConfig.DropsBadValues::new),
            c("CONF-3", BrokenConfig.BadValueWrongReason::new),
            c("CONF-3", BrokenConfig.ClampsOutOfRange::new),
            c("CONF-4", BrokenProviders.IgnoresUnknownProperties::new),
            c("CONF-4", BrokenConfig.UnknownSystemPropertyIgnored::new),
            c("CONF-5", BrokenReopen.RefusesNamingNothing::new),
            c("CONF-5", BrokenReopen.NamesOnlyTheFirstDifference::new),
            c("CONF-5", BrokenReopen.RefusalKeepsTheStoreAlive::new),
            c("ERR-1", BrokenConfig.IllegalArgumentEscapes::new),
            c("ERR-1", BrokenConfig.NpeOnNullName::new),
            c("ERR-2", BrokenConfig.VagueTooLarge::new),
            c("ERR-2", BrokenValues.MissWithoutStore::new),
            c("ERR-3", BrokenConfig.TooLargeAsInvalid::new),
            c("ERR-3", BrokenConfig.ClosedGetAsNotFound::new),
            // PROV, CAP, capabilities
            c("PROV-1", BrokenProviders.BadId::new),
            c("PROV-1", BrokenHandles.UnstableId::new),
            c("PROV-2", BrokenHandles.Unregistered::new),
            c("PROV-2", ReferenceKvProvider::new),
            c("CAP-1", BrokenHandles.NullCapabilities::new),
            c("CAP-1", BrokenHandles.WatchWithoutProcesses::new),
            c("CAP-2", BrokenProviders.KeepsDataAfterClose::new),
            c("CAP-2", BrokenConfig.DefaultTtl::new),
            c("CAP-3", BrokenHandles.UnwrapCasts::new),
            c("CAP-3", BrokenHandles.UnwrapVague::new),
            c("PERSIST-1", BrokenProviders.ForgetsOnReopen::new),
            c("PERSIST-2", BrokenPersistence.WriteBehind::new),
            c("EXPIRY-1", BrokenProviders.ClaimsExpiry::new),
            // ASYNC
            c("ASYNC-1", BrokenAsync.NullOnAsyncMiss::new),
            c("ASYNC-1", BrokenAsync.RewordsAsyncFailures::new),
            c("ASYNC-1", BrokenAsync.SynchronousIsAnotherHandle::new),
            c("ASYNC-2", BrokenAsync.ThrowsOnBadKeys::new),
            c("ASYNC-2", BrokenAsync.NullPayloadThrows::new),
            c("ASYNC-3", BrokenAsync.ViewOutlivesClose::new),
            c("ASYNC-3", BrokenAsync.ClosedAsStorage::new),
            c("ASYNC-4", BrokenAsyncScheduling.LargeValuesOnTheirOwnPool::new),
            c("ASYNC-4", BrokenAsyncScheduling.WriteBehindView::new),
            c("ASYNC-5", BrokenAsyncScheduling.CancelWritesHalf::new),
            c("ASYNC-5", BrokenAsyncScheduling.CancelPoisonsView::new),
            c("ASYNC-6", BrokenAsyncScheduling.CompletesOnIoThread::new),
            c("ASYNC-6", BrokenAsyncScheduling.OneCompletionThread::new));

    /**
     * Clauses the kit checks that have fewer than two broken providers here, and why. The test below fails when
     * a clause falls short and is not listed, so the list stays the truth.
     */
    static final Map<String, String> SHORT = new TreeMap<>(Map.ofEntries(
            Map.entry("PROV-3", "[library] a clause of dev.kv.api's selection, not of a provider"),
            Map.entry("PROV-4", "[library] a clause of dev.kv.api's selection, not of a provider"),
            Map.entry("PROV-5", "[library] a clause of dev.kv.api's selection, not of a provider"),
            Map.entry("PROV-6", "[library] a clause of dev.kv.api's selection, not of a provider"),
            Map.entry("PROV-7", "[library] a clause of dev.kv.api's selection, not of a provider"),
            Map.entry("PROV-8", "[library] a clause of dev.kv.api's selection, not of a provider"),
            Map.entry("PERSIST-1", "one so far: needs a persistent broken provider and child JVMs"),
            Map.entry("PERSIST-2", "one so far"),
            Map.entry("PERSIST-3", "none yet: needs a file-backed broken provider with locks"),
            Map.entry("PERSIST-4", "none yet: needs a file-backed broken provider"),
            Map.entry("PROC-1", "none yet: needs a MULTI_PROCESS broken provider"),
            Map.entry("PROC-2", "none yet: needs a MULTI_PROCESS broken provider"),
            Map.entry("PROC-3", "none yet: needs a CROSS_PROCESS_WATCH broken provider"),
            Map.entry("PROC-4", "none yet: needs a CROSS_PROCESS_WATCH broken provider"),
            Map.entry("EXPIRY-1", "one so far"),
            Map.entry("EXPIRY-2", "none yet: needs an expiring broken provider"),
            Map.entry("EVICT-1", "none yet: needs an evicting broken provider"),
            Map.entry("EVICT-2", "none yet: needs an evicting broken provider"),
            Map.entry("EVICT-3", "none yet: needs an evicting broken provider"),
            Map.entry("SET-1", "one so far"),
            Map.entry("GET-1", "one so far"),
            Map.entry("DEL-3", "one so far"),
            Map.entry("CONC-2", "one so far"),
            Map.entry("WATCH-4", "one so far"),
            Map.entry("WATCH-5", "none yet"),
            Map.entry("WATCH-6", "one so far"),
            Map.entry("WATCH-9", "one so far"),
            Map.entry("WATCH-10", "one so far"),
            Map.entry("WATCH-11", "one so far"),
            Map.entry("CLOSE-1", "one so far"),
            Map.entry("CLOSE-3", "one so far"),
            Map.entry("CLOSE-4", "one so far")));

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
    Stream<DynamicTest> theKitFailsEachBrokenProviderOnTheViolatedClause() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest("[" + c.clause() + "] caught in "
                + c.provider().get().getClass().getSimpleName(), () -> {
                    KvProvider provider = c.provider().get();
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    ProviderReport report = KvTckRunner.execute(kitFor(provider), null,
                            new PrintStream(bytes, true, StandardCharsets.UTF_8), Set.of(c.clause()));
                    List<String> failures = report.tests().stream().filter(t -> t.status() == Status.FAILED)
                            .map(ProviderReport.TestOutcome::message).collect(Collectors.toList());
                    if (failures.isEmpty()) {
                        fail("the kit did not catch " + provider.getClass().getSimpleName() + " (it violates "
                                + c.clause() + "); outcome " + report.status(c.clause()));
                    }
                    boolean onClause = failures.stream().anyMatch(m -> Failures.leadingClauses(m).contains(c.clause()));
                    assertTrue(onClause, () -> "the kit caught " + provider.getClass().getSimpleName()
                            + " only on other clauses than " + c.clause() + ": " + failures);
                }));
    }

    @Test
    void everyCheckedClauseHasTwoBrokenProvidersOrSaysWhyNot() {
        Map<String, Long> counts = CASES.stream().collect(Collectors.groupingBy(Case::clause, Collectors.counting()));
        Set<String> missing = new TreeSet<>();
        for (String clause : Catalogue.clauses()) {
            if (counts.getOrDefault(clause, 0L) < 2 && !SHORT.containsKey(clause)) {
                missing.add(clause + " (" + counts.getOrDefault(clause, 0L) + ")");
            }
        }
        assertTrue(missing.isEmpty(), () -> "clauses with fewer than two broken providers, not listed in SHORT: "
                + missing);
        for (String clause : SHORT.keySet()) {
            assertTrue(counts.getOrDefault(clause, 0L) < 2, () -> clause + " has two broken providers now; take it"
                    + " off SHORT");
        }
    }
}
