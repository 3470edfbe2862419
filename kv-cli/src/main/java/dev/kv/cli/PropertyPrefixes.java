package dev.kv.cli;

import dev.kv.api.spi.ConfigProperty;
import dev.kv.api.spi.KvProvider;
import dev.kv.api.spi.WatchHub;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks the prefix of each {@code -c} property against the providers found, so a misspelt provider
 * ({@code kv.chronicel.maxPayloadSize}) or a property of a provider other than the one in use is an error
 * instead of a setting nobody reads. The property's own name is the provider's to check (it rejects unknown
 * names under its prefix).
 *
 * <p>A prefix is {@code kv.} and one more word with its dot. A provider owns {@code kv.<id>.} and the prefixes of
 * the properties it documents; {@code kv.watch.} is shared by all providers, and {@code kv.tck.} is the
 * conformance kit's.
 */
final class PropertyPrefixes {

    private static final Set<String> SHARED = Set.of(prefixOf(WatchHub.BUFFER_SIZE.name()), "kv.tck.");

    private PropertyPrefixes() {
    }

    /**
     * Refuses a property no provider reads, and, when {@code selected} is given, one that only other providers
     * read.
     *
     * @param cmd       the command, for the usage error
     * @param settings  the {@code -c} properties
     * @param providers the providers found
     * @param selected  the provider in use, or null when the command serves every provider
     * @throws ParameterException naming the property and the known prefixes, or the provider it belongs to
     */
    static void check(CommandLine cmd, Map<String, String> settings, Collection<KvProvider> providers,
                      KvProvider selected) {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (String shared : SHARED) {
            owners.put(shared, new TreeSet<>());
        }
        for (KvProvider p : providers) {
            owners.computeIfAbsent("kv." + p.id() + ".", k -> new TreeSet<>()).add(p.id());
            for (ConfigProperty<?> c : p.configProperties()) {
                String prefix = prefixOf(c.name());
                if (!SHARED.contains(prefix)) {
                    owners.computeIfAbsent(prefix, k -> new TreeSet<>()).add(p.id());
                }
            }
        }
        for (String name : settings.keySet()) {
            String prefix = prefixOf(name);
            if (!name.startsWith("kv.") || prefix.equals(name)) {
                throw new ParameterException(cmd, "-c " + name + ": not a kv property; the known prefixes are "
                        + String.join(", ", owners.keySet()));
            }
            Set<String> owner = owners.get(prefix);
            if (owner == null) {
                throw new ParameterException(cmd, "-c " + name + ": no provider reads properties under " + prefix
                        + "; the known prefixes are " + String.join(", ", owners.keySet()));
            }
            if (selected != null && !owner.isEmpty() && !owner.contains(selected.id())) {
                String other = owner.iterator().next();
                throw new ParameterException(cmd, "-c " + name + " is a property of provider '" + other + "', but"
                        + " the provider in use is '" + selected.id() + "'; select --provider " + other
                        + ", or leave the property out");
            }
        }
    }

    /** {@code kv.memory.maximumBytes} gives {@code kv.memory.}; a name without a second dot gives itself. */
    private static String prefixOf(String name) {
        int first = name.indexOf('.');
        int second = first < 0 ? -1 : name.indexOf('.', first + 1);
        return second < 0 ? name : name.substring(0, second + 1);
    }
}
