package dev.kv.tck.internal.fake;

/** A third provider for the PROV checks, id {@code tck-fake-two}. */
public class FakeTwoKvProvider extends FakeKvProvider {

    /** For ServiceLoader. */
    public FakeTwoKvProvider() {
    }

    @Override
    public String id() {
        return "tck-fake-two";
    }
}
