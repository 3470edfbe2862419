package dev.kv.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns JMH CSV results ({@code -rf csv}) into the Markdown tables of BENCHMARKS.md: each provider's operations
 * next to the raw library's with the ratio kv/raw, the targets of issue #7 marked met or missed, and the
 * persisted peers next to the chronicle provider. Ratios come only from results in the files given, so they are
 * from one run when the files are.
 *
 * <p>JMH's error column is the half-width of a 99.9% confidence interval, which with three iterations is
 * 18 standard deviations wide (Student's t for 2 degrees of freedom is 31.6). The tables show the standard
 * deviation over the measured iterations instead, recovered from that error and the sample count; the spread
 * of a ratio combines the two relative deviations as if independent: a guide, not a confidence interval.
 */
public final class Report {

    private Report() {
    }

    /** One JMH result row. */
    private record Row(String bench, String method, int threads, double score, double error, String unit,
                       int payload, String store) {
    }

    /**
     * Prints the tables.
     *
     * @param args JMH CSV files
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String file : args) {
            rows.addAll(read(Path.of(file)));
        }
        StringBuilder out = new StringBuilder();
        pairs(out, rows, "MemoryBench", "memory provider vs raw Caffeine (same cache, via unwrap)");
        pairs(out, rows, "ChronicleBench", "chronicle provider vs raw Chronicle Map (same map, via unwrap)");
        pairs(out, rows, "RedisBench", "redis provider vs raw Lettuce GET/SET (same server, one connection each)");
        metrics(out, rows);
        targets(out, rows);
        peers(out, rows);
        readPath(out, rows);
        System.out.print(out);
    }

    private static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = split(lines.get(0));
        if (header.isEmpty() || !header.get(0).equals("Benchmark")) {
            System.err.println("skipping " + file + ": not a JMH CSV result file");
            return List.of();
        }
        int payloadColumn = header.indexOf("Param: payload");
        int storeColumn = header.indexOf("Param: store");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            String name = f.get(0);
            if (name.contains(":")) {
                continue; // a profiler's secondary result
            }
            int dot = name.lastIndexOf('.');
            String cls = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
            rows.add(new Row(cls, name.substring(dot + 1), Integer.parseInt(f.get(2)), number(f.get(4)),
                    stdev(number(f.get(5)), Integer.parseInt(f.get(3))), f.get(6), payloadColumn < 0 ? 0 : Integer.parseInt(f.get(payloadColumn)),
                    storeColumn < 0 || f.get(storeColumn).isEmpty() ? "" : f.get(storeColumn)));
        }
        return rows;
    }

    /** Student's t, two-sided 99.9%, for 1 to 10 degrees of freedom (JMH's error uses it). */
    private static final double[] T_999 = {636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781,
        4.587};

    private static double stdev(double jmhError, int samples) {
        if (Double.isNaN(jmhError) || samples < 2) {
            return Double.NaN;
        }
        int df = samples - 1;
        double t = df <= T_999.length ? T_999[df - 1] : 3.291;
        return jmhError * Math.sqrt(samples) / t;
    }

    private static double number(String s) {
        return s.isEmpty() || s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static Row find(List<Row> rows, String bench, String method, int payload, int threads, String store) {
        for (Row r : rows) {
            if (r.bench.equals(bench) && r.method.equals(method) && r.payload == payload && r.threads == threads
                    && r.store.equals(store)) {
                return r;
            }
        }
        return null;
    }

    /** kv method, raw method, label. */
    private static final String[][] PAIRS = {
        {"kvGetHit", "rawGetHit", "get hit"},
        {"kvFindMiss", "rawGetMiss", "get miss (find)"},
        {"kvGetMissThrows", "rawGetMiss", "get miss (get, throws NOT_FOUND)"},
        {"kvSet", "rawSet", "set (overwrite)"},
        {"kvDeleteSet", "rawDeleteSet", "delete then set"},
        {"kvMix90", "rawMix90", "90% get / 10% set"},
    };

    private static void pairs(StringBuilder out, List<Row> rows, String bench, String title) {
        if (rows.stream().noneMatch(r -> r.bench.equals(bench))) {
            return;
        }
        out.append("\n### ").append(title).append("\n\n");
        out.append("| operation | payload | threads | kv (ns/op ± sd) | raw (ns/op ± sd) | kv / raw |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (String[] pair : PAIRS) {
            for (int threads : threads(rows, bench)) {
                for (int payload : payloads(rows, bench)) {
                    Row kv = find(rows, bench, pair[0], payload, threads, "");
                    Row raw = find(rows, bench, pair[1], payload, threads, "");
                    if (kv == null && raw == null) {
                        continue;
                    }
                    out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", pair[2],
                            size(payload), threads, score(kv), score(raw), ratio(kv, raw)));
                }
            }
        }
    }

    private static void metrics(StringBuilder out, List<Row> rows) {
        if (rows.stream().noneMatch(r -> r.method.equals("meteredGetHit"))) {
            return;
        }
        boolean everyCall = rows.stream().anyMatch(r -> r.method.equals("meteredEveryCallGetHit"));
        out.append("\n### kv-micrometer: instrumented memory handle vs plain handle (get hit)\n\n");
        out.append("| payload | threads | plain (ns/op) | instrumented, default (ns/op) | default / plain |");
        out.append(everyCall ? " every call timed (ns/op) | every call / plain |\n" : "\n");
        out.append("|---:|---:|---:|---:|---:|").append(everyCall ? "---:|---:|\n" : "\n");
        for (int threads : threads(rows, "MemoryBench")) {
            for (int payload : payloads(rows, "MemoryBench")) {
                Row plain = find(rows, "MemoryBench", "kvGetHit", payload, threads, "");
                Row metered = find(rows, "MemoryBench", "meteredGetHit", payload, threads, "");
                if (metered == null) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |", size(payload), threads,
                        score(plain), score(metered), ratio(metered, plain)));
                if (everyCall) {
                    Row timed = find(rows, "MemoryBench", "meteredEveryCallGetHit", payload, threads, "");
                    out.append(timed == null ? " | |"
                            : String.format(Locale.ROOT, " %s | %s |", score(timed), ratio(timed, plain)));
                }
                out.append('\n');
            }
        }
    }

    private static void targets(StringBuilder out, List<Row> rows) {
        Object[][] targets = {
            {"memory get ≤ 1.10× raw Caffeine", "MemoryBench", "kvGetHit", "rawGetHit", 1.10},
            {"memory set ≤ 1.25× raw Caffeine", "MemoryBench", "kvSet", "rawSet", 1.25},
            {"chronicle get ≤ 1.10× raw Chronicle Map", "ChronicleBench", "kvGetHit", "rawGetHit", 1.10},
            {"chronicle set ≤ 1.10× raw Chronicle Map", "ChronicleBench", "kvSet", "rawSet", 1.10},
            {"metrics ≤ 1.15× plain memory get", "MemoryBench", "meteredGetHit", "kvGetHit", 1.15},
            // Issue 15: at 1 thread ≤ 1.15× raw Lettuce; at 16 threads ≥ 0.9× its throughput, i.e. ≤ 1/0.9 the time.
            {"redis get ≤ 1.15× raw Lettuce", "RedisBench", "kvGetHit", "rawGetHit", 1.15, 1},
            {"redis set ≤ 1.15× raw Lettuce", "RedisBench", "kvSet", "rawSet", 1.15, 1},
            {"redis get ≥ 0.9× raw Lettuce's throughput", "RedisBench", "kvGetHit", "rawGetHit", 1 / 0.9, 16},
            {"redis set ≥ 0.9× raw Lettuce's throughput", "RedisBench", "kvSet", "rawSet", 1 / 0.9, 16},
        };
        out.append("\n### Targets (issues #7 and #15)\n\n");
        out.append("| target | payload | threads | ratio | met? |\n|---|---:|---:|---:|---|\n");
        for (Object[] t : targets) {
            String bench = (String) t[1];
            for (int threads : threads(rows, bench)) {
                if (t.length > 5 && (int) t[5] != threads) {
                    continue;
                }
                for (int payload : payloads(rows, bench)) {
                    Row a = find(rows, bench, (String) t[2], payload, threads, "");
                    Row b = find(rows, bench, (String) t[3], payload, threads, "");
                    if (a == null || b == null) {
                        continue;
                    }
                    double r = a.score / b.score;
                    double limit = (double) t[4];
                    double err = r * Math.sqrt(Math.pow(a.error / a.score, 2) + Math.pow(b.error / b.score, 2));
                    String verdict = r <= limit ? "met" : "**missed**";
                    if (!Double.isNaN(err) && Math.abs(r - limit) <= err) {
                        verdict += " (within the spread)";
                    }
                    out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", t[0], size(payload),
                            threads, ratio(a, b), verdict));
                }
            }
        }
    }

    private static void peers(StringBuilder out, List<Row> rows) {
        if (rows.stream().noneMatch(r -> r.bench.equals("PeerBench"))) {
            return;
        }
        TreeSet<String> stores = new TreeSet<>();
        rows.stream().filter(r -> r.bench.equals("PeerBench")).forEach(r -> stores.add(r.store));
        Map<String, String> ops = new LinkedHashMap<>();
        ops.put("getHit", "kvGetHit");
        ops.put("getMiss", "kvFindMiss");
        ops.put("set", "kvSet");
        ops.put("deleteSet", "kvDeleteSet");
        ops.put("mix90", "kvMix90");
        out.append("\n### Persisted peers, same keys and values (ns/op; lower is better)\n\n");
        StringBuilder head = new StringBuilder("| operation | payload | threads | chronicle provider |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|");
        for (String s : stores) {
            head.append(' ').append(s).append(" |");
            rule.append("---:|");
        }
        out.append(head).append('\n').append(rule).append('\n');
        for (Map.Entry<String, String> op : ops.entrySet()) {
            for (int threads : threads(rows, "PeerBench")) {
                for (int payload : payloads(rows, "PeerBench")) {
                    StringBuilder line = new StringBuilder();
                    boolean any = false;
                    Row chronicle = find(rows, "ChronicleBench", op.getValue(), payload, threads, "");
                    line.append(String.format(Locale.ROOT, "| %s | %s | %d | %s |", op.getKey(), size(payload),
                            threads, score(chronicle)));
                    for (String s : stores) {
                        Row r = find(rows, "PeerBench", op.getKey(), payload, threads, s);
                        any |= r != null;
                        line.append(' ').append(score(r)).append(" |");
                    }
                    if (any) {
                        out.append(line).append('\n');
                    }
                }
            }
        }
    }

    private static void readPath(StringBuilder out, List<Row> rows) {
        String bench = "ChronicleReadPathBench";
        if (rows.stream().noneMatch(r -> r.bench.equals(bench))) {
            return;
        }
        out.append("\n### Experiment: reading the provider's layout from a plain Chronicle Map (ns/op)\n\n");
        out.append("| payload | threads | query context (provider today) | map.get + copy | map.get alone |"
                + " context / get+copy |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int threads : threads(rows, bench)) {
            for (int payload : payloads(rows, bench)) {
                Row ctx = find(rows, bench, "queryContext", payload, threads, "");
                Row copy = find(rows, bench, "getThenCopy", payload, threads, "");
                Row get = find(rows, bench, "getOnly", payload, threads, "");
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", size(payload), threads,
                        score(ctx), score(copy), score(get), ratio(ctx, copy)));
            }
        }
    }

    private static TreeSet<Integer> threads(List<Row> rows, String bench) {
        TreeSet<Integer> t = new TreeSet<>();
        rows.stream().filter(r -> r.bench.equals(bench)).forEach(r -> t.add(r.threads));
        return t;
    }

    private static TreeSet<Integer> payloads(List<Row> rows, String bench) {
        TreeSet<Integer> t = new TreeSet<>();
        rows.stream().filter(r -> r.bench.equals(bench)).forEach(r -> t.add(r.payload));
        return t;
    }

    private static String size(int bytes) {
        return bytes >= 1024 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    private static String score(Row r) {
        if (r == null) {
            return "–";
        }
        return Double.isNaN(r.error) ? fmt(r.score) : fmt(r.score) + " ± " + fmt(r.error);
    }

    private static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(Row a, Row b) {
        if (a == null || b == null) {
            return "–";
        }
        double r = a.score / b.score;
        if (Double.isNaN(a.error) || Double.isNaN(b.error)) {
            return String.format(Locale.ROOT, "%.2f", r);
        }
        double rel = Math.sqrt(Math.pow(a.error / a.score, 2) + Math.pow(b.error / b.score, 2));
        return String.format(Locale.ROOT, "%.2f ± %.2f", r, r * rel);
    }
}
