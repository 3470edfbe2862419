package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real {@code ./kv} launcher as a subprocess, with the JDK running the tests, a private data
 * directory, and building switched off (the jars were packaged before the integration tests).
 */
final class Launcher {

    /** Generous: a run starts a JVM, and the chronicle provider compiles code the first time. */
    static final Duration DEADLINE = Duration.ofSeconds(120);

    private final Map<String, String> env = new HashMap<>();
    private Duration deadline = DEADLINE;
    private Path script = Path.of(required("kv.launcher")).toAbsolutePath().normalize();

    /**
     * A launcher whose chronicle stores live under {@code dataDir}.
     *
     * @param dataDir the value of KV_DATA_DIR
     */
    Launcher(Path dataDir) {
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KV_NO_BUILD", "1");
        env.put("KV_DATA_DIR", dataDir.toString());
    }

    /** The repository's root: where ./kv, README.md and SPEC.md are. */
    static Path repository() {
        return Path.of(required("kv.launcher")).toAbsolutePath().normalize().getParent();
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests with Maven");
        }
        return value;
    }

    /** Gives each finished run (not {@link #start}) this long instead of {@link #DEADLINE}. */
    Launcher deadline(Duration longer) {
        this.deadline = longer;
        return this;
    }

    /** Runs this script instead of the repository's ./kv. */
    Launcher script(Path other) {
        this.script = other;
        return this;
    }

    /** Sets (or with {@code null}, removes) an environment variable of the runs. */
    Launcher env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code ./kv args} with empty standard input and waits for it. */
    Result run(String... args) {
        return run(new byte[0], args);
    }

    /** Runs {@code ./kv args} with {@code stdin} on standard input and waits for it. */
    Result run(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        Collections.addAll(command, args);
        return run(stdin, command, "./kv " + String.join(" ", args));
    }

    /**
     * Runs {@code bash -c commands} in the directory of the launcher (the repository root, so {@code ./kv} is
     * the launcher), with this launcher's environment: for command lines Java cannot pass, such as arguments
     * that are not valid in the platform encoding, and for the README's examples as written.
     */
    Result shell(byte[] stdin, String commands) {
        return run(stdin, List.of("bash", "-c", commands), commands, script.getParent());
    }

    /** Runs {@code bash -c commands} in {@code directory}, with this launcher's environment. */
    Result shellIn(Path directory, String commands) {
        return run(new byte[0], List.of("bash", "-c", commands), commands, directory);
    }

    private Result run(byte[] stdin, List<String> command, String shown) {
        return run(stdin, command, shown, script.getParent());
    }

    private Result run(byte[] stdin, List<String> command, String shown, Path directory) {
        try {
            Path dir = Files.createTempDirectory("kv-run");
            Path in = Files.write(dir.resolve("stdin"), stdin);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            ProcessBuilder pb = builder(command).directory(directory.toFile()).redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(shown + " did not finish within " + deadline + "; stderr:\n"
                        + Files.readString(err));
            }
            return new Result(shown, p.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code ./kv args} and returns at once; its output is collected line by line. */
    Running start(String... args) {
        try {
            List<String> command = new ArrayList<>();
            command.add(script.toString());
            Collections.addAll(command, args);
            Process p = builder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            return new Running(args, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(script.getParent().toFile());
        Map<String, String> environment = pb.environment();
        // Nothing from the developer's shell may choose the provider or add modules behind the test's back.
        environment.remove("KV_PROVIDER");
        environment.remove("KV_MODULE_PATH");
        environment.remove("KV_JAVA_OPTS");
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        return pb;
    }

    /** A finished run. */
    static final class Result {
        final String command;
        final int exitCode;
        final byte[] stdout;
        final String stderr;

        Result(String command, int exitCode, byte[] stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Describes the run for assertion messages. */
        String describe() {
            return command + " exited " + exitCode + "\n--- stdout:\n" + (stdout.length > 4096
                    ? stdout.length + " bytes" : out()) + "\n--- stderr:\n" + stderr;
        }

        /** Asserts the exit status, showing the whole run if it differs. */
        Result expect(int status) {
            if (exitCode != status) {
                fail("expected exit status " + status + ": " + describe());
            }
            return this;
        }
    }

    /** A run in progress, with its standard output and standard error collected line by line. */
    static final class Running implements AutoCloseable {
        final String command;
        final Process process;
        private final List<String> out = Collections.synchronizedList(new ArrayList<>());
        private final List<String> err = Collections.synchronizedList(new ArrayList<>());
        private final Thread outReader;
        private final Thread errReader;
        /** The harness's own read failures: not the command's output, so kept apart from it. */
        private final List<String> readFailures = Collections.synchronizedList(new ArrayList<>());

        Running(String[] args, Process process) {
            this.command = "./kv " + String.join(" ", args);
            this.process = process;
            this.outReader = reader(process.getInputStream(), out, readFailures);
            this.errReader = reader(process.getErrorStream(), err, readFailures);
        }

        private static Thread reader(InputStream in, List<String> lines, List<String> failures) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The JDK closes a pipe of a process that exited under a reading thread ("Stream closed"):
                    // a race of the harness, which must not pass for an exception the command printed.
                    failures.add(e.toString());
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Waits (generously) for a line of standard error matching {@code wanted}. */
        String awaitErr(Predicate<String> wanted) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                synchronized (err) {
                    for (String line : err) {
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                }
                if (!process.isAlive()) {
                    outReader.join(5_000);
                    errReader.join(5_000);
                    synchronized (err) {
                        for (String line : err) {
                            if (wanted.test(line)) {
                                return line;
                            }
                        }
                    }
                    fail(command + " exited " + process.exitValue() + " before the expected line; " + describe());
                }
                Thread.sleep(20);
            }
            fail(command + ": expected line not seen within " + DEADLINE + "; " + describe());
            return null;
        }

        /** Waits (generously) for the process to end, and for its output to be read. */
        int awaitExit() throws InterruptedException {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                fail(command + " still running after " + DEADLINE + "; " + describe());
            }
            outReader.join(DEADLINE.toMillis());
            errReader.join(DEADLINE.toMillis());
            return process.exitValue();
        }

        List<String> outLines() {
            synchronized (out) {
                return List.copyOf(out);
            }
        }

        String errText() {
            synchronized (err) {
                return String.join("\n", err);
            }
        }

        String describe() {
            return "stdout:\n" + String.join("\n", outLines()) + "\nstderr:\n" + errText()
                    + (readFailures.isEmpty() ? "" : "\n(harness read failures: " + readFailures + ")");
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Asserts that {@code stderr} carries no stack trace or exception name. */
    static void assertNoStackTrace(Result r) {
        assertTrue(!r.stderr.contains("at dev.") && !r.stderr.contains("\tat ") && !r.stderr.contains("Exception"),
                "no stack trace expected: " + r.describe());
    }
}
