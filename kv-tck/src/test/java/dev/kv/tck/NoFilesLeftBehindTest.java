package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kv.tck.internal.ProviderReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kit, against the file-backed reference (child JVMs, SIGKILL, damaged files) and the in-memory one,
 * leaves nothing in java.io.tmpdir: run in a child JVM whose java.io.tmpdir is a fresh directory, which must be
 * empty afterwards.
 */
class NoFilesLeftBehindTest {

    /** The child: runs the kit against both references and exits 0 if nothing failed. */
    public static void main(String[] args) {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        boolean failed = false;
        for (KvProviderTck tck : List.of(new FileReferenceProviderTest(), new ReferenceProviderTest())) {
            ProviderReport report = KvTckRunner.execute(tck, null, err, null);
            for (ProviderReport.TestOutcome t : report.tests()) {
                if (t.status() == ProviderReport.Status.FAILED && !t.clauses().contains("PROV-2")) {
                    err.println("FAILED " + t.title() + ": " + t.message());
                    failed = true;
                }
            }
        }
        System.exit(failed ? 1 : 0);
    }

    @Test
    void theWholeKitLeavesNothingInTheTemporaryDirectory(@TempDir Path tmp) throws Exception {
        Path childTmp = Files.createDirectory(tmp.resolve("java.io.tmpdir"));
        Path log = tmp.resolve("child.log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Djava.io.tmpdir=" + childTmp);
        command.add("-Dkv.tck.deadlineSeconds=" + System.getProperty("kv.tck.deadlineSeconds", "30"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NoFilesLeftBehindTest.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), () -> "the kit failed a reference provider in the child:\n" + read(log));
        assertEquals(List.of(), listing(childTmp), "files the kit left in java.io.tmpdir");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(x -> !x.equals(dir)).map(x -> dir.relativize(x).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }
}
