package dev.kv.tck.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Wing and Gong style checker for one key treated as a register: searches for a sequential order of the
 * recorded operations, consistent with real time, in which every read returns the last value written before
 * it. Writes carry unique values, so a read names the write it saw. Memoises (operations done, value) pairs.
 */
public final class Linearizability {

    /** What an operation did. */
    public enum Kind {
        /** a set of {@link Op#value} */
        SET,
        /** a delete */
        DELETE,
        /** a get or find that returned {@link Op#value}, or null for a miss */
        READ
    }

    /**
     * One completed operation.
     *
     * @param thread   who did it
     * @param kind     what it was
     * @param value    the value written, or read (null for a miss or a delete)
     * @param invoked  System.nanoTime() before the call
     * @param returned System.nanoTime() after it returned
     */
    public record Op(int thread, Kind kind, String value, long invoked, long returned) {
        @Override
        public String toString() {
            String what = kind == Kind.SET ? "set(" + value + ")" : kind == Kind.DELETE ? "delete"
                    : "read->" + (value == null ? "missing" : value);
            return "T" + thread + " " + what + " [" + invoked + ", " + returned + "]";
        }
    }

    private static final int MAX_STATES = 2_000_000;

    private final List<Op> ops;
    private final Set<Object> seen = new HashSet<>();
    private int states;

    private Linearizability(List<Op> history) {
        this.ops = new ArrayList<>(history);
        this.ops.sort(Comparator.comparingLong(Op::invoked));
    }

    /** The outcome of a check. */
    public enum Result {
        /** a linearization exists */
        LINEARIZABLE,
        /** none exists */
        VIOLATION,
        /** the search gave up; treat as not shown either way */
        UNDECIDED
    }

    /**
     * Checks one key's history, which starts from an absent value.
     *
     * @param history the completed operations on one key
     * @return the outcome
     */
    public static Result check(List<Op> history) {
        Linearizability l = new Linearizability(history);
        try {
            return l.search(new BitSet(l.ops.size()), 0, null) ? Result.LINEARIZABLE : Result.VIOLATION;
        } catch (GaveUp e) {
            return Result.UNDECIDED;
        }
    }

    private static final class GaveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GaveUp() {
            super(null, null, false, false);
        }
    }

    private boolean search(BitSet done, int doneCount, String state) {
        if (doneCount == ops.size()) {
            return true;
        }
        if (!seen.add(List.of(done.clone(), Objects.toString(state, "\u0000missing")))) {
            return false;
        }
        if (++states > MAX_STATES) {
            throw new GaveUp();
        }
        long minReturn = Long.MAX_VALUE;
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            minReturn = Math.min(minReturn, ops.get(i).returned());
        }
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            Op op = ops.get(i);
            if (op.invoked() > minReturn) {
                break; // sorted by invocation: every later op started after some pending op ended
            }
            String next;
            switch (op.kind()) {
                case SET:
                    next = op.value();
                    break;
                case DELETE:
                    next = null;
                    break;
                default:
                    if (!Objects.equals(op.value(), state)) {
                        continue;
                    }
                    next = state;
            }
            done.set(i);
            boolean ok = search(done, doneCount + 1, next);
            done.clear(i);
            if (ok) {
                return true;
            }
        }
        return false;
    }
}
