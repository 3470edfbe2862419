package dev.kv.api.spi;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One documented configuration property of a provider: its name, meaning, default and how its text is read.
 *
 * <p>The value is taken from the first of: the {@link KvConfig} given in code, the system property of the same
 * name, the environment variable if one is named, the default. Text that cannot be read, or a value outside
 * the allowed range, is a {@link KvException} with reason {@link KvException.Reason#CONFIGURATION} whose
 * message names the property, the value and where it came from.
 *
 * <pre>{@code
 * static final ConfigProperty<Long> MAXIMUM_BYTES =
 *     ConfigProperty.ofBytes("kv.memory.maximumBytes", 256L << 20, 1, Long.MAX_VALUE, "Most bytes held");
 * long max = MAXIMUM_BYTES.from(config);
 * }</pre>
 *
 * @param <T> the type of the value
 * @since 0.1
 */
public final class ConfigProperty<T> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String name;
    private final String description;
    private final T defaultValue;
    private final String defaultText;
    private final String expected;
    private final Function<String, T> parser;
    private final String environmentVariable;
    private final Long minimum;
    private final Long maximum;

    private ConfigProperty(String name, String description, T defaultValue, String defaultText, String expected,
                           Function<String, T> parser, String environmentVariable) {
        this(name, description, defaultValue, defaultText, expected, parser, environmentVariable, null, null);
    }

    private ConfigProperty(String name, String description, T defaultValue, String defaultText, String expected,
                           Function<String, T> parser, String environmentVariable, Long minimum, Long maximum) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.expected = expected;
        this.parser = parser;
        this.environmentVariable = environmentVariable;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /**
     * A text property.
     *
     * @param name         the property name, conventionally {@code kv.<provider>.<camelCase>}
     * @param defaultValue the default, may be {@code null} for "unset"
     * @param description  what it controls
     * @return the property
     */
    public static ConfigProperty<String> ofString(String name, String defaultValue, String description) {
        return new ConfigProperty<>(name, description, defaultValue, shown(defaultValue), "text", s -> s, null);
    }

    /**
     * A boolean property; accepts exactly {@code true} or {@code false}, ignoring case.
     *
     * @param name         the property name
     * @param defaultValue the default
     * @param description  what it controls
     * @return the property
     */
    public static ConfigProperty<Boolean> ofBoolean(String name, boolean defaultValue, String description) {
        return new ConfigProperty<>(name, description, defaultValue, String.valueOf(defaultValue), "true or false",
                s -> {
                    if (s.equalsIgnoreCase("true")) {
                        return Boolean.TRUE;
                    }
                    if (s.equalsIgnoreCase("false")) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException();
                }, null);
    }

    /**
     * A whole-number property within {@code [min, max]}.
     *
     * @param name         the property name
     * @param defaultValue the default
     * @param min          smallest allowed value
     * @param max          largest allowed value
     * @param description  what it controls
     * @return the property
     */
    public static ConfigProperty<Long> ofLong(String name, long defaultValue, long min, long max,
                                              String description) {
        return new ConfigProperty<>(name, description, defaultValue, Long.toString(defaultValue),
                "a whole number from " + min + " to " + max, s -> inRange(Long.parseLong(s.trim()), min, max), null,
                min, max);
    }

    /**
     * A byte-size property within {@code [min, max]} bytes: a number with an optional unit {@code B},
     * {@code KiB}, {@code MiB}, {@code GiB} or {@code TiB} (KB, MB... are read as the binary units too).
     *
     * @param name         the property name
     * @param defaultValue the default in bytes
     * @param min          smallest allowed size
     * @param max          largest allowed size
     * @param description  what it controls
     * @return the property
     */
    public static ConfigProperty<Long> ofBytes(String name, long defaultValue, long min, long max,
                                               String description) {
        return new ConfigProperty<>(name, description, defaultValue, formatBytes(defaultValue),
                "a size such as 65536, 64KiB or 256MiB, from " + formatBytes(min) + " to " + formatBytes(max),
                s -> inRange(parseBytes(s), min, max), null, min, max);
    }

    /**
     * A duration property: ISO-8601 ({@code PT10S}) or a number with {@code ms}, {@code s}, {@code m},
     * {@code h} or {@code d}; {@code 0} means "off" where the description says so.
     *
     * @param name         the property name
     * @param defaultValue the default, may be {@code null} for "off"
     * @param description  what it controls
     * @return the property
     */
    public static ConfigProperty<Duration> ofDuration(String name, Duration defaultValue, String description) {
        return new ConfigProperty<>(name, description, defaultValue,
                defaultValue == null ? "off" : formatDuration(defaultValue),
                "a duration such as 500ms, 10s, 5m or PT1H, not negative", ConfigProperty::parseDuration, null);
    }

    /**
     * A file-system path property.
     *
     * @param name         the property name
     * @param defaultValue the default
     * @param description  what it controls
     * @return the property
     */
    public static ConfigProperty<Path> ofPath(String name, Path defaultValue, String description) {
        return new ConfigProperty<>(name, description, defaultValue, shown(defaultValue), "a path",
                s -> {
                    if (s.isBlank()) {
                        throw new IllegalArgumentException();
                    }
                    return Path.of(s);
                }, null);
    }

    /** A default as documentation shows it: "unset" rather than "null" when there is none. */
    private static String shown(Object defaultValue) {
        return defaultValue == null ? "unset" : defaultValue.toString();
    }

    /**
     * A copy of this property that also reads an environment variable, after the system property.
     *
     * @param variable the environment variable's name, for example {@code KV_DATA_DIR}
     * @return the new property
     */
    public ConfigProperty<T> withEnvironmentVariable(String variable) {
        return new ConfigProperty<>(name, description, defaultValue, defaultText, expected, parser,
                Objects.requireNonNull(variable, "variable"), minimum, maximum);
    }

    /**
     * A copy of this property under another name, for a provider that forwards to another and documents the
     * other's properties under its own prefix ({@link ForwardingKvProvider}).
     *
     * @param newName the name, for example {@code kv.metered.maximumBytes}
     * @return the renamed property, with the same description, default, parser and environment variable
     * @since 0.2
     */
    public ConfigProperty<T> renamed(String newName) {
        return new ConfigProperty<>(Objects.requireNonNull(newName, "newName"), description, defaultValue, defaultText,
                expected, parser, environmentVariable, minimum, maximum);
    }

    /**
     * The raw text in effect for {@code config}: from the configuration, else the system property, else the
     * environment variable; nothing when none sets it (the default then applies).
     *
     * @param config the configuration given in code
     * @return the text as set, unparsed
     * @since 0.2
     */
    public Optional<String> textIn(KvConfig config) {
        String text = config.get(name).orElse(null);
        if (text == null) {
            text = System.getProperty(name);
        }
        if (text == null && environmentVariable != null) {
            text = System.getenv(environmentVariable);
        }
        return Optional.ofNullable(text);
    }

    /**
     * The property's name.
     *
     * @return for example {@code kv.memory.maximumBytes}
     */
    public String name() {
        return name;
    }

    /**
     * What the property controls.
     *
     * @return one sentence
     */
    public String description() {
        return description;
    }

    /**
     * The default value.
     *
     * @return the default, may be {@code null}
     */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * The default as users write it, for documentation.
     *
     * @return for example {@code 256MiB}
     */
    public String defaultText() {
        return defaultText;
    }

    /**
     * The smallest value a whole-number or byte-size property accepts, so that tools and the conformance kit
     * can aim at both ends of its range.
     *
     * @return the minimum; empty for a property that is not a number
     * @since 0.2
     */
    public OptionalLong minimum() {
        return minimum == null ? OptionalLong.empty() : OptionalLong.of(minimum);
    }

    /**
     * The largest value a whole-number or byte-size property accepts.
     *
     * @return the maximum; empty for a property that is not a number
     * @since 0.2
     */
    public OptionalLong maximum() {
        return maximum == null ? OptionalLong.empty() : OptionalLong.of(maximum);
    }

    /**
     * The environment variable consulted after the system property.
     *
     * @return the variable's name, or empty
     */
    public Optional<String> environmentVariable() {
        return Optional.ofNullable(environmentVariable);
    }

    /**
     * The value in effect for {@code config}.
     *
     * @param config the configuration given in code
     * @return the value; the default when the property is set nowhere
     * @throws KvException with reason {@code CONFIGURATION} if the text set cannot be used
     */
    public T from(KvConfig config) {
        String source = "configuration";
        String text = config.get(name).orElse(null);
        if (text == null) {
            text = System.getProperty(name);
            source = "system property";
        }
        if (text == null && environmentVariable != null) {
            text = System.getenv(environmentVariable);
            source = "environment variable " + environmentVariable;
        }
        if (text == null) {
            return defaultValue;
        }
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null || e instanceof NumberFormatException ? "" : " (" + e.getMessage() + ")";
            throw KvException.of(KvException.Reason.CONFIGURATION,
                    "invalid value '" + text + "' for property " + name + " (from " + source + "): expected "
                            + expected + detail);
        }
    }

    /**
     * Refuses properties under {@code prefix} that are not among {@code known}, in the configuration given in
     * code and in the system properties, so that a misspelt name fails loudly instead of being ignored.
     *
     * @param prefix the provider's prefix, for example {@code kv.memory.}
     * @param config the configuration given in code
     * @param known  the provider's documented properties
     * @throws KvException with reason {@code CONFIGURATION} naming the unknown property and the known ones
     */
    public static void rejectUnknown(String prefix, KvConfig config, Collection<? extends ConfigProperty<?>> known) {
        Set<String> names = new TreeSet<>();
        known.forEach(p -> names.add(p.name()));
        List<String> candidates = new ArrayList<>(config.asMap().keySet());
        for (String property : System.getProperties().stringPropertyNames()) {
            candidates.add(property);
        }
        for (String candidate : candidates) {
            if (candidate.startsWith(prefix) && !names.contains(candidate)) {
                throw KvException.of(KvException.Reason.CONFIGURATION,
                        "unknown property " + candidate + "; the properties under " + prefix + " are " + names);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (default " + defaultText + "): " + description;
    }

    private static long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static long parseBytes(String s) {
        Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift;
        switch (unit.charAt(0)) {
            case 'K': shift = 10; break;
            case 'M': shift = 20; break;
            case 'G': shift = 30; break;
            case 'T': shift = 40; break;
            default: shift = 0;
        }
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("too large");
        }
        return n << shift;
    }

    private static Duration parseDuration(String s) {
        Matcher m = SHORT_DURATION.matcher(s);
        Duration d;
        if (s.equals("0")) {
            d = Duration.ZERO;
        } else if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": d = Duration.ofMillis(n); break;
                case "s": d = Duration.ofSeconds(n); break;
                case "m": d = Duration.ofMinutes(n); break;
                case "h": d = Duration.ofHours(n); break;
                default: d = Duration.ofDays(n);
            }
        } else {
            try {
                d = Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException();
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return d;
    }

    /**
     * Formats a duration the way users write it: the largest unit of ms, s, m, h, d that divides it exactly.
     *
     * @param d the duration
     * @return for example {@code 10ms} or {@code 90s}
     */
    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /**
     * Formats a size in the largest binary unit that divides it.
     *
     * @param bytes the size
     * @return for example {@code 64MiB}
     */
    static String formatBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }

}
