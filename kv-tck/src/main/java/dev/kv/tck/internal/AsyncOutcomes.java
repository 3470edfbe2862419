package dev.kv.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** How the ASYNC checks wait for futures and compare what they ended with against the blocking calls. */
final class AsyncOutcomes {

    private AsyncOutcomes() {
    }

    /** What a future ended with: its value, or the exception its operation failed with. */
    record Outcome(Object value, Throwable failure) {
    }

    static Outcome await(String clause, String what, CompletableFuture<?> future) {
        try {
            return new Outcome(future.get(TckContext.deadline().toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome(null, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("[" + clause + "] " + what + " did not complete within "
                    + TckContext.deadline().toSeconds() + " s");
        } catch (java.util.concurrent.CancellationException e) {
            return new Outcome(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("[" + clause + "] interrupted waiting for " + what);
        }
    }

    /** Calls {@code call}, which must not throw (ASYNC-2), and waits for its future. */
    static Outcome call(String clause, String what, java.util.function.Supplier<CompletableFuture<?>> call) {
        CompletableFuture<?> f;
        try {
            f = call.get();
        } catch (Throwable t) {
            throw new AssertionError("[" + clause + ", ASYNC-2] " + what + " threw " + t
                    + " instead of returning a future", t);
        }
        if (f == null) {
            fail("[" + clause + "] " + what + " returned null instead of a future");
        }
        return await(clause, what, f);
    }

    /** The outcome of the blocking call, in the same form. */
    static Outcome blocking(java.util.function.Supplier<Object> call) {
        try {
            return new Outcome(call.get(), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e);
        }
    }

    static void expectSame(String clause, String what, Outcome blocking, Outcome async) {
        if (blocking.failure() == null && async.failure() == null) {
            if (!Objects.equals(blocking.value(), async.value())) {
                fail("[" + clause + "] " + what + ": the asynchronous view gave " + async.value()
                        + ", the blocking call " + blocking.value());
            }
            return;
        }
        if (blocking.failure() instanceof KvException && async.failure() instanceof KvException) {
            KvException b = (KvException) blocking.failure();
            KvException a = (KvException) async.failure();
            if (a.reason() != b.reason() || !Objects.equals(a.getMessage(), b.getMessage())) {
                fail("[" + clause + "] " + what + ": the asynchronous view failed with " + a.reason() + " '"
                        + a.getMessage() + "', the blocking call with " + b.reason() + " '" + b.getMessage() + "'");
            }
            return;
        }
        fail("[" + clause + "] " + what + ": the asynchronous view ended with "
                + (async.failure() == null ? "value " + async.value() : async.failure())
                + ", the blocking call with "
                + (blocking.failure() == null ? "value " + blocking.value() : blocking.failure()));
    }
}
