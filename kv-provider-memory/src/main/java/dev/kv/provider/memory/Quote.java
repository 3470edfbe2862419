package dev.kv.provider.memory;

/**
 * Quotes keys and names for error messages the way kv-api does, so that control characters, lone surrogates
 * and very long keys stay readable. (kv-api's own helper is in a package it does not export.)
 */
final class Quote {
    private static final int MAX_SHOWN = 80;

    private Quote() {
    }

    static String of(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 2).append('\'');
        for (int i = 0; i < s.length() && i < MAX_SHOWN; i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (c < 0x20 || c == 0x7f || lone) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > MAX_SHOWN) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.append('\'').toString();
    }
}
