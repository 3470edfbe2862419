package dev.kv.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.KvConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link TckChild}: same {@code java}, this JVM's flags less agents and module options, and
 * a plain class path made of this JVM's module path and class path. Lines it prints starting with {@code @@ }
 * are its answers; everything else (provider banners, logs) is kept only for failure messages.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final PrintWriter in;
    private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final String label;
    private volatile boolean drained;

    private ChildJvm(Process process, String label) {
        this.process = process;
        this.label = label;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("@@ ")) {
                        answers.add(line.substring(3));
                    }
                }
            } catch (IOException e) {
                // the child went away; waiting callers see a missing answer
            } finally {
                drained = true;
            }
        }, "kv-tck-child-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child that opens one store and answers commands (see {@link TckChild}).
     *
     * @param ctx    the check's context
     * @param name   the store's name
     * @param config the configuration to open it with
     * @return the running child
     */
    public static ChildJvm store(TckContext ctx, String name, KvConfig config) {
        List<String> args = new ArrayList<>();
        args.add("store");
        args.add(ctx.provider().getClass().getName());
        args.add(hex(name));
        for (Map.Entry<String, String> e : config.asMap().entrySet()) {
            args.add(hex(e.getKey()) + "=" + hex(e.getValue()));
        }
        return start(ctx, args, Map.of(), "child JVM with store " + Text.quote(name));
    }

    /**
     * Starts a child JVM running {@link TckChild} with arguments.
     *
     * @param ctx   the check's context
     * @param args  the arguments
     * @param env   extra environment variables
     * @param label a description for messages
     * @return the running child
     */
    public static ChildJvm start(TckContext ctx, List<String> args, Map<String, String> env, String label) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags());
        command.addAll(ctx.hooks().childJvmOptions());
        // the child's temporary files go in the check's directory, deleted when the check ends, even if the
        // child was killed: the kit leaves nothing in java.io.tmpdir
        Path childTmp = ctx.directory().resolve("child-tmp");
        try {
            Files.createDirectories(childTmp);
        } catch (IOException e) {
            throw new UncheckedIOException("kv-tck could not create " + childTmp, e);
        }
        command.add("-Djava.io.tmpdir=" + childTmp);
        command.add("-cp");
        command.add(classPath(ctx.provider().getClass()));
        command.add(TckChild.class.getName());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("KV_PROVIDER");
        pb.environment().remove("KV_PLUGINS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        try {
            return new ChildJvm(pb.start(), label);
        } catch (IOException e) {
            throw new UncheckedIOException("kv-tck could not start a child JVM: " + command, e);
        }
    }

    static List<String> jvmFlags() {
        List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            String next = i + 1 < in.size() ? in.get(i + 1) : "";
            if (a.equals("--module-path") || a.equals("-p") || a.equals("--add-modules") || a.equals("--patch-module")
                    || a.equals("--upgrade-module-path") || a.equals("--add-reads") || a.equals("-cp")
                    || a.equals("-classpath") || a.equals("--class-path") || a.equals("--limit-modules")) {
                i++;
                continue;
            }
            if (a.equals("--add-opens") || a.equals("--add-exports")) {
                if (next.endsWith("=ALL-UNNAMED")) {
                    out.add(a + "=" + next);
                }
                i++;
                continue;
            }
            if (a.startsWith("--add-opens=") || a.startsWith("--add-exports=")) {
                if (a.endsWith("=ALL-UNNAMED")) {
                    out.add(a);
                }
                continue;
            }
            if (a.startsWith("-javaagent") || a.startsWith("-agentlib") || a.startsWith("-agentpath")
                    || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug") || a.startsWith("--module-path=")
                    || a.startsWith("--add-modules=") || a.startsWith("--patch-module=") || a.startsWith("--add-reads=")
                    || a.startsWith("-Djdk.module.") || a.startsWith("-Dsurefire") || a.startsWith("-Dbasedir")
                    || a.startsWith("--limit-modules=") || a.startsWith("-Djava.class.path")
                    || a.startsWith("-Dkv.plugins")
                    || a.startsWith("@")) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /**
     * This JVM's module path and class path as one class path; for a provider loaded as a plugin (in a module layer
     * of its own), its plugin's jars too, so that the child finds the provider class without plugins.
     */
    static String classPath(Class<?> providerType) {
        List<String> entries = new ArrayList<>();
        ModuleLayer layer = providerType.getModule().getLayer();
        if (layer != null && layer != ModuleLayer.boot()) {
            layer.configuration().modules().forEach(m -> m.reference().location()
                    .filter(u -> "file".equals(u.getScheme())).ifPresent(u -> entries.add(Path.of(u).toString())));
        }
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(prop);
            if (v == null || v.isBlank()) {
                continue;
            }
            for (String e : v.split(File.pathSeparator)) {
                if (!e.isBlank() && Files.exists(Path.of(e)) && !entries.contains(e)) {
                    entries.add(e);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Sends a command line.
     *
     * @param command the command
     */
    public void send(String command) {
        in.println(command);
    }

    /**
     * Sends a command and waits for its answer.
     *
     * @param command the command
     * @param clause  the clause for failure messages
     * @return the answer
     */
    public String ask(String command, String clause) {
        send(command);
        return answer(clause, "an answer to '" + command + "'");
    }

    /**
     * Waits for the next answer.
     *
     * @param clause the clause for failure messages
     * @param what   what is awaited, for messages
     * @return the answer
     */
    public String answer(String clause, String what) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                String a = answers.poll(100, TimeUnit.MILLISECONDS);
                if (a != null) {
                    return a;
                }
                // A child that exited, all its output read, will never answer: say so now, not in 60 s.
                if (drained && !process.isAlive() && answers.isEmpty()) {
                    fail("[" + clause + "] " + label + " exited with " + process.exitValue() + " before giving "
                            + what + "; its output:\n" + output());
                }
                if (System.nanoTime() - deadline >= 0) {
                    fail("[" + clause + "] " + label + " gave no " + what + " within 60 s; its output:\n" + output());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** @return what the child printed so far */
    public String output() {
        synchronized (output) {
            List<String> tail = output.size() > 60 ? output.subList(output.size() - 60, output.size()) : output;
            return String.join("\n", tail);
        }
    }

    /** Kills the child as SIGKILL does and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the child to exit.
     *
     * @param clause the clause for failure messages
     * @return the exit code
     */
    public int awaitExit(String clause) {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                fail("[" + clause + "] " + label + " did not exit within 60 s; its output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            send("quit");
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hex of UTF-8, for passing any text on a command line.
     *
     * @param s the text
     * @return the hex
     */
    public static String hex(String s) {
        return s.isEmpty() ? "-" : HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The inverse of {@link #hex(String)}.
     *
     * @param h the hex
     * @return the text
     */
    public static String unhex(String h) {
        return h.equals("-") ? "" : new String(HexFormat.of().parseHex(h), StandardCharsets.UTF_8);
    }
}
