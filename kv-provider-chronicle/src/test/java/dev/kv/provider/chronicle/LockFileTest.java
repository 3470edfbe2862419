package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock file may be deleted by an open that created nothing: whoever then takes its mutex through a channel of
 * the deleted file must not believe it holds the store's mutex.
 */
class LockFileTest {

    @TempDir
    Path dir;

    @Test
    void aMutexTakenAfterTheFileWasDeletedIsTakenOnTheFileNowAtThePath() throws Exception {
        Path path = dir.resolve("kv-s.lock");
        try (LockFile waiting = LockFile.open(path)) {
            // another process's failed open deletes the file while this one waits for the mutex
            Files.delete(path);
            var mutex = waiting.lockMutex(Duration.ofSeconds(5), "'s'");
            try {
                assertTrue(Files.exists(path), "the mutex was taken on a deleted file, which nobody else sees");
                waiting.claimSlot("'s'");
                // the slot is recorded where every other process looks
                ByteBuffer slots = ByteBuffer.wrap(Files.readAllBytes(path));
                assertEquals(ProcessHandle.current().pid(), slots.getLong(64));
                waiting.releaseSlot();
            } finally {
                mutex.release();
            }
        }
    }

    @Test
    void anUnusedLockFileIsDeletedOnlyWhileNoProcessIsAttached() throws Exception {
        Path path = dir.resolve("kv-t.lock");
        try (LockFile lf = LockFile.open(path)) {
            var mutex = lf.lockMutex(Duration.ofSeconds(5), "'t'");
            try {
                lf.claimSlot("'t'");
                assertFalse(lf.deleteIfUnused(), "deleted a lock file with a process attached");
                assertTrue(Files.exists(path));
                lf.releaseSlot();
                lf.markCreated();
                assertFalse(lf.deleteIfUnused(), "deleted the lock file of a store that was created");
                lf.clearCreated();
                assertTrue(lf.deleteIfUnused());
                assertFalse(Files.exists(path));
            } finally {
                mutex.release();
            }
        }
    }
}
