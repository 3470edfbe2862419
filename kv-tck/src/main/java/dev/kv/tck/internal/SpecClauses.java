package dev.kv.tck.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The clauses of SPEC.md, in the spec's order, with their text: parsed from {@code - **ID** text} items. */
public final class SpecClauses {

    private static final Pattern ITEM = Pattern.compile("^- \\*\\*([A-Z]+-\\d+)\\*\\*\\s*(.*)$");

    private SpecClauses() {
    }

    /**
     * Parses SPEC.md.
     *
     * @param markdown the text
     * @return clause ID to its text (continuation lines joined), in order
     */
    public static Map<String, String> parse(String markdown) {
        Map<String, String> clauses = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : markdown.split("\\R")) {
            Matcher m = ITEM.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    clauses.put(current, text.toString().trim());
                }
                if (clauses.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("SPEC.md defines clause " + m.group(1) + " twice");
                }
                current = m.group(1);
                text.setLength(0);
                text.append(m.group(2));
            } else if (current != null && line.startsWith("  ") && !line.isBlank()) {
                text.append(' ').append(line.trim());
            } else if (current != null) {
                clauses.put(current, text.toString().trim());
                current = null;
            }
        }
        if (current != null) {
            clauses.put(current, text.toString().trim());
        }
        return Collections.unmodifiableMap(clauses);
    }

    /**
     * The clauses of the SPEC.md bundled in the kit's jar.
     *
     * @return clause ID to text, in order
     */
    public static Map<String, String> bundled() {
        try (InputStream in = SpecClauses.class.getResourceAsStream("/dev/kv/tck/SPEC.md")) {
            if (in == null) {
                throw new IllegalStateException("the kit's jar lacks dev/kv/tck/SPEC.md");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A short title for a clause: its first sentence, cut to {@code max} characters, markdown removed.
     *
     * @param text the clause's text
     * @param max  the longest title
     * @return the title
     */
    public static String title(String text, int max) {
        String t = text.replace("**", "").replace("`", "");
        int dot = t.indexOf(". ");
        if (dot > 0) {
            t = t.substring(0, dot + 1);
        }
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }
}
