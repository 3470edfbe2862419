package dev.kv.provider.memory;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A Caffeine clock that moves only when a test advances it. */
final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /**
     * A provider with its own stores whose caches run on this clock and do their maintenance on the calling
     * thread, so that eviction and expiry happen exactly when a test writes or calls {@code cleanUp()}.
     */
    MemoryKvProvider provider() {
        return new MemoryKvProvider(new MemoryKvProvider.Tuning(this, Runnable::run, Scheduler.disabledScheduler()));
    }

    /** A provider with its own stores, real time, and maintenance on the calling thread. */
    static MemoryKvProvider deterministicProvider() {
        return new MemoryKvProvider(new MemoryKvProvider.Tuning(Ticker.systemTicker(), Runnable::run,
                Scheduler.disabledScheduler()));
    }
}
