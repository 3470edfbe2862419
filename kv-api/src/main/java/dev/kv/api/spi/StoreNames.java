package dev.kv.api.spi;

import dev.kv.api.KvException;

/**
 * The rules for store names (SPEC.md NAME-1): 1 to {@value #MAX_LENGTH} UTF-16 code units, no ISO control
 * characters, no unpaired surrogates. Names are case-sensitive; anything else (slashes, dots, spaces, any
 * script) is legal, and a provider that maps names to files must encode them, not refuse them.
 *
 * @since 0.1
 */
public final class StoreNames {

    /** The longest legal name, in UTF-16 code units. */
    public static final int MAX_LENGTH = 128;

    private StoreNames() {
    }

    /**
     * Checks a name.
     *
     * @param name the name
     * @return the name, unchanged
     * @throws KvException with reason {@code INVALID_ARGUMENT} naming the rule broken
     */
    public static String check(String name) {
        if (name == null) {
            throw invalid("store name must not be null");
        }
        if (name.isEmpty()) {
            throw invalid("store name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("store name " + Diagnostics.quote(name) + " is " + name.length()
                    + " characters long; the maximum is " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid("store name " + Diagnostics.quote(name) + " contains the control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("store name " + Diagnostics.quote(name) + " contains an unpaired surrogate at index " + i);
            }
        }
        return name;
    }

    private static KvException invalid(String message) {
        return KvException.of(KvException.Reason.INVALID_ARGUMENT, message);
    }
}
