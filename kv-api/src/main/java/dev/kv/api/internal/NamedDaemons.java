package dev.kv.api.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code prefix + n}: kv's threads must never keep a JVM alive or go unrecognised. Their
 * context class loader is kv-api's own, never the creating thread's: a thread started while kv runs a plugin's code
 * would otherwise inherit the plugin's class loader and keep the plugin from being unloaded.
 */
public final class NamedDaemons implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * A factory of threads named {@code prefix} followed by 0, 1, 2, ...
     *
     * @param prefix the name's start, for example {@code kv-async-callback-}
     */
    public NamedDaemons(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        return thread(r, prefix + next.getAndIncrement());
    }

    /**
     * An unstarted daemon thread of kv.
     *
     * @param task what it runs
     * @param name its name
     * @return the thread
     */
    public static Thread thread(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.setContextClassLoader(NamedDaemons.class.getClassLoader());
        return t;
    }
}
