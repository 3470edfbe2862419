package dev.kv.cli;

import dev.kv.api.KvEvent;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import dev.kv.api.spi.Diagnostics;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kv watch STORE KEY}: one line per change of the key, until interrupted or {@code --count} events.
 *
 * <p>The line is {@code KIND seq=N key='K' size=S value='TEXT'}; removals have no size or value, and the value
 * is shown only when the payload is UTF-8 text without control characters. "watching ..." on standard error
 * says the subscription is in place: every write from then on is reported.
 */
@Command(name = "watch", header = "Prints a key's changes as they happen, one line each.",
        mixinStandardHelpOptions = true, versionProvider = KvMain.Version.class,
        description = {
            "Prints one line per change of KEY in STORE, made by this or any other process the provider"
                    + " reaches, until interrupted (Ctrl-C) or --count events were printed:",
            "  SET seq=7 key='greeting' size=5 value='hello'",
            "  SET seq=8 key='greeting' size=4096 (binary)",
            "  DELETE seq=9 key='greeting'",
            "The value is shown when it is UTF-8 text without control characters (the first "
                    + WatchCommand.MAX_SHOWN + " characters of longer text). 'seq' is the store's event"
                    + " sequence number in this process; it increases, with gaps for other keys' events.",
            "The line 'kv: watching ...' on standard error says the watch is in place. A store that does not"
                    + " exist is created, empty, saying so: a watch needs the store to be told of writes."
        })
final class WatchCommand implements Callable<Integer> {

    /** Longest text value shown in full; a value is for a glance here, 'kv get' prints all of it. */
    static final int MAX_SHOWN = 1000;

    /** Events requested ahead of the printing: enough to keep the pipe busy, bounded so memory stays flat. */
    private static final int BATCH = 64;

    @ParentCommand
    KvMain kv;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store's name.")
    String store;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key to watch.")
    String key;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Exit after N events (default: never).")
    Long count;

    /** Set when the JVM is shutting down (Ctrl-C): the handle's closing is then no news to report. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws InterruptedException {
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
        }
        // A store that outlives the command is worth a word when watching creates it; one that ends with it is not,
        // nor one that opening leaves absent (a redis store exists only while it holds a key).
        boolean persistent = kv.selectProvider().capabilities().contains(Capability.PERSISTENT);
        boolean existed = !persistent || kv.exists(spec.commandLine(), store).orElse(true);
        KvStore s = kv.open(spec.commandLine(), store);
        if (!existed && kv.exists(spec.commandLine(), store).orElse(true)) {
            kv.err().println("kv: store " + Diagnostics.quote(store) + " did not exist: created it empty to watch key "
                    + Diagnostics.quote(key) + " (kv drop " + store + " removes it)");
        }
        if (!kv.selectProvider().capabilities().contains(Capability.CROSS_PROCESS_WATCH)) {
            kv.err().println("kv: warning: provider '" + s.providerId() + "' does not declare CROSS_PROCESS_WATCH:"
                    + " this watch sees only writes made by this process, so none");
        }
        // Ctrl-C ends the JVM through its shutdown hooks; closing the handle there detaches the store cleanly.
        Thread closer = new Thread(() -> {
            stopping = true;
            s.close();
        }, "kv-watch-close");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            return watch(s);
        } finally {
            s.close();
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // Already shutting down: the hook runs anyway and close() is idempotent.
            }
        }
    }

    private int watch(KvStore s) throws InterruptedException {
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        s.events(s.watch(key)).subscribe(new Flow.Subscriber<KvEvent>() {
            @Override
            public void onSubscribe(Flow.Subscription sub) {
                subscription[0] = sub;
                sub.request(BATCH);
            }

            @Override
            public void onNext(KvEvent event) {
                signals.add(event);
            }

            @Override
            public void onError(Throwable error) {
                signals.add(error);
            }

            @Override
            public void onComplete() {
                signals.add(Completed.INSTANCE);
            }
        });
        kv.err().println("kv: watching key " + Diagnostics.quote(key) + " in store " + Diagnostics.quote(store)
                + " (" + s.rd() + ")" + (count == null ? "; Ctrl-C to stop" : "; exiting after " + count
                + (count == 1 ? " event" : " events")));
        kv.err().flush();
        PrintStream out = kv.out();
        long printed = 0;
        long sinceRequest = 0;
        while (count == null || printed < count) {
            Object signal = signals.take();
            if (signal instanceof KvEvent) {
                out.println(line((KvEvent) signal));
                out.flush();
                printed++;
                if (++sinceRequest == BATCH / 2) {
                    subscription[0].request(sinceRequest);
                    sinceRequest = 0;
                }
            } else if (signal instanceof RuntimeException) {
                throw (RuntimeException) signal;
            } else if (signal instanceof Throwable) {
                throw new KvMain.Failure("watching key " + Diagnostics.quote(key) + " failed: " + signal,
                        (Throwable) signal);
            } else {
                if (stopping) {
                    break;
                }
                kv.err().println("kv: the watch of key " + Diagnostics.quote(key) + " ended: the store was closed");
                break;
            }
        }
        subscription[0].cancel();
        return 0;
    }

    /**
     * One event as a line of text.
     *
     * @param e the event
     * @return for example {@code SET seq=7 key='greeting' size=5 value='hello'}
     */
    static String line(KvEvent e) {
        StringBuilder b = new StringBuilder(64).append(e.kind()).append(" seq=").append(e.sequence())
                .append(" key=").append(Diagnostics.quote(e.key()));
        Payload p = e.payload();
        if (p != null) {
            b.append(" size=").append(p.size());
            String text = printableText(p);
            if (text == null) {
                b.append(" (binary)");
            } else if (text.length() > MAX_SHOWN) {
                b.append(" value='").append(text, 0, Character.isHighSurrogate(text.charAt(MAX_SHOWN - 1))
                        ? MAX_SHOWN - 1 : MAX_SHOWN).append("'...");
            } else {
                b.append(" value='").append(text).append('\'');
            }
        }
        return b.toString();
    }

    /** The payload as text if it is well-formed UTF-8 with no control characters, else null. */
    private static String printableText(Payload p) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(p.asByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return null;
            }
        }
        return text;
    }

    private enum Completed { INSTANCE }
}
