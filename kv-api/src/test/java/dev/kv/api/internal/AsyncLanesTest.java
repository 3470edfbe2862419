package dev.kv.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.api.KvException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AsyncLanesTest {

    private static final long WAIT = 30;

    @Test
    void operationsOnOneKeyRunInSubmissionOrder() throws Exception {
        AsyncLanes lanes = new AsyncLanes(4, 10_000);
        List<Integer> seen = new ArrayList<>();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int n = i;
            futures.add(lanes.submit("s", "k", () -> {
                synchronized (seen) {
                    seen.add(n);
                }
                return n;
            }));
        }
        for (CompletableFuture<Integer> f : futures) {
            f.get(WAIT, TimeUnit.SECONDS);
        }
        assertEquals(IntStream.range(0, 2_000).boxed().toList(), seen);
    }

    @Test
    void aFullLaneFailsTheNextCallThroughItsFutureNamingStoreKeyAndProperty() throws Exception {
        AsyncLanes lanes = new AsyncLanes(1, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> blocker = lanes.submit("orders", "a", () -> {
            started.countDown();
            await(release);
            return "first";
        });
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        CompletableFuture<Object> queued1 = lanes.submit("orders", "b", () -> "second");
        CompletableFuture<Object> queued2 = lanes.submit("orders", "c", () -> "third");
        CompletableFuture<Object> refused = lanes.submit("orders", "d", () -> "never");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> refused.get(WAIT, TimeUnit.SECONDS));
        KvException kv = (KvException) e.getCause();
        assertEquals(KvException.Reason.STORAGE, kv.reason());
        assertTrue(kv.getMessage().contains("'orders'") && kv.getMessage().contains("'d'")
                && kv.getMessage().contains(AsyncLanes.QUEUE_PROPERTY), kv.getMessage());
        release.countDown();
        assertEquals("first", blocker.get(WAIT, TimeUnit.SECONDS));
        assertEquals("second", queued1.get(WAIT, TimeUnit.SECONDS));
        assertEquals("third", queued2.get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void dependantsRunOnCallbackThreadsAndABlockingOneDoesNotStallTheLane() throws Exception {
        AsyncLanes lanes = new AsyncLanes(1, 100);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = lanes.submit("s", "k", () -> {
            await(release);
            return "1";
        });
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch second = new CountDownLatch(1);
        CompletableFuture<Void> blocking = first.thenRun(() -> {
            thread.set(Thread.currentThread().getName());
            await(second);
        });
        release.countDown();
        // the lane is free although the first dependant blocks: the next operation runs and completes
        assertEquals("2", lanes.submit("s", "k", () -> "2").get(WAIT, TimeUnit.SECONDS));
        second.countDown();
        blocking.get(WAIT, TimeUnit.SECONDS);
        assertTrue(thread.get().startsWith("kv-async-callback-"), thread.get());
    }

    @Test
    void aCallCancelledBeforeItStartedDoesNotRun() throws Exception {
        AsyncLanes lanes = new AsyncLanes(1, 100);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> blocker = lanes.submit("s", "k", () -> {
            await(release);
            return null;
        });
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Object> cancelled = lanes.submit("s", "k", () -> {
            ran.set(true);
            return null;
        });
        assertTrue(cancelled.cancel(false));
        release.countDown();
        blocker.get(WAIT, TimeUnit.SECONDS);
        lanes.submit("s", "k", () -> null).get(WAIT, TimeUnit.SECONDS);
        assertFalse(ran.get(), "a call cancelled while queued ran anyway");
    }

    @Test
    void laneThreadsAreNamedDaemonsThatStayWhileHeldAndEndAfterTheLastRelease() throws Exception {
        AsyncLanes lanes = new AsyncLanes(2, 100);
        lanes.acquire();
        lanes.acquire();
        Thread lane = lanes.submit("s", "k", Thread::currentThread).get(WAIT, TimeUnit.SECONDS);
        assertTrue(lane.getName().matches("kv-async-[01]"), lane.getName());
        assertTrue(lane.isDaemon());
        lanes.release();
        assertTrue(lane.isAlive(), "a lane thread ended while a handle still holds the lanes");
        lanes.release();
        lane.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertFalse(lane.isAlive(), "the lane thread outlived the last release");
        // and a later call starts a lane again
        assertEquals("again", lanes.submit("s", "k", () -> "again").get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void aFailingCallFailsItsFutureWithTheSameException() throws Exception {
        AsyncLanes lanes = new AsyncLanes(1, 100);
        KvException thrown = KvException.of(KvException.Reason.NOT_FOUND, "no 'k'");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> lanes.submit("s", "k", () -> {
                    throw thrown;
                }).get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause() == thrown, "the future's exception is not the call's: " + e.getCause());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
