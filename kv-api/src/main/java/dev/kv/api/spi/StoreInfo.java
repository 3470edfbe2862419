package dev.kv.api.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A store a provider holds, as {@link KvProvider#stores} and {@link KvProvider#store} describe it: for listings
 * such as {@code kv stores}, and for telling whether a store exists without creating it.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class StoreInfo {

    private final String name;
    private final long bytes;
    private final String location;

    /**
     * Describes one store.
     *
     * @param name     the store's name, or {@code null} when the provider cannot tell it (a name it keeps only
     *                 as a hash, for example)
     * @param bytes    the bytes the store takes on disk or in memory, or {@code -1} when unknown
     * @param location where the store lives, for people (a file, a server), never null
     * @throws NullPointerException if {@code location} is null
     * @throws IllegalArgumentException if {@code bytes} is below -1
     */
    public StoreInfo(String name, long bytes, String location) {
        if (bytes < -1) {
            throw new IllegalArgumentException("bytes must be -1 (unknown) or more, not " + bytes);
        }
        this.name = name;
        this.bytes = bytes;
        this.location = Objects.requireNonNull(location, "location");
    }

    /**
     * The store's name.
     *
     * @return the name, or empty when the provider cannot tell it
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * The bytes the store takes (for files: their sizes as {@code ls -l} shows them; a sparse file may take less
     * of the disk).
     *
     * @return the size, or empty when unknown
     */
    public OptionalLong bytes() {
        return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /**
     * Where the store lives, for people.
     *
     * @return for example a file's path
     */
    public String location() {
        return location;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreInfo && Objects.equals(name, ((StoreInfo) o).name) && bytes == ((StoreInfo) o).bytes
                && location.equals(((StoreInfo) o).location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, bytes, location);
    }

    @Override
    public String toString() {
        return "StoreInfo[" + (name == null ? "(name unknown)" : Diagnostics.quote(name)) + ", "
                + (bytes < 0 ? "size unknown" : bytes + " bytes") + ", " + location + "]";
    }
}
