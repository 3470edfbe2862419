package dev.kv.api;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds real jars from the sources under src/test/fixtures with the JDK's javac, and runs them in child JVMs: the
 * shared machinery of the discovery and plugin tests.
 */
final class FixtureJars {

    static final Path FIXTURES = Path.of("src/test/fixtures");
    static final Path API_CLASSES = Path.of("target/classes");

    private final Path work;

    FixtureJars(Path work) {
        this.work = work;
    }

    /** kv-api's compiled classes as a jar. */
    Path apiJar() throws IOException {
        Path jar = work.resolve("kv-api.jar");
        return Files.exists(jar) ? jar : jar(API_CLASSES, null, jar);
    }

    /**
     * Copies a template directory with placeholders replaced in file names and contents.
     *
     * @param template     the template under src/test/fixtures
     * @param name         the copy's directory name under the work directory
     * @param replacements placeholder to value, for example __ID__ to alpha
     */
    Path instantiate(String template, String name, Map<String, String> replacements) throws IOException {
        Path from = FIXTURES.resolve(template);
        Path target = work.resolve("fixture-" + name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path f : files) {
            String relative = replace(from.relativize(f).toString(), replacements);
            Path out = target.resolve(relative);
            Files.createDirectories(out.getParent());
            Files.writeString(out, replace(Files.readString(f), replacements));
        }
        return target;
    }

    private static String replace(String s, Map<String, String> replacements) {
        for (Map.Entry<String, String> e : replacements.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }

    /**
     * Compiles a fixture's {@code src} against kv-api and {@code modulePath}, and jars it with its META-INF.
     *
     * @param fixture    the fixture directory (holding src/ and maybe META-INF/)
     * @param jarName    the jar's file name, in the work directory
     * @param modulePath further jars to compile against
     */
    Path build(Path fixture, String jarName, Path... modulePath) throws Exception {
        Path src = fixture.resolve("src");
        Path classes = work.resolve("classes-" + jarName);
        List<String> path = new ArrayList<>();
        path.add(apiJar().toString());
        for (Path p : modulePath) {
            path.add(p.toString());
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-d", classes.toString(), "--module-path", String.join(File.pathSeparator, path)));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> cmd.add(f.toString()));
        }
        Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (javac.waitFor() != 0) {
            throw new AssertionError("javac failed for fixture " + fixture + ":\n" + output);
        }
        Path services = fixture.resolve("META-INF");
        return jar(classes, Files.isDirectory(services) ? services : null, work.resolve(jarName));
    }

    static Path jar(Path classes, Path metaInf, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file)) {
            add(jar, classes, "");
            if (metaInf != null) {
                add(jar, metaInf, "META-INF/");
            }
        }
        return target;
    }

    private static void add(JarOutputStream jar, Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).collect(Collectors.toList());
        }
        for (Path f : files) {
            jar.putNextEntry(new JarEntry(prefix + root.relativize(f).toString().replace('\\', '/')));
            jar.write(Files.readAllBytes(f));
            jar.closeEntry();
        }
    }

    /** Joins paths with the platform's path separator. */
    static String path(List<Path> entries) {
        return entries.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Runs {@code java} with {@code args} in a child JVM, without the kv environment variables of this one.
     *
     * @param env variables to set in the child
     */
    Result java(List<String> args, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KV_PROVIDER");
        pb.environment().remove("KV_PLUGINS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** What a child JVM did. */
    record Result(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().collect(Collectors.toList());
        }

        String line(int i) {
            List<String> l = lines();
            return i < l.size() ? l.get(i) : "<no line " + i + " in: " + stdout + " / " + stderr + ">";
        }

        boolean has(String line) {
            return lines().contains(line);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
