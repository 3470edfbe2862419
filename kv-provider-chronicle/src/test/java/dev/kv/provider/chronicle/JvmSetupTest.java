package dev.kv.provider.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user's JVM sees, in child JVMs without JUnit: the JVM flags Chronicle needs on the class path and the
 * module path (missing ones are named in a KvException, not an IllegalAccessError), a quiet start with the
 * recommended set, and Chronicle's usage analytics never running.
 */
class JvmSetupTest {

    private static final String APP = "dev.kv.provider.chronicle.app.AppMain";

    @TempDir
    Path dir;

    private static List<String> appCommand(List<String> options, boolean modulePath, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvm.java());
        cmd.add("-Xshare:auto");
        cmd.addAll(options);
        List<String> deps = ChildJvm.dependencies(jar -> !ChildJvm.isTestOnly(jar));
        if (modulePath) {
            List<String> mp = new ArrayList<>();
            mp.add(ChildJvm.classes());
            mp.addAll(deps);
            cmd.add("--module-path");
            cmd.add(String.join(File.pathSeparator, mp));
            cmd.add("--add-modules");
            cmd.add("dev.kv.provider.chronicle");
            cmd.add("-cp");
            cmd.add(ChildJvm.testClasses());
        } else {
            List<String> cp = new ArrayList<>();
            cp.add(ChildJvm.classes());
            cp.add(ChildJvm.testClasses());
            cp.addAll(deps);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, cp));
        }
        cmd.add(APP);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private ChildJvm.Result app(List<String> options, boolean modulePath) throws Exception {
        return ChildJvm.run(appCommand(options, modulePath, dir.resolve("data").toString(), "app"), dir);
    }

    private static void assertNoRawAccessFailure(ChildJvm.Result r) {
        for (String bad : List.of("IllegalAccessError", "IllegalAccessException", "InaccessibleObjectException",
                "NoClassDefFoundError", "ExceptionInInitializerError")) {
            assertFalse(r.out.contains(bad) || r.err.contains(bad), bad + " escaped:\n" + r);
        }
    }

    @Test
    void withoutFlagsOnTheClassPathOpenNamesEveryMissingFlag() throws Exception {
        ChildJvm.Result r = app(List.of(), false);
        assertTrue(r.out.startsWith("ERROR CONFIGURATION "), r::toString);
        for (String flag : ChildJvm.CLASS_PATH_FLAGS) {
            assertTrue(r.out.contains("Add " + String.join(" ", ChildJvm.CLASS_PATH_FLAGS) + " to the java"),
                    flag + " not named:\n" + r);
        }
        assertNoRawAccessFailure(r);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void eachRequiredFlagIsNeededAndNamedWhenMissing(int missing) throws Exception {
        List<String> options = new ArrayList<>(ChildJvm.CLASS_PATH_FLAGS);
        String flag = options.remove(missing);
        ChildJvm.Result r = app(options, false);
        assertTrue(r.out.contains("ERROR CONFIGURATION") && r.out.contains("Add " + flag + " to the java"),
                r::toString);
        assertNoRawAccessFailure(r);
    }

    @Test
    void withTheRequiredFlagsOnTheClassPathTheProviderIsFoundAndWorks() throws Exception {
        ChildJvm.Result r = app(ChildJvm.CLASS_PATH_FLAGS, false);
        assertEquals("PROVIDER unnamed module", r.out.lines().findFirst().orElse("").replaceAll(" @.*", ""),
                r::toString);
        assertTrue(r.out.contains("\nOK"), r::toString);
    }

    @Test
    void withoutFlagsOnTheModulePathOpenNamesTheModuleTargetedFlags() throws Exception {
        ChildJvm.Result r = app(List.of(), true);
        assertTrue(r.out.startsWith("ERROR CONFIGURATION ")
                && r.out.contains("Add " + String.join(" ", ChildJvm.MODULE_PATH_FLAGS) + " to the java"), r::toString);
        assertNoRawAccessFailure(r);
    }

    @Test
    void withTheRequiredFlagsOnTheModulePathTheNamedProviderModuleWorks() throws Exception {
        ChildJvm.Result r = app(ChildJvm.MODULE_PATH_FLAGS, true);
        assertTrue(r.out.startsWith("PROVIDER module dev.kv.provider.chronicle\n"), r::toString);
        assertTrue(r.out.contains("\nOK"), r::toString);
    }

    /** The recommended sets (README): the required flags plus those that silence Chronicle's and the JDK's warnings. */
    static List<String> recommended(boolean modulePath) {
        List<String> o = new ArrayList<>(modulePath ? ChildJvm.MODULE_PATH_FLAGS : ChildJvm.CLASS_PATH_FLAGS);
        o.add("--add-exports=java.base/jdk.internal.ref=" + (modulePath ? "chronicle.core" : "ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            o.add("--sun-misc-unsafe-memory-access=allow");
            o.add("--enable-native-access=" + (modulePath ? "org.jnrproject.jffi,com.sun.jna" : "ALL-UNNAMED"));
        }
        return o;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withTheRecommendedFlagsNothingButSlf4jsNoticeIsPrinted(boolean modulePath) throws Exception {
        ChildJvm.Result r = app(recommended(modulePath), modulePath);
        assertTrue(r.out.contains("\nOK"), r::toString);
        String stderr = r.err.lines().filter(l -> !l.startsWith("SLF4J: ")).collect(Collectors.joining("\n"));
        assertEquals("", stderr, r::toString);
    }

    @Test
    void chronicleAnalyticsNeverRunsEvenWhenItsJarIsPresent() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        // The artifact is excluded from this module's dependencies; put it back to prove that the provider
        // also switches it off before Chronicle loads (no -Dchronicle.* flags are given here).
        Path analyticsJar = analyticsJar();
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvm.java());
        cmd.addAll(ChildJvm.CLASS_PATH_FLAGS);
        cmd.addAll(ChildJvm.jdkExtras());
        cmd.add("-Duser.home=" + home);
        cmd.add("-cp");
        cmd.add(ChildJvm.classPath(false) + File.pathSeparator + analyticsJar);
        cmd.add(APP);
        cmd.add(dir.resolve("data").toString());
        cmd.add("analytics");
        String cp = cmd.get(cmd.indexOf("-cp") + 1);
        assertFalse(Stream.of(cp.split(File.pathSeparator)).anyMatch(e -> ChildJvm.isTestOnly(e)),
                "JUnit would mute analytics by itself: " + cp);
        ChildJvm.Result r = ChildJvm.run(cmd, dir);
        assertTrue(r.out.contains("\nOK"), r::toString);
        String all = (r.out + r.err).toLowerCase(Locale.ROOT);
        for (String word : List.of("analytics", "client id", "google", "unknownhost")) {
            assertFalse(all.contains(word), "'" + word + "' printed:\n" + r);
        }
        try (Stream<Path> files = Files.walk(home)) {
            List<Path> chronicleFiles = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .contains("chronicle")).collect(Collectors.toList());
            assertEquals(List.of(), chronicleFiles, "files Chronicle wrote into the user's home directory");
        }
    }

    @Test
    void theAnalyticsArtifactIsNotADependency() {
        List<String> deps = ChildJvm.dependencies(jar -> true);
        assertTrue(deps.stream().anyMatch(j -> j.contains("chronicle-map")), deps::toString);
        assertFalse(deps.stream().anyMatch(j -> j.contains("chronicle-analytics")), deps::toString);
    }

    /** The jar the build copied for this test (see the module's pom): never looked up in a local repository. */
    private static Path analyticsJar() {
        String property = System.getProperty("kv.test.analyticsJar");
        assertTrue(property != null, "system property kv.test.analyticsJar is not set: run the tests with Maven");
        Path jar = Path.of(property);
        assertTrue(Files.isRegularFile(jar), "the build did not copy the chronicle-analytics jar to " + jar);
        return jar;
    }
}
