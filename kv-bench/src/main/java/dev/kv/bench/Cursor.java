package dev.kv.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Each benchmark thread's position in the key and value arrays. Threads start half the key space apart so that
 * two writers do not touch the same key at the same moment; stepping is a counter and a mask, far cheaper than
 * any store operation, and the same for kv and the raw library.
 */
@State(Scope.Thread)
public class Cursor {

    private int next;
    private int value;

    /** Creates a cursor; JMH calls {@link #setUp}. */
    public Cursor() {
    }

    /**
     * Spreads the threads over the key space.
     *
     * @param thread the benchmark thread
     */
    @Setup
    public void setUp(ThreadParams thread) {
        next = thread.getThreadIndex() * (Data.KEYS / Math.max(1, thread.getThreadCount()));
        value = thread.getThreadIndex();
    }

    /**
     * The index of the next key; walks all keys in order.
     *
     * @return an index below {@link Data#KEYS}
     */
    public int key() {
        return next++ & (Data.KEYS - 1);
    }

    /**
     * The index of the next value to write.
     *
     * @return an index below {@link Data#VALUES}
     */
    public int value() {
        return value++ & (Data.VALUES - 1);
    }

    /**
     * Whether the next operation of a 90/10 read/write mix is a write: every tenth one, deterministically, so
     * that kv and the raw library get the same sequence.
     *
     * @return {@code true} for a write
     */
    public boolean writeTurn() {
        return next % 10 == 0;
    }
}
