package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.cli.Launcher.Result;
import dev.kv.cli.Launcher.Running;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell example of the README's section on the kv command, read from README.md and run as written
 * against the real launcher (in a directory where {@code ./kv} is the launcher), checked against what the
 * README says it does: the exit status ("(exit status 1)"; else 0), the message ("# kv: ..."), the output
 * ("# hello — ...") and, for the watch, the event lines the README shows.
 */
class ReadmeExamplesIT {

    private static final String SECTION = "## The `kv` command (`dev.kv:kv-cli`)";
    private static final Pattern EXIT = Pattern.compile("\\(exit status (\\d+)\\)");

    @TempDir
    Path data;

    @TempDir
    Path work;

    private Launcher kv() {
        return new Launcher(data);
    }

    /** A working directory with ./kv and the files the examples name. */
    private void prepare() throws IOException {
        Files.createSymbolicLink(work.resolve("kv"), Launcher.repository().resolve("kv"));
        byte[] png = new byte[3000];
        new Random(1).nextBytes(png);
        Files.write(work.resolve("logo.png"), png);
        Files.writeString(work.resolve("notes.txt"), "some notes\n".repeat(100));
    }

    private List<String> shellBlocks() throws IOException {
        List<String> blocks = ReadmeProviderIT.blocks(SECTION, "sh");
        assertTrue(blocks.size() >= 4, "providers, the tour, the watch and the kit: " + blocks);
        return blocks;
    }

    /** One command line and what the README's comment says of it. */
    private void runLine(String line) {
        runLine(line, kv());
    }

    private void runLine(String line, Launcher kv) {
        int hash = line.indexOf(" #");
        String command = (hash < 0 ? line : line.substring(0, hash)).trim();
        String comment = hash < 0 ? "" : line.substring(hash + 2).trim();
        Matcher exit = EXIT.matcher(comment);
        int status = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
        Result r = kv.shellIn(work, command);
        assertEquals(status, r.exitCode, "README: " + line + "\n" + r.describe());
        if (comment.startsWith("kv: ")) {
            String message = EXIT.matcher(comment).replaceAll("").trim();
            assertEquals(message + "\n", r.stderr, "README: " + line + "\n" + r.describe());
        } else if (comment.contains(" — ") && !command.contains(">")) {
            assertEquals(comment.substring(0, comment.indexOf(" — ")), r.out(), "README: " + line);
        }
    }

    private static List<String> lines(String block) {
        List<String> lines = new ArrayList<>();
        for (String l : block.split("\n")) {
            if (!l.isBlank() && !l.startsWith("#")) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void theFirstLineAndTheTourWorkAsWritten() throws IOException {
        prepare();
        List<String> blocks = shellBlocks();
        for (String line : lines(blocks.get(0))) {
            runLine(line);
        }
        String tour = blocks.get(1);
        assertTrue(tour.contains("./kv set greetings en hello") && tour.contains("> copy.png"), tour);
        for (String line : lines(tour)) {
            runLine(line);
        }
        assertArrayEquals(Files.readAllBytes(work.resolve("logo.png")), Files.readAllBytes(work.resolve("copy.png")),
                "the file read back is the file stored, byte for byte");
    }

    @Test
    void theWatchAcrossTerminalsPrintsTheLinesShown() throws Exception {
        prepare();
        String block = shellBlocks().get(2);
        int second = block.indexOf("# terminal 2\n");
        assertTrue(block.startsWith("# terminal 1\n") && second > 0, block);
        List<String> first = lines(block.substring(0, second));
        String watchLine = first.get(0);
        List<String> expected = first.subList(1, first.size());
        String watchCommand = watchLine.substring(0, watchLine.indexOf(" #")).trim();
        String shownMessage = watchLine.substring(watchLine.indexOf(" #") + 2).trim();
        assertTrue(watchCommand.startsWith("./kv "), watchLine);
        try (Running watch = kv().start(watchCommand.substring("./kv ".length()).split(" +"))) {
            Pattern message = Pattern.compile(Pattern.quote(shownMessage).replace("(...)", "\\E\\(.+\\)\\Q"));
            watch.awaitErr(l -> message.matcher(l).matches());
            for (String line : lines(block.substring(second))) {
                runLine(line);
            }
            long end = System.nanoTime() + Launcher.DEADLINE.toNanos();
            while (watch.outLines().size() < expected.size() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(expected, watch.outLines(), watch.describe());
        }
    }

    @Test
    void theKitRunsAsShown(@TempDir Path redisDir) throws IOException, InterruptedException {
        prepare();
        String block = shellBlocks().get(3);
        List<String> commands = lines(block);
        assertTrue(commands.size() >= 1 && commands.get(0).startsWith("./kv tck --provider memory"), block);
        for (String line : commands) {
            if (line.startsWith("./kv tck --provider ")) {
                runLine(line);
            } else if (line.startsWith("./kv tck ")) {
                // Every provider: redis with the server the README says it needs, at KV_REDIS_URI; the whole kit
                // against chronicle forks child JVMs, about 100 s on 2 cores.
                assertTrue(line.contains("KV_REDIS_URI"), "the README says redis needs a server: " + line);
                try (RedisProcess redis = RedisProcess.start(redisDir)) {
                    runLine(line, kv().env("KV_REDIS_URI", redis.uri()).deadline(Duration.ofMinutes(10)));
                }
            } else {
                fail("a kit example the test does not know: " + line);
            }
        }
    }
}
