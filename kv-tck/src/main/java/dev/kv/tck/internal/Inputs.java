package dev.kv.tck.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated inputs that aim at the ways implementations go wrong: encodings (supplementary characters, NUL,
 * C0 and C1 controls, noncharacters, a BOM), Unicode normalisation (NFC and NFD forms), case folding, hashing
 * ({@code String.hashCode} collisions), truncation (strings that differ only late, or only past a cut) and
 * lengths on either side of a limit. Every method takes the check's seeded {@link Random}.
 */
public final class Inputs {

    /** Pairs that fold, normalise or hash to the same thing in a naive implementation but are distinct. */
    static final List<String> CONFUSABLE = List.of(
            "Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "C#", "Bb", // String.hashCode collisions
            "a", "A", "\u00df", "SS", "ss", "\u1e9e", "\u01c4", "\u01c5", "\u01c6", "\u0130", "i", "I", "\u0131",
            "k", "K", "\u212a", // case folding, KELVIN SIGN folds to k
            "\u00e9", "e\u0301", "\u00c5", "A\u030a", "\u212b", "\ufb01", "fi", "\u1e9b\u0323", "\u1e69", // NFC/NFD/NFKC
            "\ud83d\ude00", "\ud83d\ude01", "\ud800\udc00", "\udbff\udfff", // supplementary, differing in one unit
            "\ufffd", "\ufffe", "\uffff", "\ufeff", "\ufeffa", "\u200b", "\u00a0", " ", "  ", // noncharacters, BOM
            "\u0000", "\u0000\u0000", "a\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f", // controls
            "\t", "\n", "\r\n", "%00", "%2F", "\\u0000", "null", "NULL");

    private Inputs() {
    }

    /**
     * Whether a string is legal UTF-16 (no unpaired surrogate).
     *
     * @param s the string
     * @return whether it is well formed
     */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param s a well-formed string
     * @return its length in UTF-8 bytes
     */
    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * One random code point from a pool chosen at random: ASCII, C0/C1 controls, Latin-1, combining marks, any
     * BMP character but surrogates, supplementary planes.
     *
     * @param r        the random source
     * @param controls whether control characters may be drawn
     * @return the code point
     */
    static int codePoint(Random r, boolean controls) {
        while (true) {
            int cp;
            switch (r.nextInt(8)) {
                case 0: cp = 0x20 + r.nextInt(0x5f); break;
                case 1: cp = r.nextBoolean() ? r.nextInt(0x20) : 0x7f + r.nextInt(0x21); break;
                case 2: cp = 0xa0 + r.nextInt(0x160); break;
                case 3: cp = 0x300 + r.nextInt(0x70); break;
                case 4: cp = r.nextInt(0x10000); break;
                case 5: cp = 0x10000 + r.nextInt(0x100000); break;
                case 6: cp = 0x1f600 + r.nextInt(0x50); break;
                default: cp = 'a' + r.nextInt(26); break;
            }
            if (Character.isSurrogate((char) cp) && cp < 0x10000) {
                continue;
            }
            if (!controls && Character.isISOControl(cp)) {
                continue;
            }
            return cp;
        }
    }

    /**
     * A random well-formed string of {@code units} UTF-16 code units (or one fewer when a supplementary character
     * would not fit), ending with a chosen character if {@code last} is not negative.
     *
     * @param r        the random source
     * @param units    the length in code units
     * @param controls whether control characters may appear
     * @return the string
     */
    static String random(Random r, int units, boolean controls) {
        StringBuilder sb = new StringBuilder(units);
        while (sb.length() < units) {
            int cp = codePoint(r, controls);
            if (Character.charCount(cp) > units - sb.length()) {
                cp = controls ? 0 : 'z';
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /**
     * A well-formed string of exactly {@code bytes} UTF-8 bytes made of randomly chosen 1- to 4-byte characters.
     *
     * @param r     the random source
     * @param bytes the length in UTF-8 bytes
     * @return the string
     */
    static String ofUtf8Length(Random r, int bytes) {
        StringBuilder sb = new StringBuilder();
        int left = bytes;
        while (left > 0) {
            int width = 1 + r.nextInt(Math.min(4, left));
            int cp;
            switch (width) {
                case 1: cp = r.nextInt(4) == 0 ? r.nextInt(0x20) : 0x21 + r.nextInt(0x5e); break;
                case 2: cp = 0x80 + r.nextInt(0x780); break;
                case 3: cp = 0x800 + r.nextInt(0xd000 - 0x800); break;
                default: cp = 0x10000 + r.nextInt(0x100000); break;
            }
            sb.appendCodePoint(cp);
            left -= width;
        }
        return sb.toString();
    }

    /**
     * Distinct legal keys for a store whose keys may be {@code maxKeyBytes} long: the confusable ones, random
     * ones of every kind, and families that differ only in their last character or only in length, up to the
     * limit.
     *
     * @param r           the random source
     * @param maxKeyBytes the store's limit
     * @param randomCount how many random keys to add
     * @return the keys, all distinct, all legal
     */
    static List<String> keys(Random r, int maxKeyBytes, int randomCount) {
        Set<String> keys = new LinkedHashSet<>(CONFUSABLE);
        for (int i = 0; i < randomCount; i++) {
            keys.add(random(r, 1 + r.nextInt(r.nextInt(4) == 0 ? 64 : 8), true));
        }
        for (int length : new int[] {maxKeyBytes, maxKeyBytes - 1, maxKeyBytes / 2 + r.nextInt(maxKeyBytes / 2)}) {
            String base = ofUtf8Length(r, length - 1);
            keys.add(base + "a");
            keys.add(base + "b");
            keys.add(base + "A");
            keys.add(base + "\u0000");
            keys.add(base.substring(0, base.length() - Character.charCount(base.codePointBefore(base.length()))));
        }
        String late = "k".repeat(maxKeyBytes - 4);
        keys.add(late + "\ud83d\ude00");
        keys.add(late + "\ud83d\ude01");
        keys.add(late + "\u00e9");
        keys.add(late + "e\u0301");
        keys.add(late);
        keys.removeIf(k -> k.isEmpty() || !wellFormed(k) || utf8(k) > maxKeyBytes);
        return new ArrayList<>(keys);
    }

    /**
     * Distinct legal store names (NAME-1): confusable ones, path-like ones, random ones of every script, and
     * names of 127 and 128 code units that differ only in their last unit.
     *
     * @param r     the random source
     * @param count how many random names to add
     * @return the names, all distinct, all legal
     */
    static List<String> names(Random r, int count) {
        Set<String> names = new LinkedHashSet<>();
        for (String c : CONFUSABLE) {
            names.add("n" + c);
        }
        for (String p : List.of("../x", "/abs", "a/b", "a_b", "a\\b", ".", "..", "x", "x.", "./x", "x/", "x//",
                "./", "~", "~x", "$HOME", "a:b", "C:\\x", "CON", "con", "NUL", "aux.txt", "*", "?", "<>", "|",
                "%2e%2e", "a%2Fb", "a+b", "a b", "-x", "x-", "#x", "'x'", "\"x\"")) {
            names.add(p);
        }
        String base = random(r, 126, false);
        for (String last : List.of("a", "b", "A", "\u00e9")) {
            names.add(base + "x" + last);
            names.add(base + last);
        }
        names.add(base + "\ud83d\ude00");
        names.add(base + "\ud83d\ude01");
        names.add("\ud83d\ude00".repeat(64));
        names.add("\u00e9".repeat(128));
        for (int i = 0; i < count; i++) {
            names.add(random(r, 1 + r.nextInt(r.nextInt(4) == 0 ? 128 : 12), false));
        }
        names.removeIf(n -> n.isEmpty() || n.length() > 128 || !wellFormed(n) || n.chars().anyMatch(Character::isISOControl));
        return new ArrayList<>(names);
    }

    /**
     * A string with one unpaired surrogate at a random position; the position is the index it is at.
     *
     * @param r the random source
     * @return the string and the index of its unpaired surrogate
     */
    static Unpaired unpaired(Random r) {
        String before = random(r, r.nextInt(6), false);
        String after = random(r, r.nextInt(6), false);
        char lone;
        switch (r.nextInt(4)) {
            case 0: lone = (char) (0xd800 + r.nextInt(0x400)); break;
            case 1: lone = (char) (0xdc00 + r.nextInt(0x400)); break;
            case 2: lone = '\ud83d'; break;
            default: lone = '\ude00'; break;
        }
        // never let the lone one pair up with a neighbour
        if (Character.isHighSurrogate(lone) && !after.isEmpty() && Character.isLowSurrogate(after.charAt(0))) {
            after = "x" + after;
        }
        if (Character.isLowSurrogate(lone) && !before.isEmpty()
                && Character.isHighSurrogate(before.charAt(before.length() - 1))) {
            before = before + "x";
        }
        return new Unpaired(before + lone + after, before.length());
    }

    /**
     * A string holding an unpaired surrogate.
     *
     * @param text  the string
     * @param index where the unpaired surrogate is
     */
    record Unpaired(String text, int index) {
    }

    /**
     * Payload sizes on either side of the powers of two up to {@code max}, of 1 MiB and of {@code max}, and odd
     * ones.
     *
     * @param r   the random source
     * @param max the largest size to return
     * @return sizes from 0 to {@code max}, distinct
     */
    static List<Integer> sizes(Random r, int max) {
        Set<Integer> sizes = new LinkedHashSet<>(List.of(0, 1, 2, 3, 7));
        for (int p = 8; p <= max && p > 0; p <<= 2) {
            sizes.add(p - 1);
            sizes.add(p);
            sizes.add(p + 1);
        }
        for (int s : new int[] {(1 << 20) - 1, 1 << 20, (1 << 20) + 1, max - 1, max, 3 * (1 << 20) / 2 + 3}) {
            sizes.add(s);
        }
        for (int i = 0; i < 4; i++) {
            sizes.add(1 + 2 * r.nextInt(Math.max(1, max / 2 - 1)));
        }
        sizes.removeIf(s -> s < 0 || s > max);
        return new ArrayList<>(sizes);
    }

    /**
     * Random bytes, never all one value (so a lost or shifted byte shows).
     *
     * @param r    the random source
     * @param size how many
     * @return the bytes
     */
    static byte[] bytes(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }
}
