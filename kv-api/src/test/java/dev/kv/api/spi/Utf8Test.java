package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void eachWidthsFirstAndLastCodePointCountsAsTheEncoderDoes() {
        for (int cp : new int[] {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF}) {
            String s = new String(Character.toChars(cp)) + "a";
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.encodedLength(s), () -> "U+"
                    + Integer.toHexString(cp));
        }
    }

    @Test
    void randomTextOfEveryPlaneCountsAsTheEncoderDoes() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                int cp;
                do {
                    cp = random.nextInt(Character.MAX_CODE_POINT + 1);
                } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                b.appendCodePoint(cp);
            }
            String s = b.toString();
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.encodedLength(s), () -> "seed " + seed
                    + ": " + s.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void anUnpairedSurrogateCountsAsTheReplacementCharacter() {
        assertEquals(3, Utf8.encodedLength("\uD800"));
        assertEquals(3, Utf8.encodedLength("\uDC00"));
        assertEquals(1 + 3 + 3, Utf8.encodedLength("a\uDC00\uD800"));
        assertEquals(3 + 1, Utf8.encodedLength("\uD800a"));
    }
}
