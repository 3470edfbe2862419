package dev.kv.tck.internal.fake;

/** A provider that fails to instantiate, for PROV-8. */
public class ExplodingKvProvider extends FakeKvProvider {

    /**
     * Always fails.
     *
     * @throws IllegalStateException always
     */
    public ExplodingKvProvider() {
        throw new IllegalStateException("kv-tck: this provider fails to instantiate on purpose (PROV-8)");
    }
}
