package dev.kv.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds provider jars from sources, and the third-party provider jar of the tests,
 * {@code com.example.kv.forgetful} (id {@code forgetful}),
 * from the sources in {@code src/test/resources/forgetful-provider}, compiled against the kv-api jar that
 * ./kv runs with. Its delete keeps the value, so it is a provider the conformance kit must fail.
 */
final class ForgetfulProvider {

    private ForgetfulProvider() {
    }

    /**
     * Compiles and jars the provider.
     *
     * @param dir an empty directory to work in
     * @return the jar
     */
    static Path jar(Path dir) {
        return jar(sources(), dir, "forgetful-provider.jar");
    }

    /**
     * Compiles the Java sources under {@code sources} against the kv-api jar ./kv runs with, and jars the classes
     * with every other file found there (such as {@code META-INF/services/...}).
     *
     * @param sources the source tree, {@code module-info.java} at its root
     * @param dir     an empty directory to work in
     * @param name    the jar's file name
     * @return the jar
     */
    static Path jar(Path sources, Path dir, String name) {
        try {
            List<String> files;
            try (Stream<Path> walk = Files.walk(sources)) {
                files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString)
                        .collect(Collectors.toList());
            }
            Path classes = Files.createDirectories(dir.resolve("classes"));
            // javac of the JDK running the tests, as a process: the tests' own module need not read java.compiler.
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac")
                    .toString(), "--release", "17", "-d", classes.toString(), "-p", kvApiJar().toString()));
            command.addAll(files);
            Path log = dir.resolve("javac.log");
            Process javac = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!javac.waitFor(Launcher.DEADLINE.toSeconds(), TimeUnit.SECONDS) || javac.exitValue() != 0) {
                javac.destroyForcibly();
                throw new AssertionError("the provider in " + sources + " does not compile:\n" + Files.readString(log));
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().endsWith(".java"))::iterator) {
                    Path to = classes.resolve(sources.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
            Path jar = dir.resolve(name);
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
                 Stream<Path> walk = Files.walk(classes)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    jos.write(Files.readAllBytes(p));
                    jos.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path sources() {
        URL url = ForgetfulProvider.class.getResource("/forgetful-provider/module-info.java");
        if (url == null) {
            throw new IllegalStateException("test resource forgetful-provider/module-info.java is missing");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path kvApiJar() throws IOException {
        Path lib = Path.of(Launcher.required("kv.cli.lib"));
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.getFileName().toString().matches("kv-api-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no kv-api jar in " + lib));
        }
    }
}
