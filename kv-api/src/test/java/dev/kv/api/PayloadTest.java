package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.spi.Payloads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void copyOfDoesNotAliasTheCallersArray() {
        byte[] source = {1, 2, 3};
        Payload p = Payload.copyOf(source);
        source[0] = 99;
        assertEquals(1, p.byteAt(0));
    }

    @Test
    void toByteArrayReturnsAFreshCopyEachTime() {
        Payload p = Payload.copyOf(new byte[] {1, 2, 3});
        byte[] out = p.toByteArray();
        out[0] = 99;
        assertEquals(1, p.byteAt(0));
        assertArrayEquals(new byte[] {1, 2, 3}, p.toByteArray());
    }

    @Test
    void rangeCopyTakesOnlyTheRange() {
        Payload p = Payload.copyOf(new byte[] {0, 1, 2, 3, 4}, 1, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, p.toByteArray());
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.copyOf(new byte[2], 1, 2));
    }

    @Test
    void equalityAndHashCodeAreByContent() {
        Payload a = Payload.copyOf(new byte[] {1, 2, 3});
        Payload b = Payload.copyOf(new byte[] {1, 2, 3});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Payload.copyOf(new byte[] {1, 2}));
        assertNotEquals(a, Payload.empty());
    }

    @Test
    void emptyPayloadIsAValueWithSizeZero() {
        assertTrue(Payload.empty().isEmpty());
        assertEquals(0, Payload.copyOf(new byte[0]).size());
        assertSame(Payload.empty(), Payload.ofUtf8(""));
        assertEquals(Payload.empty(), Payload.copyOf(ByteBuffer.allocate(0)));
    }

    @Test
    void byteBufferViewIsReadOnlyAndCopiesNothing() {
        Payload p = Payload.copyOf(new byte[] {5, 6, 7});
        ByteBuffer view = p.asByteBuffer();
        assertTrue(view.isReadOnly());
        assertEquals(3, view.remaining());
        assertEquals(6, view.get(1));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
    }

    @Test
    void copyOfByteBufferLeavesItsPositionAlone() {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        source.position(1);
        Payload p = Payload.copyOf(source);
        assertEquals(1, source.position());
        assertArrayEquals(new byte[] {2, 3, 4}, p.toByteArray());
    }

    @Test
    void utf8RoundTripsIncludingSurrogatePairs() {
        String text = "h\u00e9llo \uD83D\uDE00";
        Payload p = Payload.ofUtf8(text);
        assertEquals(text, p.toUtf8());
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, p.size());
    }

    @Test
    void streamsRoundTrip() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Payload p = Payload.readFrom(new ByteArrayInputStream(all));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.writeTo(out);
        assertArrayEquals(all, out.toByteArray());
        assertArrayEquals(all, p.asInputStream().readAllBytes());
    }

    @Test
    void adoptWrapsWithoutCopyingForProviders() {
        byte[] fresh = {1, 2, 3};
        Payload p = Payloads.adopt(fresh);
        fresh[0] = 42; // a provider must not do this; the test shows why: no copy was made
        assertEquals(42, p.byteAt(0));
        assertSame(Payload.empty(), Payloads.adopt(new byte[0]));
    }

    @Test
    void toStringShowsSizeAndLeadingBytes() {
        assertEquals("Payload[size=2, 0aff]", Payload.copyOf(new byte[] {10, -1}).toString());
        assertTrue(Payload.copyOf(new byte[100]).toString().endsWith("...]"));
    }

    @Test
    void nullArgumentsAreRefusedWithTheirName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Payload.copyOf((byte[]) null));
        assertEquals("bytes must not be null", e.getMessage());
    }
}
