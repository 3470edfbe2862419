package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory that cannot be used: the error says what is wrong and what to do, in words. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    private final ChronicleKvProvider provider = new ChronicleKvProvider();

    @Test
    void aFileInPlaceOfTheDataDirectoryIsNamedWithoutAJavaExceptionName() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        KvException e = assertThrows(KvException.class, () -> provider.open("s", ChronicleProviderTest.config(file)));
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertEquals("store 's': the data directory " + file + " (kv.chronicle.dataDir, environment KV_DATA_DIR) is"
                + " a file, not a directory; point it at a directory, or move the file away", e.getMessage());
    }

    @Test
    void aStoreOnAReadOnlyFileSystemFailsSayingWhyAndWhatToDo() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (KvStore s = provider.open("s", ChronicleProviderTest.config(data))) {
            s.set("k", Payload.ofUtf8("v"));
        }
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        String how = makeReadOnly(data, readOnly);
        try {
            KvException e = assertThrows(KvException.class,
                    () -> provider.open("s", ChronicleProviderTest.config(readOnly)), how);
            assertEquals(KvException.Reason.STORAGE, e.reason(), how);
            String m = e.getMessage();
            assertTrue(m.startsWith("store 's': " + readOnly.resolve("kv-s.cmap") + " cannot be written: "), m);
            assertTrue(m.contains(how.equals("mount") ? "cannot be written: read-only file system."
                    : "cannot be written: permission denied."), m);
            assertTrue(m.contains("A chronicle store needs write access even to be read") && m.contains(
                    "Copy the directory to a writable place and point kv.chronicle.dataDir (environment KV_DATA_DIR)"
                            + " at the copy"), m);
            assertFalse(m.contains("Exception"), m);
        } finally {
            undo(how, data, readOnly);
        }
    }

    /**
     * Makes {@code readOnly} a read-only view of {@code data}: a read-only bind mount when running as root (file
     * permissions do not stop root), else the same files with the write bits removed.
     */
    private static String makeReadOnly(Path data, Path readOnly) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            if (run("mount", "--bind", data.toString(), readOnly.toString())
                    && run("mount", "-o", "remount,ro,bind", readOnly.toString())) {
                return "mount";
            }
            run("umount", readOnly.toString());
            String why = "running as root, and a read-only bind mount could not be made here";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        Files.delete(readOnly);
        Files.move(data, readOnly);
        for (Path f : List.of(readOnly.resolve("kv-s.cmap"), readOnly.resolve("kv-s.lock"))) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        }
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        return "permissions";
    }

    private static void undo(String how, Path data, Path readOnly) throws Exception {
        if (how.equals("mount")) {
            run("umount", readOnly.toString());
        } else {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
            for (Path f : List.of(readOnly.resolve("kv-s.cmap"), readOnly.resolve("kv-s.lock"))) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
