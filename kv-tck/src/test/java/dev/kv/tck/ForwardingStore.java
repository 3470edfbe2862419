package dev.kv.tck;

import dev.kv.api.spi.ForwardingKvStore;

/** A reference store behind kv's forwarding wrapper; each broken provider overrides one behaviour. */
class ForwardingStore extends ForwardingKvStore {
    final ReferenceKvProvider.Store delegate;

    ForwardingStore(ReferenceKvProvider.Store delegate) {
        super(delegate);
        this.delegate = delegate;
    }
}
