package dev.kv.cli;

import static dev.kv.cli.Launcher.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kv tck runs the conformance kit: exit 0 only when every clause passes. */
class TckIT {

    @TempDir
    Path data;

    /** The clause IDs SPEC.md defines, read from the repository's copy. */
    private static List<String> specClauses() throws IOException {
        Path spec = Path.of(Launcher.required("kv.launcher")).toAbsolutePath().getParent().resolve("SPEC.md");
        Matcher m = Pattern.compile("(?m)^- \\*\\*([A-Z]+-\\d+)\\*\\*").matcher(Files.readString(spec));
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertTrue(ids.size() > 50, "SPEC.md parsed: " + ids);
        return ids;
    }

    @Test
    void memoryProviderPassesAndEveryClauseIsInTheTable() throws IOException {
        Result r = new Launcher(data).run("tck", "--provider", "memory").expect(0);
        String out = r.out();
        assertTrue(("\n" + out).contains("\nkv conformance report for provider 'memory' (dev.kv.provider.memory."),
                r.describe());
        for (String id : specClauses()) {
            assertTrue(Pattern.compile("(?m)^  (PASSED|SKIPPED) +" + Pattern.quote(id) + " ").matcher(out).find(),
                    id + " passed or skipped in the table: " + r.describe());
        }
        assertFalse(out.contains("FAILED"), r.describe());
        assertTrue(out.contains("  PASSED   DEL-1 "), r.describe());
        // The kit's own warnings (skipped clauses, its deliberately broken discovery fixtures) may name
        // exceptions; a stack trace would be a crash.
        assertFalse(r.stderr.contains("\tat "), r.describe());
    }

    @Test
    void brokenProviderFailsWithExitOneNamingTheClause(@TempDir Path build) {
        Path jar = ForgetfulProvider.jar(build);
        Result r = new Launcher(data).env("KV_MODULE_PATH", jar.toString()).run("tck", "--provider", "forgetful")
                .expect(1);
        assertTrue(("\n" + r.out()).contains("\nkv conformance report for provider 'forgetful'"), r.describe());
        assertTrue(r.out().contains("\n  FAILED   DEL-1 "), "delete keeps the value: " + r.describe());
    }

    @Test
    void unknownProviderIsExitOneWithAClearMessage() {
        Result r = new Launcher(data).run("tck", "--provider", "nope").expect(1);
        assertTrue(r.stderr.startsWith("kv: no provider has the id 'nope' (--provider); found: "), r.describe());
        assertEquals(0, r.stdout.length, r.describe());
        assertNoStackTrace(r);
    }
}
