package dev.kv.api.spi;

import dev.kv.api.KvException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The properties in which a further {@code open} of a store asks for something other than what the store's open
 * handles were opened with, for a provider whose handles of one store share one state and which therefore
 * refuses such an open (SPEC.md, CONF-5). Each difference names its property; a secret's values are never shown.
 *
 * <pre>{@code
 * ConfigDifferences d = new ConfigDifferences()
 *         .compare(MAXIMUM_BYTES, open.maximumBytes(), asked.maximumBytes())
 *         .compareSecret(PASSWORD, open.password(), asked.password());
 * if (!d.isEmpty()) {
 *     throw d.refusal("memory store " + Diagnostics.quote(name));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: build one per open.
 */
public final class ConfigDifferences {

    private final List<String> differences = new ArrayList<>();

    /** No differences yet. */
    public ConfigDifferences() {
    }

    /**
     * Records {@code property} if the value the store is open with and the value asked for differ.
     *
     * @param property the property both values were read from
     * @param open     the value in effect for the open handles, {@code null} for unset
     * @param asked    the value this open asks for, {@code null} for unset
     * @param <T>      the property's type
     * @return this
     */
    public <T> ConfigDifferences compare(ConfigProperty<T> property, T open, T asked) {
        if (!Objects.equals(open, asked)) {
            differences.add(property.name() + " is " + shown(open) + " in the open store, " + shown(asked)
                    + " in this open");
        }
        return this;
    }

    /**
     * Records {@code property}, a secret such as a password, if the two values differ, without showing either.
     *
     * @param property the property both values were read from
     * @param open     the value in effect for the open handles, {@code null} for unset
     * @param asked    the value this open asks for, {@code null} for unset
     * @param <T>      the property's type
     * @return this
     */
    public <T> ConfigDifferences compareSecret(ConfigProperty<T> property, T open, T asked) {
        if (!Objects.equals(open, asked)) {
            differences.add(property.name() + " differs from the open store's (not shown)");
        }
        return this;
    }

    /**
     * Whether no compared property differs.
     *
     * @return true when the open may share the open handles' state
     */
    public boolean isEmpty() {
        return differences.isEmpty();
    }

    /**
     * Each difference recorded, in the order compared, as {@code "<property> is <value> in the open store,
     * <value> in this open"}.
     *
     * @return an unmodifiable list, empty if nothing differs
     */
    public List<String> differences() {
        return Collections.unmodifiableList(differences);
    }

    /**
     * The error refusing the open: reason {@code CONFIGURATION}, naming {@code store} and every difference.
     *
     * @param store how the store is named in messages, such as {@code "memory store 'orders'"}
     * @return the error to throw
     * @throws IllegalStateException if nothing differs
     */
    public KvException refusal(String store) {
        if (differences.isEmpty()) {
            throw new IllegalStateException("nothing differs from the open configuration of " + store);
        }
        return KvException.of(KvException.Reason.CONFIGURATION, store + " is already open in this process with"
                + " another configuration: " + String.join("; ", differences) + ". Open it with the same"
                + " configuration, or close its handles first");
    }

    private static String shown(Object value) {
        return value == null ? "unset" : String.valueOf(value);
    }
}
