package dev.kv.api.spi;

/**
 * UTF-8 lengths without encoding: the measure SPEC.md's KEY-5 limit is stated in, for providers that also
 * count keys towards a capacity and must count them the way the limit does.
 *
 * @since 0.2
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of bytes UTF-8 encodes a string into: 1 per code point below U+0080, 2 below U+0800, 4 above
     * U+FFFF (a surrogate pair), 3 for every other code point. An unpaired surrogate, which no legal key holds,
     * counts as the 3 bytes of U+FFFD, the character encoders replace it with.
     *
     * @param s the string
     * @return its UTF-8 length in bytes
     */
    public static int encodedLength(String s) {
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
