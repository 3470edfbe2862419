package dev.kv.cli;

import static dev.kv.cli.Launcher.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get, set and delete through the real launcher, byte for byte. */
class DataIT {

    @TempDir
    Path data;

    @TempDir
    Path files;

    private Launcher kv() {
        return new Launcher(data);
    }

    /** Some KiB holding every byte value several times, in random order, including NUL, CR, LF and 0xFF. */
    private static byte[] randomBinary(long seed) {
        Random random = new Random(seed);
        List<Byte> bytes = new ArrayList<>();
        for (int round = 0; round < 24; round++) {
            for (int b = 0; b < 256; b++) {
                bytes.add((byte) b);
            }
        }
        for (int i = 0; i < 1000; i++) {
            bytes.add((byte) random.nextInt(256));
        }
        Collections.shuffle(bytes, random);
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    @Test
    void binaryDataRoundTripsThroughStdinAndStdout() {
        byte[] value = randomBinary(8);
        Result set = kv().run(value, "set", "blobs", "random").expect(0);
        assertEquals(0, set.stdout.length, set.describe());
        assertEquals("", set.stderr, set.describe());

        Result get = kv().run("get", "blobs", "random").expect(0);
        assertArrayEquals(value, get.stdout, "the bytes read back, in a new process, are the bytes written");
        assertEquals("", get.stderr, get.describe());
    }

    @Test
    void binaryDataRoundTripsThroughFile() throws IOException {
        byte[] value = randomBinary(9);
        Path file = Files.write(files.resolve("in.bin"), value);
        kv().run("set", "blobs", "from-file", "--file", file.toString()).expect(0);
        assertArrayEquals(value, kv().run("get", "blobs", "from-file").expect(0).stdout);
    }

    @Test
    void textArgumentIsStoredAsUtf8WithNoNewlineAdded() {
        String text = "grüße, 世界 ✓ 🙂";
        kv().run("set", "greetings", "intl", text).expect(0);
        Result get = kv().run("get", "greetings", "intl").expect(0);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), get.stdout, get.describe());
    }

    @Test
    void emptyValueIsAValueNotAMissingKey() {
        kv().run("set", "s", "empty", "").expect(0);
        Result get = kv().run("get", "s", "empty").expect(0);
        assertEquals(0, get.stdout.length, get.describe());
        kv().run(new byte[0], "set", "--stdin", "s", "empty-stdin").expect(0);
        assertEquals(0, kv().run("get", "s", "empty-stdin").expect(0).stdout.length);
    }

    @Test
    void setReplacesAndDeleteRemoves() {
        kv().run("set", "s", "k", "one").expect(0);
        kv().run("set", "s", "k", "two").expect(0);
        assertEquals("two", kv().run("get", "s", "k").expect(0).out());
        Result delete = kv().run("delete", "s", "k").expect(0);
        assertEquals(0, delete.stdout.length, delete.describe());
        Result get = kv().run("get", "s", "k").expect(1);
        assertEquals("kv: no such key 'k' in store 's'\n", get.stderr);
        // Deleting a key that has no value is not an error.
        kv().run("delete", "s", "k").expect(0);
    }

    @Test
    void storesAreSeparateAndKeysMayLookLikeOptionsAfterDoubleDash() {
        kv().run("set", "a", "k", "in a").expect(0);
        kv().run("set", "b", "k", "in b").expect(0);
        assertEquals("in a", kv().run("get", "a", "k").expect(0).out());
        assertEquals("in b", kv().run("get", "b", "k").expect(0).out());
        kv().run("set", "--", "a", "--with", "-dash").expect(0);
        assertEquals("-dash", kv().run("get", "--", "a", "--with").expect(0).out());
    }

    @Test
    void dataDirectoryComesFromKvDataDir(@TempDir Path other) throws IOException {
        kv().run("set", "s", "k", "here").expect(0);
        try (Stream<Path> stored = Files.list(data)) {
            assertTrue(stored.findAny().isPresent(), "the chronicle store's file is under KV_DATA_DIR " + data);
        }
        Result elsewhere = new Launcher(other).run("get", "s", "k").expect(1);
        assertEquals("kv: no such key 'k' in store 's': the store does not exist\n", elsewhere.stderr,
                "another KV_DATA_DIR is another store");
    }

    @Test
    void memoryProviderKeepsNothingBetweenProcesses() {
        Result set = kv().run("--provider", "memory", "set", "s", "k", "gone").expect(0);
        assertEquals("", set.stderr, set.describe());
        Result get = kv().run("--provider", "memory", "get", "s", "k").expect(1);
        assertEquals("kv: no such key 'k' in store 's': the store does not exist\n", get.stderr, get.describe());
    }

    @Test
    void configurationReachesTheProvider() {
        // The memory provider refuses payloads above kv.memory.maximumPayloadBytes; its minimum is 1 MiB.
        byte[] big = new byte[(1 << 20) + 1];
        Result refused = kv().run(big, "--provider", "memory", "-c", "kv.memory.maximumPayloadBytes=1MiB",
                "set", "s", "big").expect(1);
        assertTrue(refused.stderr.startsWith("kv: the value on standard input is more than 1 MiB (1048576 bytes), the"
                + " most store 's' accepts"), refused.describe());
        assertNoStackTrace(refused);

        Result misspelt = kv().run("--provider", "memory", "-c", "kv.memory.maximumByte=1MiB", "get", "s", "k")
                .expect(1);
        assertTrue(misspelt.stderr.startsWith("kv: ") && misspelt.stderr.contains(
                "unknown property kv.memory.maximumByte;"), misspelt.describe());
    }

    @Test
    void unreadableFileIsExitOneNamingIt() {
        Path missing = files.resolve("missing.bin");
        Result r = kv().run("set", "s", "k", "--file", missing.toString()).expect(1);
        assertEquals("kv: cannot read '" + missing + "': no such file or directory\n", r.stderr, r.describe());
    }

    @Test
    void payloadLargerThanTheStoreAcceptsIsRefusedWithoutReadingEverything() {
        // More than the chronicle default maximum of 1 MiB: the command reads one byte past the limit, no more.
        byte[] big = new byte[3 << 20];
        Result r = kv().run(big, "set", "s", "big").expect(1);
        assertTrue(r.stderr.startsWith("kv: the value on standard input is more than 1 MiB (1048576 bytes), the most"
                + " store 's' accepts; the previous value is unchanged"), r.describe());
    }
}
