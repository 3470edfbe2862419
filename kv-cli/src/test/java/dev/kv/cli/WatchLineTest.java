package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kv.api.KvEvent;
import dev.kv.api.Payload;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The line kv watch prints for an event. */
class WatchLineTest {

    @Test
    void textValueIsShownQuoted() {
        assertEquals("SET seq=7 key='greeting' size=6 value='héllo'",
                WatchCommand.line(new KvEvent("greeting", KvEvent.Kind.SET, Payload.ofUtf8("héllo"), 7)));
    }

    @Test
    void emptyValueIsShownAsEmptyText() {
        assertEquals("SET seq=1 key='k' size=0 value=''",
                WatchCommand.line(new KvEvent("k", KvEvent.Kind.SET, Payload.empty(), 1)));
    }

    @Test
    void malformedUtf8IsBinary() {
        Payload p = Payload.copyOf(new byte[] {'a', (byte) 0xc3});
        assertEquals("SET seq=2 key='k' size=2 (binary)", WatchCommand.line(new KvEvent("k", KvEvent.Kind.SET, p, 2)));
    }

    @Test
    void controlCharactersMakeTextBinarySoEachEventStaysOneLine() {
        Payload p = Payload.ofUtf8("two\nlines");
        assertEquals("SET seq=3 key='k' size=9 (binary)", WatchCommand.line(new KvEvent("k", KvEvent.Kind.SET, p, 3)));
    }

    @Test
    void removalsHaveNoSizeOrValue() {
        assertEquals("DELETE seq=4 key='k'", WatchCommand.line(new KvEvent("k", KvEvent.Kind.DELETE, null, 4)));
        assertEquals("EXPIRE seq=5 key='k'", WatchCommand.line(new KvEvent("k", KvEvent.Kind.EXPIRE, null, 5)));
        assertEquals("EVICT seq=6 key='k'", WatchCommand.line(new KvEvent("k", KvEvent.Kind.EVICT, null, 6)));
    }

    @Test
    void keyWithControlCharactersIsEscaped() {
        assertEquals("DELETE seq=8 key='a\\u000ab'", WatchCommand.line(new KvEvent("a\nb", KvEvent.Kind.DELETE, null, 8)));
    }

    @Test
    void longTextIsCutWithAMark() {
        String text = "x".repeat(WatchCommand.MAX_SHOWN + 5);
        String line = WatchCommand.line(new KvEvent("k", KvEvent.Kind.SET, Payload.ofUtf8(text), 9));
        assertEquals("SET seq=9 key='k' size=" + text.getBytes(StandardCharsets.UTF_8).length + " value='"
                + "x".repeat(WatchCommand.MAX_SHOWN) + "'...", line);
    }
}
