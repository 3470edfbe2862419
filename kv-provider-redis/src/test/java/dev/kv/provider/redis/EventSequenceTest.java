package dev.kv.provider.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event's {@code sequence} is the key's revision on the server: the same number for the same change in
 * every process that watches it, whichever process wrote it.
 */
class EventSequenceTest {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();

    private static KvStore open(String timeout) {
        // A different timeout is a different connection identity: separate connections, like another process.
        return new RedisKvProvider().open("s", KvConfig.builder().set("kv.redis.uri", SERVER.get().uri())
                .set("kv.redis.namespace", "sequence").set("kv.redis.timeout", timeout).build());
    }

    private static long revision() {
        String hash = new String(new Layout("sequence").hashKey("s", "k"), StandardCharsets.UTF_8);
        return Long.parseLong(SERVER.get().call("HGET", hash, "r"));
    }

    @Test
    void eachEventCarriesTheRevisionOfItsChangeInEveryProcess() throws Exception {
        try (KvStore a = open("5s"); KvStore b = open("4s")) {
            EventLog inA = new EventLog();
            EventLog inB = new EventLog();
            a.events(a.watch("k")).subscribe(inA);
            b.events(b.watch("k")).subscribe(inB);
            List<Long> revisions = new ArrayList<>();
            List<String> values = new ArrayList<>();
            // Alternate writers, so each process publishes some events from its own writes and some from the
            // server's announcements of the other's; each write is awaited so no event is coalesced.
            for (int i = 0; i < 6; i++) {
                KvStore writer = i % 2 == 0 ? a : b;
                if (i == 3) {
                    writer.delete("k");
                    values.add("<deleted>");
                } else {
                    writer.set("k", Payload.ofUtf8("v" + i));
                    values.add("v" + i);
                }
                revisions.add(revision());
                inA.awaitLast(values.get(i));
                inB.awaitLast(values.get(i));
            }
            assertEquals(values, inA.values());
            assertEquals(values, inB.values());
            assertEquals(revisions, sequences(inA), "process a's events against the server's revisions");
            assertEquals(revisions, sequences(inB), "process b's events against the server's revisions");
            for (int i = 1; i < revisions.size(); i++) {
                assertTrue(revisions.get(i) > revisions.get(i - 1), revisions::toString);
            }
            inA.cancel();
            inB.cancel();
        }
    }

    private static List<Long> sequences(EventLog log) {
        List<Long> out = new ArrayList<>();
        for (KvEvent e : log.events()) {
            out.add(e.sequence());
        }
        return out;
    }
}
