package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvStore;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.Check;
import dev.kv.tck.internal.ChildJvm;
import dev.kv.tck.internal.TckContext;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kit's child JVMs report a child that dies before answering as such, with its output. */
class ChildJvmTest {

    /** A provider the child cannot instantiate (no no-argument constructor), so the child exits at once. */
    static final class Unconstructible implements KvProvider {
        Unconstructible(String unused) {
        }

        @Override
        public String id() {
            return "unconstructible";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public KvStore open(String name, KvConfig config) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Tck extends KvProviderTck {
        @Override
        protected KvProvider provider() {
            return new Unconstructible("x");
        }
    }

    @Test
    void aChildThatExitsBeforeAnsweringIsReportedAsExitedWithItsOutput() throws Exception {
        Check check = Check.of("PROC-1", "child test", ctx -> { });
        try (TckContext ctx = new TckContext(new Tck().hooks(), check);
             ChildJvm child = ChildJvm.store(ctx, "s", KvConfig.empty())) {
            AssertionError e = assertThrows(AssertionError.class, () -> child.answer("PROC-1", "the result of opening"));
            assertTrue(e.getMessage().startsWith("[PROC-1] child JVM with store 's' exited with 1 before giving the"
                    + " result of opening; its output:"), e.getMessage());
            assertTrue(e.getMessage().contains("NoSuchMethodException"), e.getMessage());
        }
    }
}
