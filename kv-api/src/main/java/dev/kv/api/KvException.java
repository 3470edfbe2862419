package dev.kv.api;

import dev.kv.api.spi.Diagnostics;
import java.util.Objects;

/**
 * The one exception every kv operation throws when it fails: the Java form of the seed's
 * {@code expected<T, error>}, where success returns {@code T} and failure throws this exception carrying the
 * {@link KvError}.
 *
 * <p>The {@link #reason()} classifies the failure for programs ({@code NOT_FOUND}, {@code UNSUPPORTED}, ...);
 * the {@link #error()} is the seed's variant, with a description written for people. The message of this
 * exception is that description.
 *
 * <p>A missing key reported by {@link KvStore#get(String)} is an everyday event, so exceptions with reason
 * {@link Reason#NOT_FOUND} are created without a stack trace and build their message only when asked.
 * Code on a hot path should still prefer {@link KvStore#find(String)}.
 *
 * @since 0.1
 */
public final class KvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Why an operation failed. New reasons may be added in later versions; treat an unknown one like
     * {@link #STORAGE}.
     *
     * @since 0.1
     */
    public enum Reason {
        /** {@code get} of a key that has no value. */
        NOT_FOUND,
        /** A key, store name, payload or argument that the spec does not allow. */
        INVALID_ARGUMENT,
        /** A payload larger than the provider's declared or configured maximum. */
        PAYLOAD_TOO_LARGE,
        /** The store cannot take more entries or bytes. */
        CAPACITY_EXCEEDED,
        /** An operation on a handle that was closed. */
        CLOSED,
        /** An optional operation or capability that this provider does not have. */
        UNSUPPORTED,
        /** A watch subscriber fell further behind than its buffer allows; delivery stopped. */
        WATCH_OVERFLOW,
        /** No provider, several providers and none chosen, or a provider that failed to load. */
        PROVIDER_SELECTION,
        /** A configuration property with a value that cannot be used. */
        CONFIGURATION,
        /** The underlying storage failed: I/O error, damaged file, a lock held by another process. */
        STORAGE,
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED
    }

    private final Reason reason;
    private final String store;
    private final String key;
    private final long droppedEvents;
    private transient volatile KvError error;

    private KvException(Reason reason, String store, String key, String description, Throwable cause,
                        boolean stackTrace, long droppedEvents) {
        super(description, cause, stackTrace, stackTrace);
        this.reason = Objects.requireNonNull(reason, "reason must not be null");
        this.store = store;
        this.key = key;
        this.droppedEvents = droppedEvents;
        if (description != null) {
            this.error = new KvError.ErrorWithDescription(description);
        }
    }

    /**
     * Creates an exception with a description.
     *
     * @param reason      the classification
     * @param description what went wrong, naming what was at fault
     * @return the exception
     */
    public static KvException of(Reason reason, String description) {
        return new KvException(reason, null, null, Objects.requireNonNull(description, "description"), null, true, 0);
    }

    /**
     * Creates an exception with a description and the failure that caused it.
     *
     * @param reason      the classification
     * @param description what went wrong, naming what was at fault
     * @param cause       the underlying failure, may be {@code null}
     * @return the exception
     */
    public static KvException of(Reason reason, String description, Throwable cause) {
        return new KvException(reason, null, null, Objects.requireNonNull(description, "description"), cause, true, 0);
    }

    /**
     * The exception {@link KvStore#get(String)} throws for a missing key: no stack trace, message built lazily.
     *
     * @param store the store's name
     * @param key   the key that has no value
     * @return the exception
     */
    public static KvException notFound(String store, String key) {
        return new KvException(Reason.NOT_FOUND, store, key, null, null, false, 0);
    }

    /**
     * The error a watch subscriber receives when it falls too far behind (SPEC.md WATCH-8).
     *
     * @param description what happened, naming the key and store
     * @param dropped     how many events the subscriber will not receive because of it
     * @return the exception, with reason {@link Reason#WATCH_OVERFLOW}
     */
    public static KvException watchOverflow(String description, long dropped) {
        return new KvException(Reason.WATCH_OVERFLOW, null, null, Objects.requireNonNull(description, "description"),
                null, true, dropped);
    }

    /**
     * For {@link Reason#WATCH_OVERFLOW}: how many events were discarded undelivered when the subscription ended.
     *
     * @return the count; 0 for every other reason
     */
    public long droppedEvents() {
        return droppedEvents;
    }

    /**
     * The seed's error variant carried by this exception.
     *
     * @return the error, never {@code null}
     */
    public KvError error() {
        KvError e = error;
        if (e == null) {
            e = new KvError.ErrorWithDescription(describeNotFound());
            error = e;
        }
        return e;
    }

    /**
     * The classification of this failure.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The error's description.
     *
     * @return the same text as {@code error().description()}
     */
    @Override
    public String getMessage() {
        return error().description();
    }

    private String describeNotFound() {
        return "no such key " + Diagnostics.quote(key) + " in store " + Diagnostics.quote(store);
    }
}
