package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit as the runner applies it to a provider found by ServiceLoader, without the author's hooks: each test
 * gets the provider's documented path properties pointed at its own directory, and expiry and size bounds are
 * configured through documented properties whose names say so ({@code ...expire...}/{@code ...ttl...} durations,
 * {@code ...max...bytes...} sizes). Without such a property those checks are skipped, saying why.
 */
final class DiscoveredProviderTck extends KvProviderTck {

    private final KvProvider provider;

    DiscoveredProviderTck(KvProvider provider) {
        this.provider = provider;
    }

    @Override
    protected KvProvider provider() {
        return provider;
    }

    @Override
    protected KvConfig configuration(Path directory) {
        KvConfig config = KvConfig.empty();
        for (ConfigProperty<?> p : provider.configProperties()) {
            String n = p.name().toLowerCase(Locale.ROOT);
            if (p.defaultValue() instanceof Path || n.endsWith("dir") || n.endsWith("directory")) {
                config = config.with(p.name(), directory.toString());
            }
        }
        return config;
    }

    @Override
    protected KvConfig expiringConfiguration(Path directory, Duration ttl) {
        ConfigProperty<?> p = find("expire", "ttl", Duration.class).orElse(null);
        Assumptions.assumeTrue(p != null, "the runner found no documented duration property of provider '"
                + provider.id() + "' named like expire or ttl; run KvProviderTck from the provider's tests with"
                + " expiringConfiguration overridden");
        return configuration(directory).with(p.name(), ttl.toMillis() + "ms");
    }

    @Override
    protected KvConfig boundedConfiguration(Path directory, long maximumBytes) {
        ConfigProperty<?> p = find("max", "bytes", Long.class).orElse(null);
        Assumptions.assumeTrue(p != null, "the runner found no documented size property of provider '"
                + provider.id() + "' named like max...bytes; run KvProviderTck from the provider's tests with"
                + " boundedConfiguration overridden");
        return configuration(directory).with(p.name(), Long.toString(maximumBytes));
    }

    private Optional<ConfigProperty<?>> find(String a, String b, Class<?> type) {
        for (ConfigProperty<?> p : provider.configProperties()) {
            String n = p.name().toLowerCase(Locale.ROOT);
            boolean named = type == Duration.class ? n.contains(a) || n.contains(b) : n.contains(a) && n.contains(b);
            if (named && type.isInstance(p.defaultValue())) {
                return Optional.of(p);
            }
            if (named && type == Duration.class && p.defaultValue() == null && p.defaultText().equals("off")) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
