package dev.kv.provider.chronicle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Starts child JVMs running this module's code, on the class path or the module path. */
final class ChildJvm {

    /** The flags Chronicle needs when it is on the class path; must match kv.chronicle.jvm.flags. */
    static final List<String> CLASS_PATH_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");

    /** The same flags for Chronicle on the module path. */
    static final List<String> MODULE_PATH_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=chronicle.core",
            "--add-exports=java.base/sun.nio.ch=chronicle.core",
            "--add-opens=java.base/java.lang=compiler",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=compiler");

    private ChildJvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Flags only JDK 24+ accepts, which silence its warnings about Unsafe and native access. */
    static List<String> jdkExtras() {
        return Runtime.version().feature() >= 24
                ? List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED")
                : List.of();
    }

    static List<String> dependencies(Predicate<String> keep) {
        String file = System.getProperty("kv.test.dependencies", "target/test-dependencies.txt");
        try {
            String text = Files.readString(Path.of(file)).trim();
            return Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isBlank()).filter(keep)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("run the tests through Maven, which writes " + file, e);
        }
    }

    static String classes() {
        return System.getProperty("kv.test.classes", "target/classes");
    }

    static String testClasses() {
        return System.getProperty("kv.test.testClasses", "target/test-classes");
    }

    /** Class path of main code, test code and all dependencies (JUnit included unless excluded). */
    static String classPath(boolean withJunit) {
        List<String> cp = new ArrayList<>();
        cp.add(classes());
        cp.add(testClasses());
        cp.addAll(dependencies(jar -> withJunit || !isTestOnly(jar)));
        return String.join(File.pathSeparator, cp);
    }

    static boolean isTestOnly(String jar) {
        String n = Path.of(jar).getFileName().toString();
        return n.startsWith("junit-") || n.startsWith("opentest4j") || n.startsWith("apiguardian");
    }

    /** A command running {@code main} on the class path with the given JVM options. */
    static List<String> command(List<String> jvmOptions, boolean withJunit, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath(withJunit));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static List<String> standardOptions() {
        List<String> o = new ArrayList<>(CLASS_PATH_FLAGS);
        o.addAll(jdkExtras());
        return o;
    }

    /** The result of a finished child. */
    static final class Result {
        final int exitCode;
        final String out;
        final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs a command to completion (generous deadline: two minutes) and returns its output. */
    static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("child JVM did not finish within 2 minutes: " + command + "\n"
                    + Files.readString(out) + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
