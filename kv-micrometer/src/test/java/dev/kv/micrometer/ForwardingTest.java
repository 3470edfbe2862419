package dev.kv.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kv.api.KvStore;
import dev.kv.micrometer.internal.InstrumentedKvStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The instrumented handle answers no KvStore method with the interface's default: it measures a method itself or
 * inherits kv-api's ForwardingKvStore, which forwards every one. An optional operation added to KvStore as a default
 * method (which throws UNSUPPORTED) and not forwarded would silently take a capability away from the provider
 * behind it; this test fails until it is forwarded.
 */
class ForwardingTest {

    @Test
    void noKvStoreMethodFallsBackToTheInterfaceDefault() throws NoSuchMethodException {
        List<String> inherited = new ArrayList<>();
        for (Method m : KvStore.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() != KvStore.class) {
                continue;
            }
            Method impl = InstrumentedKvStore.class.getMethod(m.getName(), m.getParameterTypes());
            if (impl.getDeclaringClass() == KvStore.class) {
                inherited.add(m.toString());
            }
        }
        assertEquals(List.of(), inherited);
    }
}
