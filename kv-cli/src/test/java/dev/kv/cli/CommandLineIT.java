package dev.kv.cli;

import static dev.kv.cli.Launcher.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The conventions of the command: help, version, usage errors, operational errors, the provider listing. */
class CommandLineIT {

    @TempDir
    Path data;

    private Launcher kv() {
        return new Launcher(data);
    }

    @Test
    void versionPrintsTheProjectVersionAndTheJavaItRunsOn() {
        Result r = kv().run("--version").expect(0);
        String[] lines = r.out().split("\n");
        assertEquals("kv " + Launcher.required("kv.cli.version"), lines[0], r.describe());
        assertTrue(lines[1].startsWith("Java " + System.getProperty("java.version")), r.describe());
        assertEquals("", r.stderr, "nothing on stderr, not even a JVM warning: " + r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "providers", "get", "set", "delete", "watch", "stores", "drop", "tck", "plugins",
        "plugins list", "plugins lock"})
    void everyCommandHasHelpOnStdout(String command) {
        List<String> args = new ArrayList<>(List.of(command.isEmpty() ? new String[0] : command.split(" ")));
        args.add("--help");
        Result r = kv().run(args.toArray(String[]::new));
        r.expect(0);
        String name = command.isEmpty() ? "kv" : "kv " + command;
        // A command's help starts with its one-line header, then the usage; the root's with the usage.
        assertTrue(r.out().startsWith("Usage: " + name + " ") || r.out().split("\n")[1].startsWith("Usage: " + name
                + " "), r.describe());
        assertTrue(r.out().contains("--provider=ID") && r.out().contains("--verbose"), r.describe());
        assertEquals("", r.stderr, r.describe());
    }

    @Test
    void rootHelpListsTheCommandsAndExitCodes() {
        String help = kv().run("--help").expect(0).out();
        for (String command : new String[] {"providers", "get", "set", "delete", "watch", "stores", "drop", "tck",
            "plugins"}) {
            assertTrue(help.contains("\n  " + command + " "), command + " in\n" + help);
        }
        assertTrue(help.contains("Exit status:") && help.contains("  2   bad usage"), help);
        assertTrue(help.contains("KV_DATA_DIR") && help.contains("KV_MODULE_PATH") && help.contains("KV_PLUGINS"), help);
    }

    @Test
    void noCommandIsBadUsage() {
        Result r = kv().run().expect(2);
        assertTrue(r.stderr.startsWith("kv: missing COMMAND: one of providers, get, set, delete, watch, stores, drop,"
                + " tck, plugins\n"),
                r.describe());
        assertTrue(r.stderr.contains("Usage: kv "), r.describe());
        assertEquals(0, r.stdout.length, r.describe());
    }

    @Test
    void unknownCommandIsBadUsage() {
        Result r = kv().run("fetch", "s", "k").expect(2);
        assertTrue(r.stderr.startsWith("kv: Unmatched arguments from index 0: 'fetch', 's', 'k'"), r.describe());
        assertEquals(0, r.stdout.length, r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void missingArgumentIsBadUsageNamingIt() {
        Result r = kv().run("get", "s").expect(2);
        assertTrue(r.stderr.startsWith("kv: Missing required parameter: 'KEY'\n"), r.describe());
        assertTrue(r.stderr.contains("Usage: kv get ") && r.stderr.contains("Try 'kv get --help'"), r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void unknownOptionIsBadUsage() {
        Result r = kv().run("get", "--frobnicate", "s", "k").expect(2);
        assertTrue(r.stderr.startsWith("kv: Unknown option: '--frobnicate'"), r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void malformedConfigurationIsBadUsage() {
        Result r = kv().run("--provider", "memory", "-c", "kv.memory.maximumBytes", "get", "s", "k").expect(2);
        assertTrue(r.stderr.startsWith("kv: invalid -c 'kv.memory.maximumBytes': expected NAME=VALUE"), r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void valueAndFileTogetherIsBadUsage() {
        Result r = kv().run("set", "s", "k", "v", "--file", "x").expect(2);
        assertTrue(r.stderr.startsWith("kv: give the value one way: VALUE, --file or --stdin"), r.describe());
    }

    @Test
    void watchCountBelowOneIsBadUsage() {
        Result r = kv().run("--provider", "memory", "watch", "--count", "0", "s", "k").expect(2);
        assertTrue(r.stderr.startsWith("kv: --count must be at least 1, not 0"), r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "chronicle"})
    void missingKeyIsExitOneWithTheMessageAndNoStackTrace(String provider) {
        // The store exists for chronicle; a memory store ends with the command that opened it.
        kv().run("--provider", provider, "set", "s", "other", "v").expect(0);
        Result r = kv().run("--provider", provider, "get", "s", "k").expect(1);
        assertEquals("kv: no such key 'k' in store 's'" + (provider.equals("memory") ? ": the store does not exist" : "")
                + "\n", r.stderr, r.describe());
        assertEquals(0, r.stdout.length, r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void chronicleIsTheDefaultProvider() {
        // Only chronicle persists between processes: a value set by one run is read by the next.
        kv().run("set", "s", "k", "kept").expect(0);
        Result r = kv().run("get", "s", "k").expect(0);
        assertEquals("kept", r.out());
        Result viaChronicle = kv().run("--provider", "chronicle", "get", "s", "k").expect(0);
        assertEquals("kept", viaChronicle.out());
    }

    @Test
    void badConfigurationValueIsExitOneAndVerboseAddsTheStackTrace() {
        String[] args = {"--provider", "memory", "-c", "kv.memory.maximumBytes=lots", "set", "s", "k", "v"};
        Result quiet = kv().run(args).expect(1);
        assertTrue(quiet.stderr.startsWith("kv: ") && quiet.stderr.contains(
                "invalid value 'lots' for property kv.memory.maximumBytes"), quiet.describe());
        assertNoStackTrace(quiet);

        String[] verboseArgs = new String[args.length + 1];
        verboseArgs[0] = "--verbose";
        System.arraycopy(args, 0, verboseArgs, 1, args.length);
        Result verbose = kv().run(verboseArgs).expect(1);
        assertTrue(verbose.stderr.startsWith("kv: ") && verbose.stderr.contains(
                "invalid value 'lots' for property kv.memory.maximumBytes"), verbose.describe());
        assertTrue(verbose.stderr.contains("dev.kv.api.KvException") && verbose.stderr.contains("\tat "),
                "--verbose shows the stack trace: " + verbose.describe());
    }

    @Test
    void unknownProviderIsExitOneListingTheProvidersFound() {
        Result r = kv().run("--provider", "nope", "get", "s", "k").expect(1);
        assertTrue(r.stderr.startsWith("kv: no provider has the id 'nope' (--provider); found: "), r.describe());
        assertTrue(r.stderr.contains("memory (module dev.kv.provider.memory)")
                && r.stderr.contains("chronicle (module dev.kv.provider.chronicle)"), r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void providersListsMemoryAndChronicleWithCapabilitiesAndConfiguration() {
        Result r = kv().run("providers").expect(0);
        String out = r.out();
        assertTrue(out.contains("chronicle (selected)\n"), "the default provider is marked: " + out);
        assertTrue(out.contains("\nmemory\n") || out.startsWith("memory\n"), out);
        assertTrue(out.contains("  from:          module dev.kv.provider.memory\n"), out);
        assertTrue(out.contains("  from:          module dev.kv.provider.chronicle\n"), out);
        assertTrue(out.contains("  capabilities:  PERSISTENT MULTI_PROCESS CROSS_PROCESS_WATCH\n"), out);
        assertTrue(out.contains("  capabilities:  EXPIRY EVICTION\n"), out);
        assertTrue(out.contains("    kv.chronicle.dataDir  default ") && out.contains(", environment KV_DATA_DIR\n"),
                out);
        assertTrue(out.contains("    kv.memory.maximumBytes  default 256MiB\n"), out);
        assertEquals("", r.stderr, r.describe());
    }

    @Test
    void theProviderVariableSelectsTheProviderAndTheOptionWins() {
        Result r = kv().env("KV_PROVIDER", "memory").run("providers").expect(0);
        assertTrue(r.out().contains("memory (selected)\n") && !r.out().contains("chronicle (selected)"), r.out());
        Result option = kv().env("KV_PROVIDER", "memory").run("--provider", "chronicle", "providers").expect(0);
        assertTrue(option.out().contains("chronicle (selected)\n"), option.out());
    }
}
