package dev.kv.micrometer.internal;

import dev.kv.api.AsyncKvStore;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The asynchronous view of an {@link InstrumentedKvStore}: the provider's own view, each call counted and (when
 * sampled) timed from the call to the completion of its future, into the same meters as the blocking calls, since
 * they are the same operations. The future returned is the provider's, so its thread rules (ASYNC-6) hold:
 * recording happens in a stage the provider's future completes, and callers' stages follow it.
 */
final class InstrumentedAsyncKvStore implements AsyncKvStore {

    private final AsyncKvStore delegate;
    private final InstrumentedKvStore owner;
    private final StoreMeters meters;

    InstrumentedAsyncKvStore(AsyncKvStore delegate, InstrumentedKvStore owner) {
        this.delegate = delegate;
        this.owner = owner;
        this.meters = owner.meters;
    }

    @Override
    public KvStore synchronous() {
        return owner;
    }

    @Override
    public CompletableFuture<Payload> get(String key) {
        boolean sampled = owner.sampled();
        long start = owner.start(sampled);
        return delegate.get(key).whenComplete((value, failure) -> {
            if (failure == null) {
                owner.done(meters.getHit, sampled, start);
                if (sampled && value != null) {
                    meters.getSize.record(value.size());
                }
            } else {
                owner.done(isMiss(failure) ? meters.getMiss : meters.getError, sampled, start);
            }
        });
    }

    @Override
    public CompletableFuture<Optional<Payload>> find(String key) {
        boolean sampled = owner.sampled();
        long start = owner.start(sampled);
        return delegate.find(key).whenComplete((value, failure) -> {
            if (failure != null) {
                owner.done(meters.findError, sampled, start);
            } else if (value != null && value.isPresent()) {
                owner.done(meters.findHit, sampled, start);
                if (sampled) {
                    meters.findSize.record(value.get().size());
                }
            } else {
                owner.done(meters.findMiss, sampled, start);
            }
        });
    }

    @Override
    public CompletableFuture<Void> set(String key, Payload value) {
        boolean sampled = owner.sampled();
        long start = owner.start(sampled);
        return delegate.set(key, value).whenComplete((done, failure) -> {
            owner.done(failure == null ? meters.setSuccess : meters.setError, sampled, start);
            if (failure == null && sampled) {
                meters.setSize.record(value.size());
            }
        });
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        boolean sampled = owner.sampled();
        long start = owner.start(sampled);
        return delegate.delete(key).whenComplete((done, failure) ->
                owner.done(failure == null ? meters.deleteSuccess : meters.deleteError, sampled, start));
    }

    private static boolean isMiss(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof KvException && ((KvException) cause).reason() == KvException.Reason.NOT_FOUND;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
