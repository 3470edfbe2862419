package dev.kv.tck;

import dev.kv.api.KvConfig;
import dev.kv.api.KvException;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.StoreInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** Broken providers of the STORES clauses: catalogue operations that list, look up or drop wrongly. */
final class BrokenCatalog {

    private BrokenCatalog() {
    }

    /** STORES-1: supports stores() but lists nothing (it lists only stores with no open handle, and there are none). */
    public static final class ListsNothing extends BrokenProvider {
        public ListsNothing() {
            super("broken-lists-nothing");
        }

        @Override
        public List<StoreInfo> stores(KvConfig config) {
            return List.of();
        }
    }

    /** STORES-1: lists and looks up with the default configuration, ignoring the one given (a tool's -c). */
    public static final class ListsWithDefaults extends BrokenProvider {
        public ListsWithDefaults() {
            super("broken-lists-with-defaults");
        }

        @Override
        public List<StoreInfo> stores(KvConfig config) {
            return super.stores(KvConfig.empty());
        }

        @Override
        public Optional<StoreInfo> store(String name, KvConfig config) {
            return super.store(name, KvConfig.empty());
        }
    }

    /** STORES-1: looks a store up by opening it, and keeps the handle, so looking creates the store. */
    public static final class LooksByOpening extends BrokenProvider {
        public LooksByOpening() {
            super("broken-looks-by-opening");
        }

        @Override
        public Optional<StoreInfo> store(String name, KvConfig config) {
            open(name, config);
            return super.store(name, config);
        }
    }

    /** STORES-2: drop empties a store that still has open handles instead of refusing. */
    public static final class DropsOpenStores extends ReferenceKvProvider {
        public DropsOpenStores() {
            super("broken-drops-open", EnumSet.noneOf(Capability.class));
        }

        @Override
        protected boolean dropsOpenStores() {
            return true;
        }
    }

    /** STORES-2: drop of a store that does not exist succeeds silently. */
    public static final class DropOfNothingSucceeds extends BrokenProvider {
        public DropOfNothingSucceeds() {
            super("broken-drop-of-nothing");
        }

        @Override
        public void drop(String name, KvConfig config) {
            try {
                super.drop(name, config);
            } catch (KvException e) {
                if (e.reason() != KvException.Reason.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }
}
