package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigPropertyTest {

    private static final ConfigProperty<Long> SIZE =
            ConfigProperty.ofBytes("kv.test.maximumBytes", 64L << 20, 1024, 1L << 40, "Most bytes held");
    private static final ConfigProperty<Duration> TTL =
            ConfigProperty.ofDuration("kv.test.expireAfterWrite", null, "Expiry");
    private static final ConfigProperty<Boolean> FLAG = ConfigProperty.ofBoolean("kv.test.flag", true, "A flag");
    private static final ConfigProperty<Long> COUNT = ConfigProperty.ofLong("kv.test.count", 10, 1, 100, "Count");

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("kv.test.maximumBytes");
        System.clearProperty("kv.test.typo");
    }

    @Test
    void numericPropertiesExposeTheirRangeAndKeepItWhenRenamedOrGivenAVariable() {
        assertEquals(1024L, SIZE.minimum().getAsLong());
        assertEquals(1L << 40, SIZE.maximum().getAsLong());
        assertEquals(1L, COUNT.minimum().getAsLong());
        assertEquals(100L, COUNT.maximum().getAsLong());
        ConfigProperty<Long> renamed = COUNT.renamed("kv.other.count").withEnvironmentVariable("KV_OTHER_COUNT");
        assertEquals(1L, renamed.minimum().getAsLong());
        assertEquals(100L, renamed.maximum().getAsLong());
        assertTrue(TTL.minimum().isEmpty() && TTL.maximum().isEmpty(), "a duration has no numeric range");
        assertTrue(FLAG.minimum().isEmpty() && FLAG.maximum().isEmpty(), "a boolean has no numeric range");
    }

    @Test
    void defaultsApplyWhenSetNowhere() {
        assertEquals(64L << 20, SIZE.from(KvConfig.empty()));
        assertNull(TTL.from(KvConfig.empty()));
        assertEquals("64MiB", SIZE.defaultText());
        assertEquals("off", TTL.defaultText());
        // What `kv providers` and the README show for a property with no default.
        assertEquals("unset", ConfigProperty.ofString("kv.test.user", null, "U").defaultText());
        assertEquals("unset", ConfigProperty.ofPath("kv.test.dir", null, "D").defaultText());
        assertEquals("kv.test.user (default unset): U", ConfigProperty.ofString("kv.test.user", null, "U").toString());
    }

    @Test
    void durationDefaultsAreShownAsUsersWriteThem() {
        assertEquals("10ms", ConfigProperty.ofDuration("kv.test.a", Duration.ofMillis(10), "A").defaultText());
        assertEquals("90s", ConfigProperty.ofDuration("kv.test.b", Duration.ofSeconds(90), "B").defaultText());
        assertEquals("1m", ConfigProperty.ofDuration("kv.test.c", Duration.ofSeconds(60), "C").defaultText());
        assertEquals("2d", ConfigProperty.ofDuration("kv.test.d", Duration.ofDays(2), "D").defaultText());
        assertEquals("0", ConfigProperty.ofDuration("kv.test.e", Duration.ZERO, "E").defaultText());
        assertEquals("PT0.0000015S", ConfigProperty.ofDuration("kv.test.f", Duration.ofNanos(1500), "F").defaultText());
    }

    @Test
    void sizesAcceptBinaryUnits() {
        assertEquals(1L << 20, SIZE.from(KvConfig.empty().with(SIZE.name(), "1MiB")));
        assertEquals(2048L, SIZE.from(KvConfig.empty().with(SIZE.name(), "2KiB")));
        assertEquals(3L << 30, SIZE.from(KvConfig.empty().with(SIZE.name(), "3 GB")));
        assertEquals(4096L, SIZE.from(KvConfig.empty().with(SIZE.name(), "4096")));
    }

    @Test
    void durationsAcceptShortFormsAndIso() {
        assertEquals(Duration.ofMillis(500), TTL.from(KvConfig.empty().with(TTL.name(), "500ms")));
        assertEquals(Duration.ofMinutes(5), TTL.from(KvConfig.empty().with(TTL.name(), "5m")));
        assertEquals(Duration.ofSeconds(10), TTL.from(KvConfig.empty().with(TTL.name(), "PT10S")));
        assertEquals(Duration.ZERO, TTL.from(KvConfig.empty().with(TTL.name(), "0")));
    }

    @Test
    void codeWinsOverSystemPropertyWhichWinsOverDefault() {
        System.setProperty("kv.test.maximumBytes", "2MiB");
        assertEquals(2L << 20, SIZE.from(KvConfig.empty()));
        assertEquals(4L << 20, SIZE.from(KvConfig.empty().with(SIZE.name(), "4MiB")));
    }

    @Test
    void badValueNamesPropertyValueSourceAndWhatIsExpected() {
        System.setProperty("kv.test.maximumBytes", "lots");
        KvException e = assertThrows(KvException.class, () -> SIZE.from(KvConfig.empty()));
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertEquals("invalid value 'lots' for property kv.test.maximumBytes (from system property): expected a"
                + " size such as 65536, 64KiB or 256MiB, from 1KiB to 1TiB", e.getMessage());
    }

    @Test
    void outOfRangeAndMalformedValuesAreRefused() {
        assertThrows(KvException.class, () -> SIZE.from(KvConfig.empty().with(SIZE.name(), "1")));
        assertThrows(KvException.class, () -> COUNT.from(KvConfig.empty().with(COUNT.name(), "101")));
        assertThrows(KvException.class, () -> FLAG.from(KvConfig.empty().with(FLAG.name(), "yes")));
        assertThrows(KvException.class, () -> TTL.from(KvConfig.empty().with(TTL.name(), "-PT1S")));
        KvException e = assertThrows(KvException.class,
                () -> COUNT.from(KvConfig.empty().with(COUNT.name(), "12x")));
        assertTrue(e.getMessage().contains("'12x'") && e.getMessage().contains("kv.test.count"), e.getMessage());
    }

    @Test
    void bothEndsOfARangeAreAcceptedAndOneBeyondEitherIsRefused() {
        assertEquals(1L, COUNT.from(KvConfig.empty().with(COUNT.name(), "1")));
        assertEquals(100L, COUNT.from(KvConfig.empty().with(COUNT.name(), "100")));
        assertThrows(KvException.class, () -> COUNT.from(KvConfig.empty().with(COUNT.name(), "0")));
        assertThrows(KvException.class, () -> COUNT.from(KvConfig.empty().with(COUNT.name(), "101")));
        assertEquals(1024L, SIZE.from(KvConfig.empty().with(SIZE.name(), "1KiB")));
        assertEquals(1L << 40, SIZE.from(KvConfig.empty().with(SIZE.name(), "1TiB")));
        assertThrows(KvException.class, () -> SIZE.from(KvConfig.empty().with(SIZE.name(), "1023")));
        assertThrows(KvException.class, () -> SIZE.from(KvConfig.empty().with(SIZE.name(), "1099511627777")));
    }

    @Test
    void aSizeThatOverflowsALongIsRefusedNotWrapped() {
        // 2^23 TiB is 2^63 bytes, one more than Long.MAX_VALUE: shifted without the check it wraps negative.
        ConfigProperty<Long> huge = ConfigProperty.ofBytes("kv.test.huge", 1, 0, Long.MAX_VALUE, "Huge");
        assertEquals((1L << 22) << 40, huge.from(KvConfig.empty().with("kv.test.huge", "4194304TiB")));
        KvException e = assertThrows(KvException.class,
                () -> huge.from(KvConfig.empty().with("kv.test.huge", "8388608TiB")));
        assertTrue(e.getMessage().contains("'8388608TiB'"), e.getMessage());
        assertThrows(KvException.class, () -> huge.from(KvConfig.empty().with("kv.test.huge", "9007199254740992KiB")));
    }

    @Test
    void pathsAreRead() {
        ConfigProperty<Path> dir = ConfigProperty.ofPath("kv.test.dir", Path.of("/tmp"), "Dir");
        assertEquals(Path.of("/data"), dir.from(KvConfig.empty().with("kv.test.dir", "/data")));
    }

    @Test
    void unknownPropertiesUnderThePrefixAreRefusedFromCodeAndSystemProperties() {
        List<ConfigProperty<?>> known = List.of(SIZE, TTL, FLAG, COUNT);
        ConfigProperty.rejectUnknown("kv.test.", KvConfig.empty().with(SIZE.name(), "1MiB"), known);
        KvException fromCode = assertThrows(KvException.class, () -> ConfigProperty.rejectUnknown("kv.test.",
                KvConfig.empty().with("kv.test.maximumByte", "1MiB"), known));
        assertEquals(KvException.Reason.CONFIGURATION, fromCode.reason());
        assertTrue(fromCode.getMessage().startsWith("unknown property kv.test.maximumByte;"), fromCode.getMessage());
        System.setProperty("kv.test.typo", "1");
        assertThrows(KvException.class, () -> ConfigProperty.rejectUnknown("kv.test.", KvConfig.empty(), known));
    }
}
