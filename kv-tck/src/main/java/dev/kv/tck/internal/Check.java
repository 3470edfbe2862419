package dev.kv.tck.internal;

import dev.kv.api.spi.Capability;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One check of the kit: a title, the SPEC.md clauses it checks, and the capability it needs or must lack.
 *
 * @param title      what the check shows, in a few words
 * @param clauses    the clause IDs it checks, at least one
 * @param requires   the capability the provider must declare for the check to run, or {@code null}
 * @param excludes   the capability whose presence makes the check not apply, or {@code null}
 * @param body       the check
 */
public record Check(String title, List<String> clauses, Capability requires, Capability excludes, Body body) {

    /** A clause ID as SPEC.md writes it. */
    public static final Pattern CLAUSE_ID = Pattern.compile("[A-Z]+-\\d+");

    /** The code of a check. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the check; fails with an {@link AssertionError} naming the clause.
         *
         * @param ctx the test's context
         * @throws Exception on an unexpected failure, which fails the check
         */
        void run(TckContext ctx) throws Exception;
    }

    /** Validates the record. */
    public Check {
        Objects.requireNonNull(title, "title");
        clauses = List.copyOf(clauses);
        if (clauses.isEmpty()) {
            throw new IllegalArgumentException("check '" + title + "' names no clause");
        }
        for (String c : clauses) {
            if (!CLAUSE_ID.matcher(c).matches()) {
                throw new IllegalArgumentException("check '" + title + "' names a malformed clause " + c);
            }
        }
        Objects.requireNonNull(body, "body");
    }

    /**
     * A check that always applies.
     *
     * @param clauses comma-separated clause IDs
     * @param title   what it shows
     * @param body    the check
     * @return the check
     */
    public static Check of(String clauses, String title, Body body) {
        return new Check(title, split(clauses), null, null, body);
    }

    /**
     * A check of a capability's clauses, run only when the capability is declared.
     *
     * @param capability the capability
     * @param clauses    comma-separated clause IDs
     * @param title      what it shows
     * @param body       the check
     * @return the check
     */
    public static Check when(Capability capability, String clauses, String title, Body body) {
        return new Check(title, split(clauses), capability, null, body);
    }

    /**
     * A check that applies only when the capability is not declared (CAP-2 style).
     *
     * @param capability the capability
     * @param clauses    comma-separated clause IDs
     * @param title      what it shows
     * @param body       the check
     * @return the check
     */
    public static Check unless(Capability capability, String clauses, String title, Body body) {
        return new Check(title, split(clauses), null, capability, body);
    }

    /**
     * The name JUnit shows: the clause IDs in brackets, then the title. The runner reads the IDs back from it.
     *
     * @return for example {@code [GET-1, SET-1] get returns what set stored}
     */
    public String displayName() {
        return clauses + " " + title;
    }

    private static List<String> split(String clauses) {
        return List.of(clauses.split("\\s*,\\s*"));
    }
}
