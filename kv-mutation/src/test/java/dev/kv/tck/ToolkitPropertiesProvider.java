package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.StoreInfo;
import dev.kv.api.spi.WatchHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The kit's reference provider with the kinds of property that chronicle and redis read and memory does not
 * (text with an environment variable, a path, a duration with a default, a size up to {@code Long.MAX_VALUE}),
 * and with its handles given out directly, so that their asynchronous views run on kv's shared lanes. It lets
 * the mutation run reach the toolkit code that only those providers use, with the kit as the judge.
 */
final class ToolkitPropertiesProvider extends ReferenceKvProvider {

    static final ConfigProperty<String> LABEL = ConfigProperty.ofString("kv.toolkit.label", "kv",
            "A label the provider reads and does nothing with").withEnvironmentVariable("KV_TOOLKIT_LABEL");
    static final ConfigProperty<Path> DIRECTORY = ConfigProperty.ofPath("kv.toolkit.directory", null,
            "A directory the provider reads and never touches");
    static final ConfigProperty<Duration> TIMEOUT = ConfigProperty.ofDuration("kv.toolkit.timeout",
            Duration.ofMillis(1500), "A timeout the provider reads and never waits for");
    static final ConfigProperty<Long> QUOTA = ConfigProperty.ofBytes("kv.toolkit.quota", 1L << 30, 0,
            Long.MAX_VALUE, "A size the provider reads and never enforces");

    ToolkitPropertiesProvider() {
        super("toolkit", EnumSet.noneOf(Capability.class));
    }

    @Override
    public List<ConfigProperty<?>> configProperties() {
        // not the reference's kv.reference.maxKeyBytes, which is not under this provider's prefix (its default holds)
        return List.of(WatchHub.BUFFER_SIZE, LABEL, DIRECTORY, TIMEOUT, QUOTA);
    }

    @Override
    public List<StoreInfo> stores(KvConfig config) {
        readOwnProperties(config);
        return super.stores(config);
    }

    @Override
    public Optional<StoreInfo> store(String name, KvConfig config) {
        readOwnProperties(config);
        return super.store(name, config);
    }

    @Override
    public KvStore open(String name, KvConfig config) {
        readOwnProperties(config);
        return super.open(name, config);
    }

    /** Refuses values these properties cannot hold, as open must (CONF-3). */
    private static void readOwnProperties(KvConfig config) {
        LABEL.from(config);
        DIRECTORY.from(config);
        TIMEOUT.from(config);
        QUOTA.from(config);
    }
}
