/**
 * The kv conformance kit: JUnit 5 checks of every clause of SPEC.md, for any {@link dev.kv.api.spi.KvProvider}.
 *
 * <p>Two ways to run it:
 * <ul>
 *   <li>extend {@link dev.kv.tck.KvProviderTck} in a provider's test sources and implement
 *       {@code provider()}: the whole kit runs under surefire or any JUnit Platform launcher;</li>
 *   <li>run {@link dev.kv.tck.KvTckRunner} (a main class, also callable in-process) against one provider id or
 *       every provider that {@link java.util.ServiceLoader} finds: it prints a clause-by-clause report and
 *       writes JUnit XML.</li>
 * </ul>
 *
 * <p>Only {@code dev.kv.tck} is exported. The checks themselves live in {@code dev.kv.tck.internal}, which is
 * opened to JUnit for reflection but is not API.
 *
 * <p>System properties read: {@code kv.tck.seed} (the run's seed, a long, from which every generated input
 * derives; random by default, printed on every run and at the end of every failure message) and {@code kv.tck.deadlineSeconds} (how long to wait for an event or a result
 * that must arrive, default 30).
 *
 * @uses dev.kv.api.spi.KvProvider
 */
module dev.kv.tck {
    requires transitive dev.kv.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.launcher;
    requires org.junit.platform.reporting;
    requires java.management;
    requires java.logging;

    exports dev.kv.tck;

    opens dev.kv.tck to org.junit.platform.commons;
    opens dev.kv.tck.internal to org.junit.platform.commons;

    uses dev.kv.api.spi.KvProvider;
}
