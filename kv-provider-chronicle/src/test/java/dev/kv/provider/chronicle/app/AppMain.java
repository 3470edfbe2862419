package dev.kv.provider.chronicle.app;

import dev.kv.api.Kv;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;

/**
 * A minimal application, as users write one: it finds the provider through {@code Kv} (ServiceLoader), on the
 * class path or the module path. Args: DATA_DIR NAME. Prints the provider's location and OK, or the error.
 */
public final class AppMain {

    private AppMain() {
    }

    public static void main(String[] args) {
        try (KvStore store = Kv.builder().provider("chronicle").set("kv.chronicle.dataDir", args[0]).open(args[1])) {
            store.set("k", Payload.ofUtf8("v"));
            System.out.println("PROVIDER " + store.getClass().getModule());
            System.out.println(store.get("k").toUtf8().equals("v") ? "OK" : "WRONG");
        } catch (KvException e) {
            System.out.println("ERROR " + e.reason() + " " + e.getMessage());
        }
    }
}
