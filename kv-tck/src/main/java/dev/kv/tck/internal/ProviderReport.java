package dev.kv.tck.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one run of the kit against one provider, clause by clause: a clause FAILED if any test naming
 * it failed, else PASSED if one passed, else SKIPPED with the reasons.
 */
public final class ProviderReport {

    /** A clause's outcome. */
    public enum Status {
        /** every test naming it that ran passed */
        PASSED,
        /** a test naming it failed */
        FAILED,
        /** every test naming it was skipped */
        SKIPPED,
        /** no test named it in this run */
        NOT_RUN
    }

    /**
     * One test's outcome.
     *
     * @param clauses the clauses it names
     * @param title   its display name
     * @param status  its outcome
     * @param message the failure message or skip reason, or null
     */
    public record TestOutcome(List<String> clauses, String title, Status status, String message) {
    }

    private final String providerId;
    private final String providerDescription;
    private final String capabilities;
    private final List<TestOutcome> tests = new ArrayList<>();

    /**
     * Creates an empty report.
     *
     * @param providerId          the provider's id
     * @param providerDescription its class and location
     * @param capabilities        what it declares
     */
    public ProviderReport(String providerId, String providerDescription, String capabilities) {
        this.providerId = providerId;
        this.providerDescription = providerDescription;
        this.capabilities = capabilities;
    }

    /**
     * Records a test.
     *
     * @param outcome its outcome
     */
    public synchronized void add(TestOutcome outcome) {
        tests.add(outcome);
    }

    /** @return the provider's id */
    public String providerId() {
        return providerId;
    }

    /** @return every test outcome */
    public synchronized List<TestOutcome> tests() {
        return Collections.unmodifiableList(new ArrayList<>(tests));
    }

    /**
     * The outcome of one clause.
     *
     * @param clause the clause ID
     * @return its status
     */
    public synchronized Status status(String clause) {
        boolean passed = false;
        boolean skipped = false;
        for (TestOutcome t : tests) {
            if (t.clauses().contains(clause)) {
                if (t.status() == Status.FAILED) {
                    return Status.FAILED;
                }
                passed |= t.status() == Status.PASSED;
                skipped |= t.status() == Status.SKIPPED;
            }
        }
        return passed ? Status.PASSED : skipped ? Status.SKIPPED : Status.NOT_RUN;
    }

    /**
     * The failure messages or skip reasons of the tests naming a clause.
     *
     * @param clause the clause ID
     * @param status which outcomes
     * @return their messages
     */
    public synchronized List<String> messages(String clause, Status status) {
        List<String> out = new ArrayList<>();
        for (TestOutcome t : tests) {
            if (t.clauses().contains(clause) && t.status() == status && t.message() != null
                    && !out.contains(t.message())) {
                out.add(t.message());
            }
        }
        return out;
    }

    /** @return whether any test failed */
    public synchronized boolean failed() {
        return tests.stream().anyMatch(t -> t.status() == Status.FAILED);
    }

    /**
     * Prints the clause table.
     *
     * @param out    where to
     * @param clauses the spec's clauses, ID to text, in order
     */
    public synchronized void print(PrintStream out, Map<String, String> clauses) {
        out.println("kv conformance report for provider '" + providerId + "' (" + providerDescription + ")");
        out.println("capabilities: " + capabilities);
        Map<Status, Integer> counts = new TreeMap<>();
        Map<String, String> all = new LinkedHashMap<>(clauses);
        for (TestOutcome t : tests) {
            for (String c : t.clauses()) {
                all.putIfAbsent(c, "(not in the bundled SPEC.md)");
            }
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            Status s = status(e.getKey());
            counts.merge(s, 1, Integer::sum);
            out.printf("  %-8s %-10s %s%n", s, e.getKey(), SpecClauses.title(e.getValue(), 90));
            if (s == Status.FAILED || s == Status.SKIPPED) {
                for (String m : messages(e.getKey(), s)) {
                    out.println("           - " + firstLines(m));
                }
            }
        }
        out.println("summary for '" + providerId + "': " + counts.getOrDefault(Status.PASSED, 0) + " clauses passed, "
                + counts.getOrDefault(Status.FAILED, 0) + " failed, " + counts.getOrDefault(Status.SKIPPED, 0)
                + " skipped" + (counts.containsKey(Status.NOT_RUN) ? ", " + counts.get(Status.NOT_RUN) + " not run"
                : "") + "; " + tests.size() + " tests");
    }

    private static String firstLines(String m) {
        String[] lines = m.split("\\R");
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < Math.min(lines.length, 8); i++) {
            sb.append("\n             ").append(lines[i]);
        }
        if (lines.length > 8) {
            sb.append("\n             ... (").append(lines.length - 8).append(" more lines)");
        }
        return sb.toString();
    }
}
