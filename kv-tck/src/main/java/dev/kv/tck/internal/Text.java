package dev.kv.tck.internal;

/** Quoting for the kit's messages. */
public final class Text {
    private Text() {
    }

    /**
     * Quotes text for a message, escaping control characters and lone surrogates, cutting long text.
     *
     * @param s the text, may be null
     * @return the quoted text
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c) && !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (Character.isISOControl(c) || lone) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > n) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.append('\'').toString();
    }
}
