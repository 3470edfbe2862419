package dev.kv.tck.internal;

import dev.kv.api.Payload;
import java.util.Random;

/**
 * The operations the PERSIST-2 check's child performs before it is killed: the same sequence in the child and in
 * the kit, computed from a seed and an index, so the kit knows every acknowledged operation and the one that
 * may have been in flight. Over a bounded set of keys that are overwritten, grown, shrunk and deleted again and
 * again (where real stores move entries around), with payloads from empty to 128 KiB (or the store's limit).
 */
final class CrashWorkload {

    static final int KEYS = 300;

    /** One operation: a key and the payload to set, or {@code null} for a delete. */
    record Op(String key, Payload value) {
    }

    private CrashWorkload() {
    }

    static Op op(String prefix, long seed, int n, int maxPayload) {
        Random r = new Random(seed * 1_000_003L + n);
        String key = prefix + "-" + r.nextInt(KEYS);
        if (r.nextInt(5) == 0) {
            return new Op(key, null);
        }
        int limit = Math.min(128 << 10, maxPayload);
        int size = r.nextInt(4) == 0 ? r.nextInt(limit + 1) : r.nextInt(Math.min(257, limit + 1));
        byte[] b = new byte[size];
        r.nextBytes(b);
        return new Op(key, Payload.copyOf(b));
    }
}
