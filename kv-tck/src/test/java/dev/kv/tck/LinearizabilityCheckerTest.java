package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kv.tck.internal.Linearizability;
import dev.kv.tck.internal.Linearizability.Kind;
import dev.kv.tck.internal.Linearizability.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's linearizability checker accepts linearizable histories and rejects the others. */
class LinearizabilityCheckerTest {

    private static Op set(int t, String v, long from, long to) {
        return new Op(t, Kind.SET, v, from, to);
    }

    private static Op read(int t, String v, long from, long to) {
        return new Op(t, Kind.READ, v, from, to);
    }

    private static Op delete(int t, long from, long to) {
        return new Op(t, Kind.DELETE, null, from, to);
    }

    @Test
    void overlappingWriteMayBeSeenOrNot() {
        assertEquals(Linearizability.Result.LINEARIZABLE, Linearizability.check(List.of(
                set(0, "a", 0, 10), read(1, "a", 5, 6), read(1, null, 1, 2))));
    }

    @Test
    void aReadOfAValueOverwrittenBeforeItStartedIsAViolation() {
        assertEquals(Linearizability.Result.VIOLATION, Linearizability.check(List.of(
                set(0, "a", 0, 1), set(0, "b", 2, 3), read(1, "a", 4, 5))));
    }

    @Test
    void aReadOfAMissingValueAfterAWriteReturnedIsAViolation() {
        assertEquals(Linearizability.Result.VIOLATION, Linearizability.check(List.of(
                set(0, "a", 0, 1), read(1, null, 2, 3))));
    }

    @Test
    void readsMustNotGoBackInTime() {
        // both writes overlap both reads, but once a reader saw b, a later read cannot see a again
        assertEquals(Linearizability.Result.VIOLATION, Linearizability.check(List.of(
                set(0, "a", 0, 1), set(1, "b", 2, 20), read(2, "b", 3, 4), read(2, "a", 5, 6))));
        assertEquals(Linearizability.Result.LINEARIZABLE, Linearizability.check(List.of(
                set(0, "a", 0, 1), set(1, "b", 2, 20), read(2, "a", 3, 4), read(2, "b", 5, 6))));
    }

    @Test
    void deletesAndValuesNobodyWrote() {
        assertEquals(Linearizability.Result.LINEARIZABLE, Linearizability.check(List.of(
                set(0, "a", 0, 1), delete(1, 2, 3), read(2, null, 4, 5), set(0, "c", 6, 7), read(2, "c", 8, 9))));
        assertEquals(Linearizability.Result.VIOLATION, Linearizability.check(List.of(
                set(0, "a", 0, 1), read(1, "invented", 2, 3))));
    }

    @Test
    void aLongSequentialHistoryIsDecidedQuickly() {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ops.add(set(i % 4, "v" + i, 10L * i, 10L * i + 4));
            ops.add(read((i + 1) % 4, "v" + i, 10L * i + 5, 10L * i + 9));
        }
        assertEquals(Linearizability.Result.LINEARIZABLE, Linearizability.check(ops));
    }
}
