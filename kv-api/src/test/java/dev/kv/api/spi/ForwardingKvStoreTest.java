package dev.kv.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ForwardingKvStoreTest {

    /** Defaults written in terms of other KvStore methods: they reach the wrapper's overrides as they are. */
    private static final Set<String> CONVENIENCES = Set.of("set(java.lang.String,byte[])", "events(java.lang.String)");

    @Test
    void forwardsEveryOperationButTheConveniencesBuiltOnOthers() throws NoSuchMethodException {
        List<String> notForwarded = new ArrayList<>();
        for (Method m : KvStore.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() != KvStore.class
                    || CONVENIENCES.contains(signature(m))) {
                continue;
            }
            Method impl = ForwardingKvStore.class.getMethod(m.getName(), m.getParameterTypes());
            if (impl.getDeclaringClass() != ForwardingKvStore.class) {
                notForwarded.add(m.toString());
            }
        }
        assertEquals(List.of(), notForwarded);
        for (String convenience : CONVENIENCES) {
            assertTrue(Arrays.stream(KvStore.class.getMethods()).anyMatch(m -> m.isDefault() && signature(m).equals(convenience)),
                    convenience + " is still a default method of KvStore");
        }
    }

    @Test
    void conveniencesGoThroughTheWrappersOwnOverrides() {
        KvStore inner = new MapProvider().open("c", KvConfig.empty());
        List<String> seen = new ArrayList<>();
        KvStore outer = new ForwardingKvStore(inner) {
            @Override
            public void set(String key, Payload value) {
                seen.add("set " + key);
                super.set(key, value);
            }
        };
        outer.set("k", new byte[] {7});
        assertEquals(List.of("set k"), seen);
        outer.close();
    }

    private static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",")) + ")";
    }

    @Test
    void forwardsResultsAndFailuresUnchanged() {
        KvStore inner = new MapProvider().open("f", KvConfig.empty());
        KvStore outer = new ForwardingKvStore(inner) { };
        outer.set("k", new byte[] {1});
        assertEquals(Payload.copyOf(new byte[] {1}), inner.get("k"));
        assertEquals(inner.rd(), outer.rd());
        assertEquals(inner.limits(), outer.limits());
        KvException miss = assertThrows(KvException.class, () -> outer.get("missing"));
        assertEquals(KvException.Reason.NOT_FOUND, miss.reason());
        assertSame(outer, outer.unwrap(ForwardingKvStore.class));
        outer.close();
        assertFalse(inner.isOpen());
    }
}
