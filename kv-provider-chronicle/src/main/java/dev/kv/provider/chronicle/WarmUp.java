package dev.kv.provider.chronicle;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * Chronicle's first map in a JVM initialises its classes and compiles code with javac, which takes seconds on a
 * busy machine. Doing that once with a tiny in-memory map, before a store's lock-file mutex is taken, keeps
 * other processes from waiting on this JVM's start-up.
 */
final class WarmUp {

    private static volatile boolean done;

    private WarmUp() {
    }

    static void run() {
        if (done) {
            return;
        }
        synchronized (WarmUp.class) {
            if (!done) {
                try (ChronicleMap<byte[], byte[]> m = ChronicleMapBuilder.of(byte[].class, byte[].class)
                        .entries(16).averageKeySize(8).averageValueSize(8).create()) {
                    m.put(new byte[] {1}, new byte[] {1});
                }
                done = true;
            }
        }
    }
}
