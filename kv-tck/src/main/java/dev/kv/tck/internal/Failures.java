package dev.kv.tck.internal;

import dev.kv.api.KvException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a check's failure reads: its message starts with the clause IDs violated, in brackets, and ends with the
 * run's seed, so that {@code -Dkv.tck.seed} replays it.
 */
public final class Failures {

    private static final Pattern LEADING = Pattern.compile("^\\[([A-Z]+-\\d+(?:\\s*,\\s*[A-Z]+-\\d+)*)]");

    private Failures() {
    }

    /**
     * The clause IDs a failure message starts with.
     *
     * @param message the message, may be null
     * @return the IDs in the leading brackets, empty if it has none
     */
    public static List<String> leadingClauses(String message) {
        List<String> ids = new ArrayList<>();
        if (message != null) {
            Matcher m = LEADING.matcher(message.strip());
            if (m.find()) {
                for (String id : m.group(1).split("\\s*,\\s*")) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * A check's assertion failure with the check's clauses in front when it names none, and the seed at the end.
     *
     * @param check the check that failed
     * @param e     its failure
     * @return the failure to report
     */
    public static AssertionError underClauses(Check check, AssertionError e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains(Seeds.replay())) {
            return e;
        }
        String lead = leadingClauses(message).isEmpty() ? check.clauses() + " " : "";
        AssertionError out = new AssertionError(lead + message + "\n(kv-tck seed: replay with " + Seeds.replay()
                + ")", e);
        out.setStackTrace(e.getStackTrace());
        return out;
    }

    /**
     * An exception that escaped a provider during a check, as the check's failure: under the check's clauses, and
     * ERR-1 too when it is not a {@link KvException}.
     *
     * @param check      the check
     * @param providerId the provider's id
     * @param e          what escaped
     * @return the failure to report
     */
    public static AssertionError escaped(Check check, String providerId, Throwable e) {
        List<String> clauses = new ArrayList<>(check.clauses());
        String what;
        if (e instanceof KvException) {
            KvException k = (KvException) e;
            what = "failed unexpectedly with KvException " + k.reason() + ": " + k.getMessage();
        } else {
            if (!clauses.contains("ERR-1")) {
                clauses.add("ERR-1");
            }
            what = "let " + e + " escape (not a KvException)";
        }
        AssertionError out = new AssertionError(clauses + " while the kit checked '" + check.title() + "', provider '"
                + providerId + "' " + what + "\n(kv-tck seed: replay with " + Seeds.replay() + ")", e);
        return out;
    }
}
