package dev.kv.tck.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;

/** Every check of the kit, grouped in suites; the single source of which clauses the kit declares. */
public final class Catalogue {

    private static final Map<String, List<Check>> SUITES = build();

    private Catalogue() {
    }

    private static Map<String, List<Check>> build() {
        Map<String, List<Check>> m = new LinkedHashMap<>();
        m.put("basics", concat(BasicChecks.checks(), KeyChecks.checks(), PayloadChecks.checks(), ErrorChecks.checks()));
        m.put("names", concat(NameChecks.checks(), GeneratedNameChecks.checks()));
        m.put("close", CloseChecks.checks());
        m.put("watch", WatchChecks.checks());
        m.put("concurrency", concat(ConcurrencyChecks.checks(), LongRunChecks.checks()));
        m.put("model", ModelChecks.checks());
        m.put("async", AsyncChecks.checks());
        m.put("configuration", ConfigChecks.checks());
        m.put("discovery", DiscoveryChecks.checks());
        m.put("capabilities", concat(CapabilityChecks.checks(), StoreCatalogChecks.checks()));
        m.put("processes", ProcessChecks.checks());
        return Collections.unmodifiableMap(m);
    }

    @SafeVarargs
    private static List<Check> concat(List<Check>... parts) {
        List<Check> all = new ArrayList<>();
        for (List<Check> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }

    /**
     * The checks of one suite.
     *
     * @param suite the suite's name
     * @return its checks
     */
    public static List<Check> suite(String suite) {
        List<Check> checks = SUITES.get(suite);
        if (checks == null) {
            throw new IllegalArgumentException("no suite " + suite + "; suites are " + SUITES.keySet());
        }
        return checks;
    }

    /** @return every check */
    public static List<Check> all() {
        List<Check> all = new ArrayList<>();
        SUITES.values().forEach(all::addAll);
        return all;
    }

    /** @return every clause ID some check names */
    public static Set<String> clauses() {
        Set<String> ids = new TreeSet<>();
        for (Check c : all()) {
            ids.addAll(c.clauses());
        }
        return ids;
    }
}
