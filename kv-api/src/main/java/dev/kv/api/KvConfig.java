package dev.kv.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider configuration given in code: an immutable set of {@code name=value} properties.
 *
 * <p>Providers document their properties (see {@link dev.kv.api.spi.ConfigProperty}); each is read from this
 * object first, then from the system property of the same name, then (where documented) from an environment
 * variable, and otherwise takes its documented default. A value that cannot be used is an error naming the
 * property and the value.
 *
 * <pre>{@code
 * KvConfig config = KvConfig.builder().set("kv.memory.maximumBytes", "256MiB").build();
 * }</pre>
 *
 * @since 0.1
 */
public final class KvConfig {

    private static final KvConfig EMPTY = new KvConfig(Map.of());

    private final Map<String, String> values;

    private KvConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * No properties set in code.
     *
     * @return the empty configuration
     */
    public static KvConfig empty() {
        return EMPTY;
    }

    /**
     * A configuration holding a copy of {@code values}.
     *
     * @param values property names and values
     * @return the configuration
     * @throws NullPointerException if the map, a name or a value is null
     */
    public static KvConfig of(Map<String, String> values) {
        Builder b = builder();
        values.forEach(b::set);
        return b.build();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /**
     * A copy of this configuration with one more property.
     *
     * @param name  the property
     * @param value its value
     * @return the new configuration
     */
    public KvConfig with(String name, String value) {
        Builder b = new Builder(new LinkedHashMap<>(values));
        return b.set(name, value).build();
    }

    /**
     * A copy of this configuration with the properties of {@code other} added, {@code other} winning.
     *
     * @param other more properties
     * @return the merged configuration
     */
    public KvConfig with(KvConfig other) {
        Builder b = new Builder(new LinkedHashMap<>(values));
        other.values.forEach(b::set);
        return b.build();
    }

    /**
     * The value set in code for {@code name}; system properties are not consulted here.
     *
     * @param name the property
     * @return the value, or empty
     */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * The properties set in code.
     *
     * @return an unmodifiable map in insertion order
     */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvConfig && values.equals(((KvConfig) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * The properties and their values, except that the value of a property whose name speaks of a password,
     * secret, token or credential is shown as {@code ****}: configurations end up in logs and messages.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("KvConfig{");
        String separator = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            out.append(separator).append(e.getKey()).append('=')
                    .append(isSecret(e.getKey()) ? "****" : e.getValue());
            separator = ", ";
        }
        return out.append('}').toString();
    }

    private static boolean isSecret(String property) {
        String p = property.toLowerCase(java.util.Locale.ROOT);
        return p.contains("password") || p.contains("secret") || p.contains("token") || p.contains("credential");
    }

    /**
     * Builds a {@link KvConfig}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Map<String, String> values;

        private Builder(Map<String, String> values) {
            this.values = values;
        }

        /**
         * Sets a property.
         *
         * @param name  the property, not blank
         * @param value its value, not null
         * @return this builder
         */
        public Builder set(String name, String value) {
            Objects.requireNonNull(name, "property name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("property name must not be blank");
            }
            values.put(name, Objects.requireNonNull(value, () -> "value of property '" + name + "' must not be null"));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return an immutable configuration
         */
        public KvConfig build() {
            return values.isEmpty() ? EMPTY : new KvConfig(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
