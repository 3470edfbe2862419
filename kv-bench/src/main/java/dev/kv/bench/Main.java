package dev.kv.bench;

import dev.kv.bench.watch.WatchBench;
import java.util.Arrays;

/**
 * The jar's entry point: {@code java -jar kv-bench.jar [JMH options]} runs JMH; two extra commands run the
 * harnesses that are not JMH benchmarks.
 * <ul>
 *   <li>{@code watch [options]}: watch delivery rate and latency ({@link WatchBench});</li>
 *   <li>{@code report <csv files>}: Markdown tables with kv/raw ratios from JMH CSV results ({@link Report}).</li>
 * </ul>
 * (A modular jar's {@code Main-Class} must be in the module, so JMH's own main is reached through here.)
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs JMH or one of the extra commands.
     *
     * @param args JMH's command line, or {@code watch ...} or {@code report ...}
     * @throws Exception whatever the command throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("watch")) {
            WatchBench.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("report")) {
            Report.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
