package dev.kv.provider.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.ConfigProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {

    private final MemoryKvProvider provider = FakeTicker.deterministicProvider();

    private KvException openFails(String store, KvConfig config) {
        return assertThrows(KvException.class, () -> provider.open(store, config));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "kv.memory.maximumBytes|lots",
            "kv.memory.maximumBytes|0",
            "kv.memory.maximumBytes|-1MiB",
            "kv.memory.maximumPayloadBytes|512KiB",
            "kv.memory.maximumPayloadBytes|2GiB",
            "kv.memory.expireAfterWrite|soon",
            "kv.memory.expireAfterWrite|-5s",
            "kv.memory.expireAfterAccess|10 parsecs",
            "kv.memory.recordStats|yes",
            "kv.watch.bufferSize|0",
    })
    void aValueThatCannotBeUsedFailsOpenNamingStorePropertyAndValue(String property, String value) {
        KvException e = openFails("conf", KvConfig.builder().set(property, value).build());
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains(property) && e.getMessage().contains("'" + value + "'")
                && e.getMessage().contains("'conf'"), e.getMessage());
        // Nothing was left open under the name: a good configuration opens an empty store.
        try (KvStore store = provider.open("conf", KvConfig.empty())) {
            assertTrue(store.find("k").isEmpty());
        }
    }

    @Test
    void anUnknownPropertyUnderThePrefixFailsOpenNamingIt() {
        KvException e = openFails("typo", KvConfig.builder().set("kv.memory.maximumByte", "1MiB").build());
        assertEquals(KvException.Reason.CONFIGURATION, e.reason());
        assertTrue(java.util.regex.Pattern.compile("kv\\.memory\\.maximumByte(?!s)").matcher(e.getMessage()).find()
                && e.getMessage().contains("'typo'"), e.getMessage());
        // Other providers' properties are not this provider's business.
        provider.open("typo", KvConfig.builder().set("kv.chronicle.directory", "/tmp").build()).close();
    }

    @Test
    void anUnknownSystemPropertyUnderThePrefixFailsOpenToo() {
        System.setProperty("kv.memory.expireAfterWrites", "1s");
        try {
            KvException e = openFails("sysprop-typo", KvConfig.empty());
            assertEquals(KvException.Reason.CONFIGURATION, e.reason());
            assertTrue(e.getMessage().contains("kv.memory.expireAfterWrites"), e.getMessage());
        } finally {
            System.clearProperty("kv.memory.expireAfterWrites");
        }
    }

    @Test
    void systemPropertiesApplyAndConfigurationInCodeWinsOverThem() {
        System.setProperty("kv.memory.maximumPayloadBytes", "2MiB");
        try {
            try (KvStore store = provider.open("sysprop", KvConfig.empty())) {
                assertEquals(2 << 20, store.limits().maxPayloadBytes());
            }
            try (KvStore store = provider.open("sysprop", KvConfig.builder()
                    .set("kv.memory.maximumPayloadBytes", "3MiB").build())) {
                assertEquals(3 << 20, store.limits().maxPayloadBytes());
            }
        } finally {
            System.clearProperty("kv.memory.maximumPayloadBytes");
        }
    }

    @Test
    void reopeningAnOpenStoreWithAnotherConfigurationFailsNamingTheDifference() {
        try (KvStore first = provider.open("shared", KvConfig.empty())) {
            first.set("k", Payload.ofUtf8("v"));
            KvException e = openFails("shared", KvConfig.builder().set("kv.memory.maximumBytes", "1MiB").build());
            assertEquals(KvException.Reason.CONFIGURATION, e.reason());
            assertTrue(e.getMessage().contains("'shared'") && e.getMessage().contains("kv.memory.maximumBytes")
                    && e.getMessage().contains("268435456") && e.getMessage().contains("1048576"), e.getMessage());
            assertEquals(Payload.ofUtf8("v"), first.get("k"), "the open store is unaffected");
            // A spelling of the same values is the same configuration.
            try (KvStore same = provider.open("shared", KvConfig.builder()
                    .set("kv.memory.maximumBytes", "256MiB").set("kv.memory.expireAfterWrite", "0").build())) {
                assertEquals(Payload.ofUtf8("v"), same.get("k"));
            }
        }
        try (KvStore reopened = provider.open("shared", KvConfig.builder().set("kv.memory.maximumBytes", "1MiB").build())) {
            assertTrue(reopened.find("k").isEmpty());
        }
    }

    @Test
    void nullArgumentsAreRefusedWithTheSpecsError() {
        assertEquals(KvException.Reason.INVALID_ARGUMENT, openFails(null, KvConfig.empty()).reason());
        assertEquals(KvException.Reason.INVALID_ARGUMENT, openFails("", KvConfig.empty()).reason());
        KvException e = openFails("no-config", null);
        assertEquals(KvException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'no-config'"), e.getMessage());
    }

    @Test
    void theDocumentedPropertiesAreTheOnesReadWithTheirDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ConfigProperty<?> p : provider.configProperties()) {
            defaults.put(p.name(), p.defaultText());
        }
        assertEquals(Map.of(
                "kv.memory.maximumBytes", "256MiB",
                "kv.memory.maximumPayloadBytes", "16MiB",
                "kv.memory.expireAfterWrite", "off",
                "kv.memory.expireAfterAccess", "off",
                "kv.memory.recordStats", "true",
                "kv.watch.bufferSize", "4096"), defaults);
        MemorySettings settings = MemorySettings.from("defaults", KvConfig.empty());
        assertEquals(new MemorySettings(256L << 20, 16 << 20, null, null, true, 4096), settings);
    }

    @Test
    void theReadmeDocumentsEveryPropertyAndItsDefault() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
        String text = Files.readString(readme);
        List<String> missing = provider.configProperties().stream()
                .filter(p -> !text.contains("`" + p.name() + "`") || !text.contains("`" + p.defaultText() + "`"))
                .map(ConfigProperty::name)
                .collect(Collectors.toList());
        assertEquals(List.of(), missing, "properties or defaults missing from " + readme);
    }
}
