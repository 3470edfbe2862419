package dev.kv.tck.internal;

import dev.kv.api.Kv;
import dev.kv.api.KvConfig;
import dev.kv.api.KvEvent;
import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.KvProvider;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * The main class of the child JVMs the kit forks. {@code store <provider class> <hex name> [hex k=hex v]...} opens
 * a store and answers commands read from stdin, one per line, each with one line {@code @@ ...} on stdout:
 * {@code set k v}, {@code get k}, {@code del k}, {@code watch k} (then {@code @@ event KIND v} per event),
 * {@code fill prefix n} (sets prefix-i to v-i, answering {@code @@ acked i} after each),
 * {@code churn prefix n rounds tag}, {@code mix prefix seed ackfile} (the {@link CrashWorkload} operations from 0 on,
 * answering {@code @@ acked i} after each and appending {@code i} to the file, until killed), {@code close}, {@code quit}. Keys and values are hex of UTF-8.
 * {@code select <scenario>} runs one provider-selection scenario (PROV-4) and prints {@code @@ selected <id>}.
 */
public final class TckChild {

    private TckChild() {
    }

    /**
     * Runs the child.
     *
     * @param args see the class comment
     * @throws Exception on failure; the parent sees the exit code and output
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args[0].equals("select")) {
            if (args.length > 2) {
                System.setProperty(Kv.PROVIDER_PROPERTY, args[2]);
            }
            select(args[1], out);
            return;
        }
        KvProvider provider = instantiate(args[1]);
        String name = ChildJvm.unhex(args[2]);
        KvConfig.Builder config = KvConfig.builder();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            config.set(ChildJvm.unhex(kv[0]), ChildJvm.unhex(kv[1]));
        }
        KvStore store;
        try {
            store = Kv.builder().provider(provider).config(config.build()).open(name);
            out.println("@@ opened");
        } catch (KvException e) {
            out.println("@@ error " + e.reason() + " " + ChildJvm.hex(e.getMessage()));
            store = null;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] c = line.trim().split(" ");
            if (c[0].equals("quit")) {
                break;
            }
            try {
                run(store, c, out);
            } catch (KvException e) {
                out.println("@@ error " + e.reason() + " " + ChildJvm.hex(e.getMessage()));
            } catch (RuntimeException e) {
                out.println("@@ error EXCEPTION " + ChildJvm.hex(e.toString()));
            }
        }
        if (store != null) {
            store.close();
        }
        out.flush();
        System.exit(0);
    }

    private static void run(KvStore store, String[] c, PrintStream out) {
        if (store == null) {
            out.println("@@ error CLOSED " + ChildJvm.hex("the store did not open"));
            return;
        }
        switch (c[0]) {
            case "set":
                store.set(ChildJvm.unhex(c[1]), Payload.ofUtf8(ChildJvm.unhex(c[2])));
                out.println("@@ ok");
                break;
            case "get": {
                Optional<Payload> v = store.find(ChildJvm.unhex(c[1]));
                out.println(v.isPresent() ? "@@ value " + ChildJvm.hex(v.get().toUtf8()) : "@@ missing");
                break;
            }
            case "del":
                store.delete(ChildJvm.unhex(c[1]));
                out.println("@@ ok");
                break;
            case "fill": {
                String prefix = ChildJvm.unhex(c[1]);
                int n = Integer.parseInt(c[2]);
                for (int i = 0; i < n; i++) {
                    store.set(prefix + "-d" + i, Payload.ofUtf8("doomed-" + i));
                    store.delete(prefix + "-d" + i);
                    store.set(prefix + "-" + i, Payload.ofUtf8("v-" + i));
                    out.println("@@ acked " + i);
                }
                break;
            }
            case "mix": {
                String prefix = ChildJvm.unhex(c[1]);
                long seed = Long.parseLong(c[2]);
                int max = store.limits().maxPayloadBytes();
                // Each acknowledgement is also written straight to a file (one write(2) each, no buffer): the
                // kernel keeps it through SIGKILL, where the end of a pipe can be lost to the JDK's reaper.
                try (FileOutputStream acks = new FileOutputStream(ChildJvm.unhex(c[3]), true)) {
                    for (int i = 0; ; i++) {
                        CrashWorkload.Op op = CrashWorkload.op(prefix, seed, i, max);
                        if (op.value() == null) {
                            store.delete(op.key());
                        } else {
                            store.set(op.key(), op.value());
                        }
                        acks.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.println("@@ acked " + i);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "churn": {
                String prefix = ChildJvm.unhex(c[1]);
                int n = Integer.parseInt(c[2]);
                int rounds = Integer.parseInt(c[3]);
                String tag = c[4];
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < n; i++) {
                        store.set(prefix + "-" + i, Payload.ofUtf8(tag + "-" + r + "-" + i));
                    }
                }
                out.println("@@ ok");
                break;
            }
            case "watch": {
                String key = ChildJvm.unhex(c[1]);
                store.events(key).subscribe(new Flow.Subscriber<KvEvent>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(KvEvent e) {
                        out.println("@@ event " + e.kind() + " " + (e.payload() == null ? "-"
                                : ChildJvm.hex(e.payload().toUtf8())));
                    }

                    @Override
                    public void onError(Throwable t) {
                        out.println("@@ event ERROR " + ChildJvm.hex(t.toString()));
                    }

                    @Override
                    public void onComplete() {
                        out.println("@@ event COMPLETE -");
                    }
                });
                out.println("@@ ok");
                break;
            }
            case "close":
                store.close();
                out.println("@@ ok");
                break;
            default:
                out.println("@@ error UNKNOWN " + ChildJvm.hex(String.join(" ", c)));
        }
    }

    private static KvProvider instantiate(String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className);
        Constructor<?> ctor = type.getDeclaredConstructor();
        ctor.setAccessible(true);
        return (KvProvider) ctor.newInstance();
    }

    /** PROV-4 across the environment variable: which provider the library selects among two fakes. */
    private static void select(String scenario, PrintStream out) {
        ClassLoader loader = Isolation.loaderInChild(List.of(Isolation.FAKE, Isolation.FAKE_TWO));
        Kv.Builder b = Kv.builder().classLoader(loader);
        if (scenario.equals("builder")) {
            b.provider("tck-fake");
        }
        try (KvStore s = b.open("select")) {
            out.println("@@ selected " + s.providerId());
        } catch (KvException e) {
            out.println("@@ error " + e.reason() + " " + ChildJvm.hex(e.getMessage()));
        }
    }
}
