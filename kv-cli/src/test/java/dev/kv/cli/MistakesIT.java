package dev.kv.cli;

import static dev.kv.cli.Launcher.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user gets wrong, through the real launcher: a value that looks like an option, an empty standard input,
 * arguments that are not text, misspelt configuration, a missing --with path. None of them may store anything
 * the user did not mean, and each says what was wrong.
 */
class MistakesIT {

    @TempDir
    Path data;

    private Launcher kv() {
        return new Launcher(data);
    }

    private void assertNotStored(String store, String key) {
        Result get = kv().run("get", store, key);
        assertEquals(1, get.exitCode, "nothing was stored: " + get.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v", "--verbose", "-h", "--help", "-V", "--version"})
    void aValueThatLooksLikeAnOptionIsRefusedSayingToUseDoubleDash(String value) {
        Result r = kv().run("set", "s", "k", value).expect(2);
        assertTrue(r.stderr.startsWith("kv: '" + value + "' among the arguments was taken as an option, and VALUE is"
                + " missing; if '" + value + "' is meant as an argument, put -- before the arguments: kv set -- s k "
                + value + "\n"), r.describe());
        assertEquals(0, r.stdout.length, "no help or version printed: " + r.describe());
        assertNotStored("s", "k");
        kv().run("set", "--", "s", "k", value).expect(0);
        assertEquals(value, kv().run("get", "s", "k").expect(0).out());
    }

    @Test
    void aKeyThatLooksLikeAnOptionIsRefusedToo() {
        Result r = kv().run("get", "s", "-v").expect(2);
        assertTrue(r.stderr.startsWith("kv: '-v' among the arguments was taken as an option, and KEY is missing;"
                + " if '-v'"
                + " is meant as an argument, put -- before the arguments: kv get -- s -v\n"), r.describe());
    }

    @Test
    void optionsBeforeTheArgumentsOrWithEveryArgumentGivenAreOptions() {
        kv().run("--verbose", "set", "s", "k", "v").expect(0);
        kv().run("set", "s", "k2", "v2", "--verbose").expect(0);
        assertEquals("v2", kv().run("get", "s", "k2", "-v").expect(0).out());
    }

    @Test
    void anEmptyStandardInputWithoutValueIsRefusedUnlessAskedFor() {
        Result r = kv().run(new byte[0], "set", "s", "k").expect(2);
        assertTrue(r.stderr.startsWith("kv: no value: standard input is empty, and neither VALUE nor --file was"
                + " given; to store an empty value, give '' as VALUE or use --stdin\n"), r.describe());
        assertNotStored("s", "k");
        kv().run(new byte[0], "set", "--stdin", "s", "k").expect(0);
        assertEquals(0, kv().run("get", "s", "k").expect(0).stdout.length);
    }

    @Test
    void stdinAndAValueTogetherIsBadUsage() {
        Result r = kv().run("set", "--stdin", "s", "k", "v").expect(2);
        assertTrue(r.stderr.startsWith("kv: give the value one way: VALUE, --file or --stdin"), r.describe());
    }

    @Test
    void argumentsThatAreNotTextInThePlatformEncodingAreRefusedNamingThem() {
        // Each of these used to decode to U+FFFD, so all three keys were one key.
        for (String key : new String[] {"\\xff", "\\xfe", "\\xed\\xa0\\x80"}) {
            Result r = kv().shell(new byte[0], "./kv set s $'" + key + "' v").expect(2);
            assertTrue(r.stderr.startsWith("kv: argument 3 ('" + key + "') is not valid UTF-8 (the platform"
                    + " encoding): store names, keys and values given as arguments must be text; give a binary value"
                    + " with --file or standard input\n"), r.describe());
        }
        Result value = kv().shell(new byte[0], "./kv set s k $'a\\xffb'").expect(2);
        assertTrue(value.stderr.startsWith("kv: argument 4 ('a\\xffb') is not valid UTF-8"), value.describe());
        assertNotStored("s", "k");
    }

    @Test
    void aPropertyWithAnUnknownPrefixIsAnErrorListingTheKnownOnes() {
        Result r = kv().run("-c", "kv.chronicel.maxPayloadSize=2MiB", "set", "s", "k", "v").expect(2);
        assertTrue(r.stderr.startsWith("kv: -c kv.chronicel.maxPayloadSize: no provider reads properties under"
                + " kv.chronicel.; the known prefixes are kv.chronicle., kv.memory., kv.redis., kv.tck.,"
                + " kv.watch.\n"),
                r.describe());
        assertNotStored("s", "k");
        Result notKv = kv().run("-c", "maxPayloadSize=2MiB", "get", "s", "k").expect(2);
        assertTrue(notKv.stderr.startsWith("kv: -c maxPayloadSize: not a kv property; the known prefixes are"),
                notKv.describe());
    }

    @Test
    void aPropertyOfAnotherProviderThanTheSelectedOneIsAnError() {
        Result r = kv().run("--provider", "memory", "-c", "kv.chronicle.maxPayloadSize=2MiB", "set", "s", "k", "v")
                .expect(2);
        assertTrue(r.stderr.startsWith("kv: -c kv.chronicle.maxPayloadSize is a property of provider 'chronicle',"
                + " but the provider in use is 'memory'; select --provider chronicle, or leave the property out\n"),
                r.describe());
        // A property every provider shares is fine with any of them.
        kv().run("--provider", "memory", "-c", "kv.watch.bufferSize=16", "set", "s", "k", "v").expect(0);
    }

    @Test
    void aMissingWithPathIsAnError() {
        Result r = kv().run("--with", "/nonexistent.jar", "providers").expect(2);
        assertEquals("kv: --with /nonexistent.jar: no such file or directory\n", r.stderr, r.describe());
        Result variable = kv().env("KV_MODULE_PATH", "/nonexistent.jar").run("providers").expect(2);
        assertEquals("kv: KV_MODULE_PATH has /nonexistent.jar: no such file or directory\n", variable.stderr,
                variable.describe());
    }

    @Test
    void aDataDirectoryThatIsAFileIsNamedInWords() throws IOException {
        Path file = Files.writeString(data.resolve("file"), "x");
        Result r = kv().env("KV_DATA_DIR", file.toString()).run("set", "s", "k", "v").expect(1);
        assertEquals("kv: store 's': the data directory " + file + " (kv.chronicle.dataDir, environment KV_DATA_DIR)"
                + " is a file, not a directory; point it at a directory, or move the file away\n", r.stderr,
                r.describe());
    }

    @Test
    void aDirectoryGivenAsFileIsNamedInWords() {
        Result r = kv().run("set", "s", "k", "--file", ".").expect(1);
        assertEquals("kv: cannot read '.': it is a directory\n", r.stderr, r.describe());
        assertNoStackTrace(r);
    }

    @Test
    void aLargeStandardInputIsReportedAsMoreThanTheLimit() {
        Result r = kv().run(new byte[20 << 20], "set", "s", "big").expect(1);
        assertEquals("kv: the value on standard input is more than 1 MiB (1048576 bytes), the most store 's'"
                + " accepts; the previous value is unchanged\n", r.stderr, r.describe());
    }
}
