package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class KvExceptionTest {

    @Test
    void carriesTheSeedsErrorVariantWithTheMessageAsDescription() {
        KvException e = KvException.of(KvException.Reason.STORAGE, "disk full while writing 'k'");
        KvError error = e.error();
        assertInstanceOf(KvError.ErrorWithDescription.class, error);
        assertEquals("disk full while writing 'k'", error.description());
        assertEquals(error.description(), e.getMessage());
        assertEquals(KvException.Reason.STORAGE, e.reason());
    }

    @Test
    void switchOverTheSealedVariantIsExhaustive() {
        KvError error = new KvError.ErrorWithDescription("x");
        // Compiles without a default branch only because KvError is sealed with one case.
        String description;
        if (error instanceof KvError.ErrorWithDescription) {
            description = ((KvError.ErrorWithDescription) error).description();
        } else {
            throw new AssertionError("unreachable: KvError is sealed");
        }
        assertEquals("x", description);
        assertEquals(1, KvError.class.getPermittedSubclasses().length);
    }

    @Test
    void notFoundNamesKeyAndStoreAndHasNoStackTrace() {
        KvException e = KvException.notFound("orders", "42");
        assertEquals(KvException.Reason.NOT_FOUND, e.reason());
        assertEquals("no such key '42' in store 'orders'", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
        assertSame(e.error(), e.error());
    }

    @Test
    void otherReasonsKeepTheirStackTraceAndCause() {
        IOException cause = new IOException("boom");
        KvException e = KvException.of(KvException.Reason.STORAGE, "write failed", cause);
        assertTrue(e.getStackTrace().length > 0);
        assertSame(cause, e.getCause());
    }

    @Test
    void controlCharactersInKeysAreEscapedInMessages() {
        assertEquals("no such key 'a\\u000ab' in store 's'", KvException.notFound("s", "a\nb").getMessage());
    }

    @Test
    void blankDescriptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KvError.ErrorWithDescription(" "));
        assertThrows(NullPointerException.class, () -> new KvError.ErrorWithDescription(null));
    }
}
