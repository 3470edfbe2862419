package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvEventTest {

    @Test
    void setEventsCarryAPayloadAndRemovalsDoNot() {
        KvEvent set = new KvEvent("k", KvEvent.Kind.SET, Payload.ofUtf8("v"), 1);
        assertEquals(Payload.ofUtf8("v"), set.value().orElseThrow());
        assertFalse(set.isRemoval());
        KvEvent delete = new KvEvent("k", KvEvent.Kind.DELETE, null, 2);
        assertTrue(delete.value().isEmpty());
        assertTrue(delete.isRemoval());
    }

    @Test
    void inconsistentEventsAreRefused() {
        assertThrows(NullPointerException.class, () -> new KvEvent("k", KvEvent.Kind.SET, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new KvEvent("k", KvEvent.Kind.EVICT, Payload.empty(), 1));
    }

    @Test
    void observableIsARecordOfRdAndKey() {
        assertEquals(new Observable("memory:s", "k"), new Observable("memory:s", "k"));
        assertThrows(NullPointerException.class, () -> new Observable(null, "k"));
    }
}
