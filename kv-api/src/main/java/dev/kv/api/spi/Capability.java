package dev.kv.api.spi;

/**
 * Optional behaviour a provider declares through {@link KvProvider#capabilities()}. The conformance kit runs
 * a capability's clauses only when it is declared, and checks that an undeclared capability is not claimed
 * by behaviour either. New constants may be added in later versions; existing providers are unaffected.
 *
 * @since 0.1
 */
public enum Capability {
    /** Data survives closing every handle and restarting the JVM (SPEC.md PERSIST clauses). */
    PERSISTENT,
    /** Handles in different processes opened with the same name and configuration share data (SPEC.md PROC). */
    MULTI_PROCESS,
    /** Watchers receive events for writes made by other processes (SPEC.md PROC-3, PROC-4). */
    CROSS_PROCESS_WATCH,
    /** Values may expire after a configured time; watchers see {@code EXPIRE} events (SPEC.md EXPIRY). */
    EXPIRY,
    /** Values may be evicted to respect a size bound; watchers see {@code EVICT} events (SPEC.md EVICT). */
    EVICTION,
    /**
     * The provider's asynchronous view does not keep one thread's operations on one key in the order issued
     * (SPEC.md ASYNC-4 does not apply). A declaration of what it cannot promise: the default view keeps the order.
     *
     * @since 0.2
     */
    ASYNC_UNORDERED
}
