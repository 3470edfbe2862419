package dev.kv.api.internal.plugin;

import java.util.function.Supplier;

/** Runs kv's calls into a plugin with the plugin's class loader as the thread's context class loader. */
final class ContextLoader {

    private ContextLoader() {
    }

    static <T> T call(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == loader) {
            return action.get();
        }
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static void run(ClassLoader loader, Runnable action) {
        call(loader, () -> {
            action.run();
            return null;
        });
    }
}
