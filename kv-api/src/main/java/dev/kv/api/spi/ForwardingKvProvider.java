package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A provider of its own, with its own id, that keeps its stores in another provider: the base for providers that
 * add behaviour around an existing one (metrics, tracing, a policy), which override only {@link #wrap(KvStore)}.
 *
 * <p>It keeps the three things a provider owns apart from the wrapped one, as SPEC.md asks:
 * <ul>
 *   <li>its {@link #id()}, which its stores report as {@link KvStore#providerId()};</li>
 *   <li>its stores' rds: this id, {@code ':'} and the wrapped store's rd (see
 *       {@link ForwardingKvStore#ForwardingKvStore(KvStore, String)}), one per store;</li>
 *   <li>its property prefix {@code kv.<id>.}: each property of the wrapped provider is documented under this
 *       prefix ({@link ConfigProperty#renamed}), read from the configuration, the system property or the
 *       environment variable of that name, and handed to the wrapped provider under its own name; an undocumented
 *       property under this prefix fails {@code open} (CONF-4). The shared {@code kv.watch.bufferSize} passes
 *       through unchanged.</li>
 * </ul>
 * Capabilities are the wrapped provider's. Thread-safe if the wrapped provider and {@code wrap} are.
 *
 * @since 0.2
 */
public abstract class ForwardingKvProvider implements KvProvider {

    private final String id;
    private final KvProvider delegate;

    /**
     * Creates a provider.
     *
     * @param id       this provider's id: lowercase ASCII letters, digits and '-'
     * @param delegate the provider that keeps the stores
     */
    protected ForwardingKvProvider(String id, KvProvider delegate) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    }

    /** @return the wrapped provider */
    protected final KvProvider delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return id + " (over " + delegate.description() + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    /** The wrapped provider's properties, those under its prefix renamed to this provider's prefix. */
    @Override
    public List<ConfigProperty<?>> configProperties() {
        List<ConfigProperty<?>> out = new ArrayList<>();
        for (ConfigProperty<?> p : delegate.configProperties()) {
            java.util.Optional<String> n = ownName(p);
            out.add(n.isPresent() ? p.renamed(n.get()) : p);
        }
        return Collections.unmodifiableList(out);
    }

    private java.util.Optional<String> ownName(ConfigProperty<?> p) {
        String theirs = "kv." + delegate.id() + ".";
        return p.name().startsWith(theirs)
                ? java.util.Optional.of("kv." + id + "." + p.name().substring(theirs.length()))
                : java.util.Optional.empty();
    }

    /**
     * Opens the wrapped provider's store with the configuration translated to its names, and wraps it.
     */
    @Override
    public KvStore open(String name, KvConfig config) {
        StoreNames.check(name);
        return wrap(delegate.open(name, translated(config)));
    }

    /** The wrapped provider's stores, asked with the configuration translated to its names. */
    @Override
    public List<StoreInfo> stores(KvConfig config) {
        return delegate.stores(translated(config));
    }

    /** The wrapped provider's store, asked with the configuration translated to its names. */
    @Override
    public java.util.Optional<StoreInfo> store(String name, KvConfig config) {
        StoreNames.check(name);
        return delegate.store(name, translated(config));
    }

    /** Drops the wrapped provider's store, with the configuration translated to its names. */
    @Override
    public void drop(String name, KvConfig config) {
        StoreNames.check(name);
        delegate.drop(name, translated(config));
    }

    /** {@code config} with this provider's properties renamed to the wrapped provider's; refuses unknown ones. */
    private KvConfig translated(KvConfig config) {
        ConfigProperty.rejectUnknown("kv." + id + ".", config, configProperties());
        Map<String, String> translated = new HashMap<>();
        String own = "kv." + id + ".";
        config.asMap().forEach((k, v) -> {
            if (!k.startsWith(own)) {
                translated.put(k, v);
            }
        });
        for (ConfigProperty<?> p : delegate.configProperties()) {
            ownName(p).ifPresent(n -> {
                ConfigProperty<?> mine = p.renamed(n);
                mine.from(config); // an unusable value fails here, naming this provider's property (CONF-3)
                mine.textIn(config).ifPresent(text -> translated.put(p.name(), text));
            });
        }
        return KvConfig.of(translated);
    }

    /**
     * Wraps a store of the wrapped provider. By default a {@link ForwardingKvStore} carrying this provider's id;
     * override to add behaviour, extending {@code ForwardingKvStore} with
     * {@link ForwardingKvStore#ForwardingKvStore(KvStore, String) this provider's id}.
     *
     * @param store the wrapped provider's store
     * @return the store to return from {@link #open}
     */
    protected KvStore wrap(KvStore store) {
        return new ForwardingKvStore(store, id) {
        };
    }
}
