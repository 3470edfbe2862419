package dev.kv.api;

import dev.kv.api.internal.PayloadAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The seed's {@code payload}, a {@code list<u8>}: an immutable sequence of bytes.
 *
 * <p>Promises:
 * <ul>
 *   <li>A payload never aliases an array a caller can still modify: the factories copy, and
 *       {@link #toByteArray()} returns a fresh copy.</li>
 *   <li>Equality and hash code are by content; the empty payload is a value like any other and is distinct
 *       from a missing key.</li>
 *   <li>{@link #asByteBuffer()} and {@link #asInputStream()} are read-only views that copy nothing.</li>
 *   <li>Instances are thread-safe.</li>
 * </ul>
 *
 * <pre>{@code
 * store.set("greeting", Payload.ofUtf8("hello"));
 * String s = store.get("greeting").toUtf8();
 * }</pre>
 *
 * <p>Providers that build a fresh array themselves hand it over without a second copy through
 * {@link dev.kv.api.spi.Payloads#adopt(byte[])}.
 *
 * @since 0.1
 */
public final class Payload {

    private static final Payload EMPTY = new Payload(new byte[0]);
    private static final int MAX_BYTES_IN_TO_STRING = 32;

    static {
        PayloadAccess.install(Payload::new, p -> p.bytes);
    }

    private final byte[] bytes;
    private int hash; // racy single-check: 0 means "not computed", recomputing is harmless

    private Payload(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The empty payload.
     *
     * @return a payload of size 0
     */
    public static Payload empty() {
        return EMPTY;
    }

    /**
     * A payload holding a copy of {@code bytes}; later changes to the array do not affect it.
     *
     * @param bytes the bytes to copy
     * @return the payload
     * @throws NullPointerException if {@code bytes} is null
     */
    public static Payload copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes must not be null");
        return bytes.length == 0 ? EMPTY : new Payload(bytes.clone());
    }

    /**
     * A payload holding a copy of {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param bytes  the source array
     * @param offset where to start
     * @param length how many bytes
     * @return the payload
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public static Payload copyOf(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes must not be null");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Payload(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * A payload holding a copy of the remaining bytes of {@code buffer}; the buffer's position is unchanged.
     *
     * @param buffer the source
     * @return the payload
     */
    public static Payload copyOf(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer must not be null");
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy.length == 0 ? EMPTY : new Payload(copy);
    }

    /**
     * A payload holding the UTF-8 encoding of {@code text}.
     *
     * @param text the text; unpaired surrogates are encoded as {@code '?'}, as {@link String#getBytes} does
     * @return the payload
     */
    public static Payload ofUtf8(String text) {
        Objects.requireNonNull(text, "text must not be null");
        return text.isEmpty() ? EMPTY : new Payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a stream to its end into a payload.
     *
     * @param in the stream; not closed
     * @return the payload
     * @throws IOException if reading fails
     */
    public static Payload readFrom(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        byte[] all = in.readAllBytes();
        return all.length == 0 ? EMPTY : new Payload(all);
    }

    /**
     * The number of bytes.
     *
     * @return the size, 0 or more
     */
    public int size() {
        return bytes.length;
    }

    /**
     * Whether this is the empty payload.
     *
     * @return {@code true} if {@link #size()} is 0
     */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * One byte.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the byte at {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public byte byteAt(int index) {
        return bytes[Objects.checkIndex(index, bytes.length)];
    }

    /**
     * A fresh copy of the bytes, which the caller may modify freely.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Copies the bytes into {@code target} at {@code offset}.
     *
     * @param target the destination
     * @param offset where the first byte goes
     * @throws IndexOutOfBoundsException if the target is too small
     */
    public void copyTo(byte[] target, int offset) {
        Objects.requireNonNull(target, "target must not be null");
        Objects.checkFromIndexSize(offset, bytes.length, target.length);
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /**
     * A read-only view of the bytes; no copy is made.
     *
     * @return a read-only buffer positioned at 0 with limit {@link #size()}
     */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * A stream over the bytes; no copy is made.
     *
     * @return a new stream
     */
    public InputStream asInputStream() {
        return new ByteArrayInputStream(bytes);
    }

    /**
     * Writes the bytes to {@code out}.
     *
     * @param out the destination; not closed or flushed
     * @throws IOException if writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /**
     * Decodes the bytes as UTF-8; malformed input is replaced with U+FFFD.
     *
     * @return the text
     */
    public String toUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code o} is a payload with the same bytes.
     *
     * @param o the other object
     * @return {@code true} for equal content
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Payload && Arrays.equals(bytes, ((Payload) o).bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && bytes.length > 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /**
     * A short description: the size and the first bytes in hex.
     *
     * @return for example {@code Payload[size=5, 68656c6c6f]}
     */
    @Override
    public String toString() {
        int shown = Math.min(bytes.length, MAX_BYTES_IN_TO_STRING);
        String hex = HexFormat.of().formatHex(bytes, 0, shown);
        return "Payload[size=" + bytes.length + ", " + hex + (shown < bytes.length ? "..." : "") + "]";
    }
}
