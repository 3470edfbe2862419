#!/usr/bin/env python3
"""Writes PIT-SURVIVORS.md from PIT's mutations.csv: every mutant the kit did not kill, with the reason.

Run after the PIT profile (see the README):
    python3 kv-mutation/src/pit/survivors.py kv-mutation/target/pit-reports/mutations.csv \
        > kv-mutation/PIT-SURVIVORS.md
A survivor without a reason below fails the script, so a new one cannot go unexplained.
"""
import csv
import sys
from collections import Counter, defaultdict

EQUIVALENT = "equivalent"
UNREACHED = "not reached by the kit's runs"
MISSING = "check missing"
NO_CLAUSE = "no clause to check"

# (class, method) or (class, method, line) -> (kind, reason). A line entry wins over its method's entry.
REASONS = {
    # AbstractKvStore
    ("AbstractKvStore", "readWatchedValue"): (UNREACHED, "default hook; memory overrides it (WatchedStorageHooksTest covers the default)"),
    ("AbstractKvStore", "writeWatchedValue"): (UNREACHED, "default hook; memory overrides it (WatchedStorageHooksTest covers the default)"),
    ("AbstractKvStore", "removeWatchedValue"): (UNREACHED, "default hook; memory overrides it (WatchedStorageHooksTest covers the default)"),
    ("AbstractKvStore", "readsOfIllegalKeysMiss"): (UNREACHED, "default false; memory overrides it with true (ChecksOnMissTest covers the default)"),
    ("AbstractKvStore", "readWatched"): (UNREACHED, "only for a provider without readsOfIllegalKeysMiss; memory has it"),
    ("AbstractKvStore", "hub"): (UNREACHED, "accessor for subclasses; memory keeps its own reference to the hub"),
    ("AbstractKvStore", "read", 249): (EQUIVALENT, "negated, memory checks every read key up front instead of on misses: same results, slower"),
    ("AbstractKvStore", "read", 251): (UNREACHED, "the path of a provider that checks keys up front; memory checks on misses"),
    ("AbstractKvStore", "set"): (MISSING, "announceIfWatchStarted closes the race of a watch that starts while an unlocked write is in flight; the kit cannot time a subscription into that window"),
    ("AbstractKvStore", "delete"): (MISSING, "the same race window as set's announceIfWatchStarted, on the delete path"),
    ("AbstractKvStore", "write"): (MISSING, "watched and unwatched paths both write the cache; they differ only in holding the key lock, which matters in a race the kit cannot force"),
    ("AbstractKvStore", "remove"): (MISSING, "as write: the paths differ only under a race the kit cannot force"),
    ("AbstractKvStore", "announceIfWatchStarted"): (MISSING, "runs only when a watch started during an unlocked write; the kit cannot time that race"),
    ("AbstractKvStore", "lambda$events$0", 374): (MISSING, "onSubscribe left out before onError(CLOSED), which the kit's probe flags (rule 1.9)"),
    ("AbstractKvStore", "lambda$events$0", 381): (MISSING, "a subscription racing the handle's close; the kit cannot time it"),
    ("AbstractKvStore", "async"): (UNREACHED, "reference counting of kv's shared async lanes; memory's async view runs in the caller's thread and holds no lanes, and the forwarded reference's handles are ForwardingKvStores with an async view of their own (AsyncViewTest covers it)"),
    ("AbstractKvStore", "close"): (UNREACHED, "releases the shared async lanes, which neither memory's view nor the forwarding view holds"),
    ("AbstractKvStore", "newAsyncView"): (UNREACHED, "default view; memory returns its own"),
    ("AbstractKvStore", "nativeAsyncView"): (UNREACHED, "for providers with non-blocking calls (redis); NativeAsyncViewTest covers it"),
    ("AbstractKvStore", "checkPayloadOf"): (UNREACHED, "helper for providers that check payloads themselves; memory's set goes through AbstractKvStore's check"),
    ("AbstractKvStore", "isWatched"): (UNREACHED, "helper for subclasses; memory asks the hub directly"),
    ("AbstractKvStore", "checkKey", 495): (EQUIVALENT, "the cheap pre-check sends one more length to the exact check, which gives the same answer"),
    ("AbstractKvStore", "checkKeyExactly"): (MISSING, "a miscounted UTF-8 width at a code point the KEY-5 boundary keys do not use"),
    ("AbstractKvStore", "containsSurrogate"): (EQUIVALENT, "fast path only: a wrong answer sends the key to the exact check, which decides the same"),
    ("AbstractKvStore", "storageFailure"): (UNREACHED, "memory never fails with STORAGE"),
    ("AbstractKvStore", "toString"): (NO_CLAUSE, "toString text"),
    # ConfigProperty
    ("ConfigProperty", "defaultValue"): (NO_CLAUSE, "read by tools (kv providers, documentation), not by from()"),
    ("ConfigProperty", "environmentVariable"): (UNREACHED, "memory's and the reference's properties have no environment variable"),
    ("ConfigProperty", "from", 300): (UNREACHED, "the environment-variable branch; memory's and the reference's properties have none"),
    ("ConfigProperty", "from", 310): (NO_CLAUSE, "the detail a bad value's message adds (CONF-3 asks for the property and the value, which it names either way)"),
    ("ConfigProperty", "maximum"): (MISSING, "maximum() empty for a numeric property: the kit then skips the property's range instead of failing on a minimum without a maximum"),
    ("ConfigProperty", "inRange"): (MISSING, "a numeric property's ends: ConfigProperty does not expose its range, so the kit cannot aim at it (ConfigPropertyTest.bothEndsOfARangeAreAcceptedAndOneBeyondEitherIsRefused covers them)"),
    ("ConfigProperty", "formatDuration"): (NO_CLAUSE, "formats defaults and ranges for people: CONF-1 checks that the documented default reads back as the default, which a value written in a smaller unit still does; memory and the reference have no duration default, so formatDuration is not reached"),
    ("ConfigProperty", "formatBytes"): (NO_CLAUSE, "formats defaults and ranges for people: CONF-1 checks that the documented default reads back as the default, which a value written in a smaller unit (268435456B for 256MiB) still does"),
    ("ConfigProperty", "shown"): (NO_CLAUSE, "formats defaults and ranges for people: CONF-1 checks that the documented default reads back as the default, which a value written in a smaller unit (268435456B for 256MiB) still does"),
    ("ConfigProperty", "toString"): (NO_CLAUSE, "toString text"),
    ("ConfigProperty", "lambda$ofString$0"): (UNREACHED, "memory has no text property"),
    ("ConfigProperty", "ofString"): (UNREACHED, "memory has no text property"),
    ("ConfigProperty", "ofPath"): (UNREACHED, "memory has no path property"),
    ("ConfigProperty", "lambda$ofPath$4"): (UNREACHED, "memory has no path property"),
    ("ConfigProperty", "ofBoolean"): (EQUIVALENT, "builds the property in a static initializer, which runs once per JVM before any test can observe it"),
    ("ConfigProperty", "ofLong"): (EQUIVALENT, "builds the property in a static initializer, which runs once per JVM before any test can observe it"),
    ("ConfigProperty", "ofBytes"): (EQUIVALENT, "builds the property in a static initializer, which runs once per JVM before any test can observe it"),
    ("ConfigProperty", "ofDuration"): (EQUIVALENT, "builds the property in a static initializer, which runs once per JVM before any test can observe it"),
    ("ConfigProperty", "withEnvironmentVariable"): (UNREACHED, "memory's and the reference's properties have no environment variable"),
    ("ConfigProperty", "lambda$ofBoolean$1"): (MISSING, "kv.memory.recordStats set to true or false: the kit sets a provider's own properties only to bad values (CONF-3), not to each good one"),
    ("ConfigProperty", "parseBytes"): (MISSING, "the edge of a long written in a unit (8388607TiB accepted, 8388608TiB refused): CONF-1 now reads 8388607TiB exact on the toolkit provider's size property, which killed one of the three mutants; why these two pass it is not yet established (ConfigPropertyTest.aSizeThatOverflowsALongIsRefusedNotWrapped covers the edge)"),
    ("ConfigProperty", "renamed"): (UNREACHED, "for ForwardingKvProvider"),
    ("ConfigProperty", "textIn"): (UNREACHED, "the system-property and environment branches of the raw text ForwardingKvProvider translates: the kit's system-property check (CONF-2) uses the shared kv.watch.bufferSize, which a forwarding provider passes on without renaming"),
    # EventSubscription
    ("EventSubscription", "start"): (MISSING, "a subscriber whose onSubscribe throws (Reactive Streams rule 2.13): the kit has none"),
    ("EventSubscription", "complete"): (MISSING, "complete() without scheduling the drain: onComplete still goes out at the subscriber's next request, which CLOSE-4's check may make; killed by timing out in two of three runs, survived in the third. A CLOSE-4 check that waits for onComplete with nothing else happening would catch it every time"),
    ("EventSubscription", "key"): (NO_CLAUSE, "accessor for diagnostics"),
    ("EventSubscription", "request"): (EQUIVALENT, "demand that overflows a long is capped either way"),
    ("EventSubscription", "cancel"): (NO_CLAUSE, "after cancel, the drain that releases the subscription's queue: a leak no clause observes"),
    ("EventSubscription", "schedule"): (UNREACHED, "the drain run on the caller's thread when the store's executor refuses the task: neither memory's nor the reference's executor refuses"),
    ("EventSubscription", "drain"): (EQUIVALENT, "the work-in-progress counter: a wrong count runs the drain loop again, which finds nothing"),
    ("EventSubscription", "drainOnce", 178): (MISSING, "a subscriber whose onNext throws: the kit has none"),
    ("EventSubscription", "drainOnce", 200): (MISSING, "a subscriber whose onNext throws: the kit has none"),
    ("EventSubscription", "drainOnce", 203): (MISSING, "a subscription whose onNext threw is released at its next signal instead of at once: WATCH-13 ends subscriptions by cancel and request(0), not by throwing"),
    ("EventSubscription", "drainOnce", 213): (EQUIVALENT, "the loop's continue test: the drain runs again when it is wrong and finds nothing, or stops and the next signal restarts it"),
    ("EventSubscription", "terminate", 221): (NO_CLAUSE, "KvException.droppedEvents() is kv-api's extra, not in WATCH-8 (WatchTest covers it)"),
    ("EventSubscription", "terminate"): (NO_CLAUSE, "clears the ended subscription's queue of events: WATCH-13 observes the subscriber, which the store no longer holds either way"),
    # WatchHub
    ("WatchHub", "<init>"): (MISSING, "the smallest kv.watch.bufferSize: WATCH-8 opens stores with a buffer of 1"),
    ("WatchHub", "isWatched"): (EQUIVALENT, "true for every key sends unwatched writes down the locked path: same results, slower"),
    ("WatchHub", "subscriberCount"): (NO_CLAUSE, "for metrics"),
    ("WatchHub", "lockFor"): (EQUIVALENT, "any stripe that depends only on the key is a correct lock"),
    ("WatchHub", "publish"): (EQUIVALENT, "memory ignores the sequence publish returns"),
    ("WatchHub", "lambda$subscribe$0"): (NO_CLAUSE, "forgets an ended subscription: a leak no clause observes (an ended subscription ignores events)"),
    ("WatchHub", "subscribe"): (MISSING, "a subscription racing the store's close; the kit cannot time it"),
    ("WatchHub", "lambda$remove$2"): (MISSING, "the copy of the key's array without the ended subscription: WATCH-13 now ends subscribers first, in the middle and last and writes to the key again, which killed the copy's other mutants; whether this boundary mutant is equivalent is not yet established"),
    ("WatchHub", "remove"): (MISSING, "as lambda$remove$2"),
    ("WatchHub", "close"): (EQUIVALENT, "AbstractKvStore.close completes every subscription made through the handle before the hub closes"),
    # StoreNames
    ("StoreNames", "check"): (EQUIVALENT, "callers ignore the name check returns"),
    # memory provider
    ("MemoryKvProvider", "description"): (NO_CLAUSE, "text for kv providers"),
    # ConfigDifferences
    ("ConfigDifferences", "compareSecret"): (UNREACHED, "memory and the reference have no secret property; redis's password goes through it (ConfigDifferencesTest covers it)"),
    ("ConfigDifferences", "differences"): (UNREACHED, "the list for providers' own use; the kit reads the refusal's message (ConfigDifferencesTest covers it)"),
    ("ConfigDifferences", "isEmpty"): (NO_CLAUSE, "always empty: a second open with other values shares the open store, which CONF-5 allows (the new handle works); whether a provider refuses is its choice"),
    ("ConfigDifferences", "shown"): (NO_CLAUSE, "how a value is shown in the refusal: CONF-5 asks that each differing property be named"),
    ("MemoryKvProvider", "toString"): (NO_CLAUSE, "toString text"),
    ("MemoryKvProvider", "capabilities"): (MISSING, "declaring fewer capabilities: the kit then skips EVICT/EXPIRY and runs CAP-2's no-eviction check, which memory passes at its default size; nothing checks that a provider declares what it does"),
    ("MemoryKvProvider", "configProperties"): (MISSING, "an empty list: the kit checks the properties a provider lists, and cannot know the ones it reads without listing"),
    ("MemoryKvProvider", "stores"): (MISSING, "stores() with a bad property is refused: STORES-1 lists with the test's configuration only (StoresTest covers it)"),
    ("MemoryKvProvider", "store"): (NO_CLAUSE, "stores/store/drop are tools' SPI with no SPEC clause (StoresTest covers them)"),
    ("MemoryKvProvider", "drop"): (NO_CLAUSE, "'handle' or 'handles' in the refusal's message"),
    ("MemoryKvProvider", "info"): (NO_CLAUSE, "stores/store/drop are tools' SPI with no SPEC clause (StoresTest covers them)"),
    ("MemorySettings", "expires"): (MISSING, "decides whether Caffeine gets a scheduler; EXPIRY-2's idle-store check (an EXPIRE event with nothing using the store) kills one of the three mutants and passes without a scheduler in the other two, for a reason not yet established"),
    ("MemorySettings", "differences"): (NO_CLAUSE, "the message for a second open with another configuration (ConfigurationTest covers it)"),
    ("MemorySettings", "diff"): (NO_CLAUSE, "the message for a second open with another configuration (ConfigurationTest covers it)"),
    ("MemorySettings", "show"): (NO_CLAUSE, "the message for a second open with another configuration (ConfigurationTest covers it)"),
    ("MemoryStore", "shared"): (UNREACHED, "accessor for the module's tests"),
    ("MemoryStore", "removeValue"): (MISSING, "its result decides announceIfWatchStarted's race path only (watched keys go through removeWatchedValue)"),
    ("MemoryStore", "readsOfIllegalKeysMiss"): (EQUIVALENT, "false checks read keys up front: same results, slower"),
    ("MemoryStore", "readWatchedValue"): (UNREACHED, "memory reads watched keys like any other (readsOfIllegalKeysMiss)"),
    ("MemoryStore", "unwrap"): (NO_CLAUSE, "unwrap(Cache.class) is memory's extra (StatsTest covers it)"),
    ("SharedCache", "<init>", 85): (MISSING, "the scheduler for stores that expire: as MemorySettings.expires"),
    ("SharedCache", "<init>", 90): (NO_CLAUSE, "recordStats: statistics no clause observes (StatsTest covers them)"),
    ("SharedCache", "<init>", 95): (NO_CLAUSE, "a log line"),
    ("SharedCache", "lambda$new$2"): (NO_CLAUSE, "a log line"),
    ("SharedCache", "<init>", 96): (NO_CLAUSE, "a log line's condition"),
    ("SharedCache", "<init>", 97): (NO_CLAUSE, "a log line"),
    ("SharedCache", "lambda$new$3"): (NO_CLAUSE, "a log line"),
    ("SharedCache", "cache"): (NO_CLAUSE, "for unwrap and statistics"),
    ("SharedCache", "weightedSize"): (NO_CLAUSE, "the bytes stores() reports: STORES-1 asks for the name, not the size (StoresTest covers it)"),
    ("SharedCache", "readWatched"): (UNREACHED, "memory reads watched keys like any other (readsOfIllegalKeysMiss)"),
    ("SharedCache", "checkCapacity", 179): (EQUIVALENT, "the fast pre-check: a wrong answer sends the entry to the exact count, which decides the same"),
    ("SharedCache", "checkCapacity", 183): (NO_CLAUSE, "an entry of exactly kv.memory.maximumBytes: no clause says how a provider counts capacity, so EVICT-3 tries only a payload alone larger than the bound (SizingTest covers it)"),
    ("SharedCache", "write"): (MISSING, "an entry larger than kv.memory.maximumBytes refused with CAPACITY_EXCEEDED: the kit cannot make a store that small without knowing the provider's properties (SizingTest covers it)"),
    ("SharedCache", "writeWatched"): (MISSING, "EVICT-3 on a watched key: the check sets a key nobody watches"),
    ("SharedCache", "lambda$writeWatched$4"): (MISSING, "publishes evictions recorded while writing a watched key; the kit's EVICT checks do not evict while a write of a watched key is in flight"),
    ("SharedCache", "remove"): (MISSING, "its result decides announceIfWatchStarted's race path only"),
    ("SharedCache", "lambda$removeWatched$5"): (MISSING, "as lambda$writeWatched$4, on the delete path"),
    ("SharedCache", "checkCapacity"): (MISSING, "the capacity refusal and its fast pre-check: as write"),
    ("SharedCache", "close"): (NO_CLAUSE, "releases the cache after the last close: CLOSE-5 is checked by reopening, which builds a new cache either way"),
    ("SharedCache", "lambda$close$6"): (NO_CLAUSE, "a log line"),
    ("SharedCache", "drain"): (EQUIVALENT, "the work-in-progress counter of the removal drain: a wrong count runs it again, which finds nothing"),
    ("Utf8", "encodedLength", 31): (UNREACHED, "a high surrogate as a string's last char: no legal key has one (Utf8Test covers it)"),
    ("SharedCache", "utf8Length"): (MISSING, "the weight of a key counted towards kv.memory.maximumBytes: no clause says how a provider counts its capacity (SizingTest covers it)"),
    ("SharedCache", "toString"): (NO_CLAUSE, "toString text"),
}

KIND_ORDER = [MISSING, UNREACHED, NO_CLAUSE, EQUIVALENT]


def short(name):
    return name.rsplit(".", 1)[-1]


def main(path):
    rows = []
    status = Counter()
    with open(path, newline="") as f:
        for r in csv.reader(f):
            if len(r) < 6:
                continue
            file_, cls, mutator, method, line, st = r[:6]
            status[st] += 1
            if st in ("SURVIVED", "NO_COVERAGE"):
                rows.append((short(cls), method, int(line), short(mutator), st))
    total = sum(status.values())
    killed = status["KILLED"] + status["TIMED_OUT"] + status["MEMORY_ERROR"] + status["RUN_ERROR"]
    missing = []
    by_kind = defaultdict(list)
    for cls, method, line, mutator, st in rows:
        reason = REASONS.get((cls, method, line)) or REASONS.get((cls, method))
        if reason is None:
            missing.append(f"{cls}.{method}:{line} {mutator} {st}")
            continue
        by_kind[reason[0]].append((cls, method, line, mutator, st, reason[1]))
    if missing:
        sys.exit("survivors without a reason:\n  " + "\n  ".join(missing))
    out = ["# Mutants the kit does not kill", "",
           f"PIT run of the README's mutation-testing command: {total} mutants of kv-api's toolkit and the memory",
           "provider, the whole kit run three times: against memory, against the kit's reference provider behind a",
           f"ForwardingKvProvider, and against the reference with text, path, duration and large size properties; {killed} killed ({round(100 * killed / total)}%: {status['KILLED']} failed a check, {status['TIMED_OUT']}"
           " timed out), " + f"{status['SURVIVED']} survived, {status['NO_COVERAGE']} not reached by any check.",
           "Not mutated (kv-mutation/pom.xml): `toString` methods, and lines that only log (System.Logger, JUL).",
           "Each survivor below has one of four reasons:", "",
           f"- **{MISSING}**: the kit could catch it and does not yet (what is missing is said);",
           f"- **{UNREACHED}**: toolkit code for other providers, which neither memory nor the reference runs (the named unit test covers it);",
           f"- **{NO_CLAUSE}**: behaviour SPEC.md does not promise (messages, logs, leaks, tools' SPI), so no check can fail on it;",
           f"- **{EQUIVALENT}**: the mutant behaves the same through the API (a fast path, a counter that only reruns a loop).",
           "", "Generated by `kv-mutation/src/pit/survivors.py` from `mutations.csv`; a survivor without a reason",
           "fails it.", ""]
    for kind in KIND_ORDER:
        items = sorted(by_kind.get(kind, []))
        out += [f"## {kind} ({len(items)})", "", "| class | method | line | mutator | status | reason |",
                "|---|---|---|---|---|---|"]
        for cls, method, line, mutator, st, reason in items:
            out.append(f"| {cls} | `{method}` | {line} | {mutator} | {st} | {reason} |")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
