package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.tck.internal.SpecClauses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner: clause table, exit status, JUnit XML, usage errors. */
class KvTckRunnerTest {

    private static final class Run {
        final int status;
        final String out;
        final String err;

        Run(String... args) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            status = KvTckRunner.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theReferenceFailsOnlyTheModuleDescriptorTestClassesLackWithATableOfEveryClauseAndJUnitXml(
            @TempDir Path reports) throws IOException {
        Run run = new Run("--provider", "reference", "--reports", reports.toString());
        assertEquals(1, run.status, () -> "exit status; output:\n" + run.out + run.err);
        assertTrue(run.out.lines().anyMatch(l -> l.matches("  FAILED +PROV-2 .*")), run.out);
        assertTrue(run.out.contains("has no module-info.class"), () -> "PROV-2's reason:\n" + run.out);
        for (String clause : SpecClauses.bundled().keySet()) {
            if (clause.equals("PROV-2")) {
                continue;
            }
            assertTrue(run.out.lines().anyMatch(l -> l.matches("  (PASSED|SKIPPED) +" + clause + " .*")),
                    () -> "no PASSED or SKIPPED line for " + clause + " in:\n" + run.out);
        }
        assertTrue(run.out.contains("PASSED   GET-2"), run.out);
        assertTrue(run.out.lines().anyMatch(l -> l.matches("  SKIPPED +PERSIST-1 .*")), run.out);
        assertTrue(run.out.contains("- provider 'reference' does not declare capability PERSISTENT"),
                () -> "skips must give their reason:\n" + run.out);
        assertTrue(run.out.contains("summary for 'reference': "), run.out);
        List<Path> xml;
        try (Stream<Path> s = Files.walk(reports.resolve("reference"))) {
            xml = s.filter(p -> p.toString().endsWith(".xml")).collect(Collectors.toList());
        }
        assertEquals(1, xml.size(), "one JUnit XML report");
        String report = Files.readString(xml.get(0));
        assertTrue(report.contains("<testsuite") && report.contains("GET-2"), "JUnit XML with the clause names");
    }

    @Test
    void aBrokenProviderFailsWithTheClauseAndTheMessageAndExitStatusOne() {
        Run run = new Run("--provider=broken-empty");
        assertEquals(1, run.status, () -> "exit status; output:\n" + run.out);
        assertTrue(run.out.lines().anyMatch(l -> l.matches("  FAILED +PAYLOAD-1 .*")), run.out);
        assertTrue(run.out.contains("- [PAYLOAD-1]"), () -> "the failure message is printed under the clause:\n"
                + run.out);
    }

    @Test
    void unknownProviderAndBadOptionsAreUsageErrors() {
        Run unknown = new Run("--provider", "no-such-provider");
        assertEquals(2, unknown.status);
        assertTrue(unknown.err.contains("no-such-provider"), unknown.err);
        Run bad = new Run("--frobnicate");
        assertEquals(2, bad.status);
        assertTrue(bad.err.contains("--frobnicate") && bad.err.contains("usage"), bad.err);
        Run help = new Run("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.contains("usage"), help.out);
    }
}
