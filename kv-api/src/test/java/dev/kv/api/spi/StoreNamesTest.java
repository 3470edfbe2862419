package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StoreNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "A", "../x", "/abs", "a/b", ".", "..", "CON", "with space", "\u00e9t\u00e9",
            "\uD83D\uDE00", "x:y*z"})
    void legalNamesPass(String name) {
        assertEquals(name, StoreNames.check(name));
    }

    @Test
    void longestLegalNameIs128CodeUnits() {
        StoreNames.check("n".repeat(128));
        KvException e = assertThrows(KvException.class, () -> StoreNames.check("n".repeat(129)));
        assertTrue(e.getMessage().contains("129 characters long; the maximum is 128"), e.getMessage());
    }

    @Test
    void illegalNamesNameTheRule() {
        assertEquals("store name must not be null", assertThrows(KvException.class,
                () -> StoreNames.check(null)).getMessage());
        assertEquals("store name must not be empty", assertThrows(KvException.class,
                () -> StoreNames.check("")).getMessage());
        KvException control = assertThrows(KvException.class, () -> StoreNames.check("a\u0000b"));
        assertEquals(KvException.Reason.INVALID_ARGUMENT, control.reason());
        assertTrue(control.getMessage().contains("control character U+0000 at index 1"), control.getMessage());
        KvException surrogate = assertThrows(KvException.class, () -> StoreNames.check("a\uD800"));
        assertTrue(surrogate.getMessage().contains("unpaired surrogate at index 1"), surrogate.getMessage());
    }
}
