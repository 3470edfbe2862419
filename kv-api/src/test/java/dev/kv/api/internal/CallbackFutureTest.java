package dev.kv.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackFutureTest {

    private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> new Thread(r, "cb"));
    private final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        callbacks.shutdownNow();
    }

    private void record() {
        threads.add(Thread.currentThread().getName());
    }

    /** Completes {@code f} from a thread named like a provider's I/O thread. */
    private static void completeOnIoThread(CompletableFuture<String> f, String value) throws InterruptedException {
        Thread io = new Thread(() -> f.complete(value), "io");
        io.start();
        io.join();
    }

    @Test
    void everyKindOfStageAttachedWhilePendingRunsOnTheCompletionThreadsNotTheCompletingOne() throws Exception {
        CallbackFuture<String> f = new CallbackFuture<>(callbacks);
        CompletableFuture<String> other = CompletableFuture.completedFuture("o");
        List<CompletableFuture<?>> stages = List.of(
                f.thenApply(v -> { record(); return v; }).thenApply(v -> { record(); return v; }),
                f.thenAccept(v -> record()), f.thenRun(this::record), f.handle((v, e) -> { record(); return v; }),
                f.whenComplete((v, e) -> record()), f.thenCompose(v -> { record(); return other; }),
                f.thenCombine(other, (a, b) -> { record(); return a; }), f.thenAcceptBoth(other, (a, b) -> record()),
                f.runAfterBoth(other, this::record), f.applyToEither(new CompletableFuture<>(), v -> { record(); return v; }),
                f.acceptEither(new CompletableFuture<>(), v -> record()),
                f.runAfterEither(new CompletableFuture<>(), this::record),
                f.thenApplyAsync(v -> { record(); return v; }));
        completeOnIoThread(f, "v");
        for (CompletableFuture<?> s : stages) {
            s.get(30, TimeUnit.SECONDS);
        }
        assertEquals(14, threads.size(), threads.toString());
        assertTrue(threads.stream().allMatch("cb"::equals), "stages ran on " + threads);
    }

    @Test
    void aFailureHandlerAttachedWhilePendingRunsOnTheCompletionThreads() throws Exception {
        CallbackFuture<String> f = new CallbackFuture<>(callbacks);
        CompletableFuture<String> handled = f.exceptionally(e -> { record(); return "recovered"; });
        Thread io = new Thread(() -> f.completeExceptionally(new IllegalStateException("x")), "io");
        io.start();
        io.join();
        assertEquals("recovered", handled.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("cb"), List.copyOf(threads));
    }

    @Test
    void aStageAttachedAfterCompletionRunsInTheAttachingThread() throws Exception {
        CallbackFuture<String> f = new CallbackFuture<>(callbacks);
        completeOnIoThread(f, "v");
        f.thenRun(this::record).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(Thread.currentThread().getName()), List.copyOf(threads));
    }
}
