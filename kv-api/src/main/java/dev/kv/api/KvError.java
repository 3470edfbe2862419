package dev.kv.api;

import java.util.Objects;

/**
 * The seed interface's {@code error} variant: {@code variant { error-with-description(string) }}.
 *
 * <p>It is sealed so that a {@code switch} over it is exhaustive today and a new case added by a later
 * version of the interface is a compile-time signal rather than a silent fall-through. Every kv operation
 * that fails carries one of these in the {@link KvException} it throws.
 *
 * @since 0.1
 */
public sealed interface KvError permits KvError.ErrorWithDescription {

    /**
     * A human-readable account of what went wrong, naming the store, key, file or property at fault.
     *
     * @return the description, never {@code null} or blank
     */
    String description();

    /**
     * The seed's only case: {@code error-with-description(string)}.
     *
     * @param description what went wrong; never {@code null} or blank
     * @since 0.1
     */
    record ErrorWithDescription(String description) implements KvError {
        /**
         * Creates the case.
         *
         * @throws NullPointerException if {@code description} is {@code null}
         * @throws IllegalArgumentException if {@code description} is blank
         */
        public ErrorWithDescription {
            Objects.requireNonNull(description, "description must not be null");
            if (description.isBlank()) {
                throw new IllegalArgumentException("description must not be blank");
            }
        }
    }
}
