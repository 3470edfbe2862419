package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A further open's differences name each property that differs, in order, and never show a secret. */
class ConfigDifferencesTest {

    private static final ConfigProperty<Long> MAXIMUM =
            ConfigProperty.ofBytes("kv.test.maximumBytes", 1024, 1, 1L << 40, "Most bytes held");
    private static final ConfigProperty<Duration> EXPIRY =
            ConfigProperty.ofDuration("kv.test.expireAfterWrite", null, "Expiry");
    private static final ConfigProperty<String> PASSWORD = ConfigProperty.ofString("kv.test.password", null, "P");

    @Test
    void equalValuesMakeNoDifference() {
        ConfigDifferences d = new ConfigDifferences().compare(MAXIMUM, 1024L, 1024L).compare(EXPIRY, null, null)
                .compareSecret(PASSWORD, "same", "same");
        assertTrue(d.isEmpty());
        assertEquals(List.of(), d.differences());
        assertThrows(IllegalStateException.class, () -> d.refusal("test store 'a'"));
    }

    @Test
    void eachDifferenceNamesItsPropertyAndBothValuesInTheOrderCompared() {
        ConfigDifferences d = new ConfigDifferences().compare(MAXIMUM, 1024L, 2048L)
                .compare(EXPIRY, null, Duration.ofSeconds(1)).compare(MAXIMUM, 5L, 5L);
        assertFalse(d.isEmpty());
        assertEquals(List.of("kv.test.maximumBytes is 1024 in the open store, 2048 in this open",
                "kv.test.expireAfterWrite is unset in the open store, PT1S in this open"), d.differences());
        assertThrows(UnsupportedOperationException.class, () -> d.differences().add("x"));
    }

    @Test
    void theRefusalIsAConfigurationErrorNamingTheStoreAndEveryDifferenceButNoSecret() {
        KvException e = new ConfigDifferences().compareSecret(PASSWORD, "hunter2", "swordfish")
                .compare(MAXIMUM, 1024L, 2048L).refusal("test store 'a'");
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        String m = e.getMessage();
        assertTrue(m.startsWith("test store 'a' is already open in this process with another configuration: "), m);
        assertTrue(m.contains("kv.test.password differs") && m.contains("kv.test.maximumBytes is 1024"), m);
        assertFalse(m.contains("hunter2") || m.contains("swordfish"), m);
        assertTrue(m.contains("close its handles first"), m);
    }

    @Test
    void aSecretSetOnOneSideOnlyIsADifference() {
        assertFalse(new ConfigDifferences().compareSecret(PASSWORD, null, "x").isEmpty());
        assertFalse(new ConfigDifferences().compareSecret(PASSWORD, "x", null).isEmpty());
    }
}
