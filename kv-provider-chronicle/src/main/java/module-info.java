/**
 * The {@code chronicle} kv provider: persisted, off-heap stores on Chronicle Map, shared between processes.
 *
 * <p>Exports nothing; found through {@link java.util.ServiceLoader} as a {@code dev.kv.api.spi.KvProvider}.
 *
 * <p>Configuration properties (in a {@code KvConfig}, else system properties; sizes take {@code B}, {@code KiB},
 * {@code MiB}; the sizing ones apply when a store's file is created and are kept in the file afterwards):
 * <ul>
 *   <li>{@code kv.chronicle.dataDir}: directory of the store files, also from the environment variable
 *       {@code KV_DATA_DIR}; default {@code ${user.home}/.kv/chronicle}</li>
 *   <li>{@code kv.chronicle.entries}: entries a new store is sized for; default 100000</li>
 *   <li>{@code kv.chronicle.averageKeySize}: average key size in UTF-8 bytes; default 32B</li>
 *   <li>{@code kv.chronicle.averagePayloadSize}: average payload size; default 128B</li>
 *   <li>{@code kv.chronicle.maxBloatFactor}: how far beyond {@code entries} a store may grow; default 10</li>
 *   <li>{@code kv.chronicle.maxKeySize}: longest key in UTF-8 bytes; default 1KiB (at least 256B)</li>
 *   <li>{@code kv.chronicle.maxPayloadSize}: largest payload; default 1MiB (at least 1MiB)</li>
 *   <li>{@code kv.chronicle.openTimeout}: longest wait for another process opening or closing the store;
 *       default 1m (60 seconds)</li>
 *   <li>{@code kv.chronicle.watchPollInterval}: how often watchers look for other processes' writes;
 *       default 10ms</li>
 * </ul>
 * Unknown {@code kv.chronicle.*} properties fail {@code open}.
 *
 * <p>JVM flags Chronicle Map needs, on JDK 17 and later, module path:
 * {@code --add-opens=java.base/java.lang.reflect=chronicle.core --add-exports=java.base/sun.nio.ch=chronicle.core
 * --add-opens=java.base/java.lang=compiler --add-exports=jdk.compiler/com.sun.tools.javac.file=compiler};
 * class path: the same with {@code ALL-UNNAMED} as the target. Recommended besides, to silence warnings:
 * {@code --add-exports=java.base/jdk.internal.ref=<chronicle.core or ALL-UNNAMED>}, and on JDK 24 and later
 * {@code --sun-misc-unsafe-memory-access=allow} with {@code --enable-native-access=ALL-UNNAMED} (class path) or
 * {@code --enable-native-access=org.jnrproject.jffi,com.sun.jna} (module path). The provider also lists the
 * chronicle-core and chronicle-bytes jars in {@code java.class.path} before Chronicle starts when they are not
 * there (module path, manifest-only launcher jars), because on JDK 25 Chronicle's run-time compiler sees only
 * that property and fails without them. Without the required flags
 * {@code open} fails with an error naming the missing ones. Chronicle compiles code with javac at run time, so
 * the {@code jdk.compiler} module must be present: this module requires it, so run on a JDK, or include
 * {@code jdk.compiler} in a jlink image.
 *
 * <p>Chronicle's usage analytics and start-up banner are switched off before any Chronicle class loads, and
 * the analytics artifact is excluded from this module's dependencies. Chronicle's segment lock timeout
 * ({@code net.openhft.chronicle.map.lockTimeoutSeconds}, JVM-wide) is set to 15 unless given, so that a lock left
 * by a crashed process fails an operation with a clear error after 15 s instead of 60 s.
 *
 * @provides dev.kv.api.spi.KvProvider the {@code chronicle} provider
 */
module dev.kv.provider.chronicle {
    requires dev.kv.api;
    requires chronicle.map;
    requires chronicle.bytes;
    requires jdk.unsupported;
    // Chronicle compiles code with javac at run time; requiring the module makes the module path resolve it.
    requires jdk.compiler;

    provides dev.kv.api.spi.KvProvider with dev.kv.provider.chronicle.ChronicleKvProvider;
}
