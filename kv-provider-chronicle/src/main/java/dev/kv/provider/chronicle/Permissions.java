package dev.kv.provider.chronicle;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates files and directories readable and writable by their owner only, where the file system has POSIX
 * permissions (elsewhere the platform's defaults apply).
 */
final class Permissions {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private Permissions() {
    }

    /** Creates {@code file} with mode 0600 unless it exists; an existing file is left as it is. */
    static void createOwnerOnlyFile(Path file) throws IOException {
        try {
            if (POSIX) {
                Files.createFile(file, attribute(FILE));
                // The umask may have removed bits; it never adds any, but set the mode explicitly anyway.
                Files.setPosixFilePermissions(file, FILE);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // Someone (maybe another process) created it first.
        }
    }

    /** Creates {@code dir} and missing parents; the ones created here get mode 0700. */
    static void createOwnerOnlyDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createOwnerOnlyDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(abs, attribute(DIR));
                Files.setPosixFilePermissions(abs, DIR);
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
        return PosixFilePermissions.asFileAttribute(p);
    }
}
