package dev.kv.provider.redis;

import dev.kv.api.KvException;
import dev.kv.api.spi.Diagnostics;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who has a store open, so that {@code drop} can refuse while anyone does. Each store's registry is a hash
 * ({@link Layout#registryKey}) with one field per holder (a JVM's open store: {@code pid <n> on <host>#<k>}), whose
 * value is the server time in milliseconds when its lease ends.
 *
 * <p>The protocol, all times the server's ({@code TIME}, so clients' clocks never matter):
 * <ul>
 *   <li><b>open</b> writes the holder's field with a lease of {@link #LEASE}, unless a drop's mark ({@code !drop})
 *       is there and unexpired, and then refuses; the open renews the lease every {@link #RENEW_EVERY} while it
 *       lasts, and <b>close</b> removes the field. A process that dies without closing holds the store until its
 *       lease ends, at most {@link #LEASE} later.</li>
 *   <li><b>drop</b> first removes the expired fields; if any field is left it refuses, naming the holders.
 *       Otherwise, in the same script, it writes its own mark, which makes every open refuse, renews the mark
 *       while it removes the store's keys, and deletes the registry at the end. A drop that dies leaves a mark
 *       that ends like a lease.</li>
 * </ul>
 * Each step is one script on the registry's node, so an open and a drop cannot both succeed.
 *
 * <p>What it does not cover: a holder whose renewals fail for longer than its lease (a server unreachable from
 * it for {@link #LEASE}) loses its lease, and a drop may then go ahead while the store is still open there.
 */
final class StoreRegistry {

    private static final System.Logger LOG = System.getLogger("dev.kv.provider.redis");

    /** How long a lease or a drop's mark lasts without renewal. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** How often an open store renews its lease: a third of it, so two renewals may fail in a row. */
    static final Duration RENEW_EVERY = LEASE.dividedBy(3);

    private static final String DROP_MARK = "!drop";
    private static final byte[] LEASE_MS = ascii(Long.toString(LEASE.toMillis()));
    private static final AtomicLong REGISTRATIONS = new AtomicLong();
    private static final String THIS_PROCESS = "pid " + ProcessHandle.current().pid() + " on " + host();

    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

    /** KEYS[1] the registry, ARGV[1] the holder, ARGV[2] the lease in ms. 1 if held, 0 if a drop is under way. */
    static final String REGISTER = String.join("\n", NOW,
            "local mark = tonumber(redis.call('HGET', KEYS[1], '" + DROP_MARK + "'))",
            "if mark and mark > now then return 0 end",
            "redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', now + tonumber(ARGV[2])))",
            "redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[2]))",
            "return 1");

    /**
     * KEYS[1] the registry, ARGV[1] the mark's lease in ms, ARGV[2] {@code check} (drop's start: refuse while held)
     * or {@code renew}. The holders found, or an empty list once the mark is written.
     */
    static final String MARK = String.join("\n", NOW,
            "if ARGV[2] == 'check' then",
            "  local fields = redis.call('HGETALL', KEYS[1])",
            "  local held = {}",
            "  for i = 1, #fields, 2 do",
            "    local ends = tonumber(fields[i + 1])",
            "    if ends == nil or ends <= now then redis.call('HDEL', KEYS[1], fields[i])",
            "    else table.insert(held, fields[i]) end",
            "  end",
            "  if #held > 0 then return held end",
            "end",
            "redis.call('HSET', KEYS[1], '" + DROP_MARK + "', string.format('%d', now + tonumber(ARGV[1])))",
            "redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[1]))",
            "return {}");

    private static final String REGISTER_SHA = Scripts.sha1(REGISTER);
    private static final String MARK_SHA = Scripts.sha1(MARK);

    private StoreRegistry() {
    }

    /**
     * Registers this JVM's open of {@code store} and renews it until the lease returned is closed.
     *
     * @throws KvException {@code STORAGE} if the store is being dropped, or the server did not answer
     */
    static Lease register(Connections connections, Layout layout, String store, String where) {
        byte[] registry = layout.registryKey(store);
        byte[] holder = ascii(THIS_PROCESS + "#" + REGISTRATIONS.incrementAndGet());
        Long held;
        try {
            held = Scripts.eval(connections.commands(), REGISTER, REGISTER_SHA, ScriptOutputType.INTEGER,
                    new byte[][] {registry}, holder, LEASE_MS);
        } catch (RuntimeException e) {
            throw connections.failure(e);
        }
        if (held == null || held == 0) {
            throw KvException.of(KvException.Reason.STORAGE, "redis store " + Diagnostics.quote(store) + " at "
                    + where + " is being dropped by another process; open it again when the drop has ended");
        }
        return new Lease(connections, registry, holder, store, where);
    }

    /**
     * Starts a drop of {@code store}: marks it so that no process opens it meanwhile.
     *
     * @throws KvException {@code STORAGE} naming the processes that have it open (changing nothing)
     */
    static void beginDrop(Connections connections, Layout layout, String store, String where) {
        List<Object> held = mark(connections, layout, store, "check");
        if (!held.isEmpty()) {
            Set<String> holders = new LinkedHashSet<>();
            for (Object h : held) {
                holders.add(describe(new String((byte[]) h, StandardCharsets.UTF_8)));
            }
            throw KvException.of(KvException.Reason.STORAGE, "redis store " + Diagnostics.quote(store) + " at " + where
                    + " is open in " + String.join(", ", holders) + "; close it there first; nothing was removed");
        }
    }

    /** Renews a drop's mark, for a drop that is still removing keys. */
    static void renewDrop(Connections connections, Layout layout, String store) {
        mark(connections, layout, store, "renew");
    }

    /** Ends a drop: removes the registry with its mark. */
    static void endDrop(Connections connections, Layout layout, String store) {
        try {
            connections.commands().del(layout.registryKey(store));
        } catch (RuntimeException e) {
            throw connections.failure(e);
        }
    }

    private static List<Object> mark(Connections connections, Layout layout, String store, String mode) {
        try {
            return Scripts.eval(connections.commands(), MARK, MARK_SHA, ScriptOutputType.MULTI,
                    new byte[][] {layout.registryKey(store)}, LEASE_MS, ascii(mode));
        } catch (RuntimeException e) {
            throw connections.failure(e);
        }
    }

    /** A holder's field for people: {@code pid 12 on host#3} is process 12 on host; a drop's mark is a drop. */
    private static String describe(String field) {
        if (field.equals(DROP_MARK)) {
            return "another drop of it";
        }
        int counter = field.lastIndexOf('#');
        String process = counter > 0 ? field.substring(0, counter) : field;
        return process.startsWith("pid ") ? "process " + process.substring(4) : process;
    }

    /** The host's name as the system has it, without a name look-up (which could reach the network). */
    private static String host() {
        for (String variable : List.of("HOSTNAME", "COMPUTERNAME")) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.trim();
            }
        }
        try {
            String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? "an unnamed host" : name;
        } catch (IOException | RuntimeException e) {
            return "an unnamed host";
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One JVM's hold on a store, renewed until closed. */
    static final class Lease implements AutoCloseable {
        private final Connections connections;
        private final byte[] registry;
        private final byte[] holder;
        private final ScheduledFuture<?> renewal;

        private Lease(Connections connections, byte[] registry, byte[] holder, String store, String where) {
            this.connections = connections;
            this.registry = registry;
            this.holder = holder;
            long every = RENEW_EVERY.toMillis();
            this.renewal = connections.scheduler().scheduleWithFixedDelay(() -> renew(store, where), every, every,
                    TimeUnit.MILLISECONDS);
        }

        // Without blocking the scheduler's thread: a server that does not answer makes renewals fail, not queue.
        private void renew(String store, String where) {
            Scripts.<Long>evalAsync(connections.async(), REGISTER, REGISTER_SHA, ScriptOutputType.INTEGER,
                    new byte[][] {registry}, holder, LEASE_MS).whenComplete((held, e) -> {
                        if (e != null) {
                            LOG.log(Level.DEBUG, () -> "could not renew the lease on redis store "
                                    + Diagnostics.quote(store) + " at " + where + ": " + e);
                        } else if (held == null || held == 0) {
                            LOG.log(Level.WARNING, () -> "redis store " + Diagnostics.quote(store) + " at " + where
                                    + " is being dropped while open in this process: its lease had ended (the"
                                    + " server did not answer for " + LEASE.toSeconds() + " s)");
                        }
                    });
        }

        /**
         * Ends the lease, waiting for the server's answer while connected (so a drop right after the last close
         * succeeds); if the server is unreachable, the lease ends by itself within {@link #LEASE}.
         */
        @Override
        public void close() {
            renewal.cancel(false);
            CompletableFuture<Long> ended =
                    connections.async().hdel(registry, holder).toCompletableFuture();
            if (!connections.connection().isOpen()) {
                return;
            }
            try {
                ended.get(connections.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.DEBUG, () -> "could not end a lease at " + connections.server()
                        + " (it ends by itself within " + LEASE.toSeconds() + " s): " + e);
            }
        }
    }
}
