package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ./kv script itself does before Java starts. */
class LauncherIT {

    @TempDir
    Path data;

    /** A copy of the script in a directory with nothing built (and no Maven wrapper). */
    private static Path scriptWithoutBuild(Path dir) throws IOException {
        Path script = Path.of(Launcher.required("kv.launcher"));
        Path copy = Files.copy(script, dir.resolve("kv"), StandardCopyOption.COPY_ATTRIBUTES);
        assertTrue(Files.isExecutable(copy), "the launcher is executable");
        return copy;
    }

    @Test
    void withoutJarsAndWithBuildingOffItSaysHowToBuild(@TempDir Path clone) throws IOException {
        Result r = new Launcher(data).script(scriptWithoutBuild(clone)).run("providers").expect(1);
        assertEquals("kv: kv-cli is not built (" + clone.resolve("kv-cli/target") + " has no kv-cli jar and lib/);"
                + " build it with: ./mvnw -B install -DskipTests\n", r.stderr, r.describe());
        assertEquals(0, r.stdout.length);
    }

    @Test
    void withoutJarsItBuildsFirstSayingSoOnStderr(@TempDir Path clone) throws IOException {
        // No Maven wrapper here, so the build fails at once; what matters is what the launcher says and where.
        Result r = new Launcher(data).script(scriptWithoutBuild(clone)).env("KV_NO_BUILD", null).run("providers")
                .expect(1);
        assertTrue(r.stderr.startsWith("kv: first run: building kv-cli and the modules it needs (./mvnw -q -B"
                + " install -DskipTests -pl kv-cli -am)...\n"), r.describe());
        assertTrue(r.stderr.endsWith("kv: the build failed; see the messages above\n"), r.describe());
        assertEquals(0, r.stdout.length, "nothing of the build goes to stdout: " + r.describe());
    }

    @Test
    void badJavaHomeIsNamed(@TempDir Path nowhere) {
        Result r = new Launcher(data).env("JAVA_HOME", nowhere.toString()).run("--version").expect(1);
        assertEquals("kv: JAVA_HOME is " + nowhere + ", but " + nowhere.resolve("bin/java")
                + " is not an executable\n", r.stderr, r.describe());
    }

    @Test
    void runsThroughASymbolicLink(@TempDir Path bin) throws IOException {
        Path link = Files.createSymbolicLink(bin.resolve("kv"), Path.of(Launcher.required("kv.launcher"))
                .toAbsolutePath());
        Result r = new Launcher(data).script(link).run("--version").expect(0);
        assertTrue(r.out().startsWith("kv " + Launcher.required("kv.cli.version") + "\n"), r.describe());
    }
}
