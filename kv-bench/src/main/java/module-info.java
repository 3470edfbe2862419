/**
 * JMH benchmarks of the kv providers against the raw libraries they wrap and the persisted stores a user might
 * pick instead, plus a watch delivery harness. Measurement only: nothing here is a test.
 *
 * <p>The benchmarks are normally run on the class path ({@code kv-bench/run.sh}, which runs
 * {@code java -jar target/kv-bench.jar} with Chronicle's {@code ALL-UNNAMED} flags); this descriptor lets the
 * module compile as a named module like every other kv module and documents what it uses. JMH instantiates the
 * generated benchmark classes reflectively, hence the {@code opens}.
 */
module dev.kv.bench {
    requires dev.kv.api;
    requires dev.kv.micrometer;
    requires micrometer.core;
    requires com.github.benmanes.caffeine;
    requires chronicle.map;
    requires chronicle.bytes;
    requires com.h2database.mvstore;
    requires lmdbjava;
    requires rocksdbjni;
    requires lettuce.core;
    requires jmh.core;
    requires java.logging;
    requires java.management;

    opens dev.kv.bench to jmh.core;
    opens dev.kv.bench.jmh_generated to jmh.core;
}
