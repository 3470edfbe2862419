package dev.kv.cli;

/** Byte counts for people: {@code 1 MiB}, {@code 22.1 MiB}, {@code 512 B}. */
final class Sizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /**
     * A byte count in the largest binary unit that keeps it at least 1, with one decimal unless whole.
     *
     * @param bytes at least 0
     * @return for example {@code 1 MiB} or {@code 1.5 KiB}
     */
    static String human(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value == Math.rint(value)) {
            return (long) value + " " + UNITS[unit];
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
