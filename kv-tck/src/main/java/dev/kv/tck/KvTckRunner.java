package dev.kv.tck;

import dev.kv.api.Kv;
import dev.kv.api.KvException;
import dev.kv.api.spi.KvProvider;
import dev.kv.tck.internal.ProviderReport;
import dev.kv.tck.internal.ProviderReport.Status;
import dev.kv.tck.internal.SpecClauses;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the conformance kit against providers found by {@link java.util.ServiceLoader} and prints a report per
 * provider: every SPEC.md clause PASSED, FAILED (with the failure) or SKIPPED (with the reason).
 *
 * <pre>
 * java -p &lt;kv-tck, kv-api, junit and provider jars&gt; -m dev.kv.tck/dev.kv.tck.KvTckRunner [options]
 *   --provider &lt;id&gt;   run against this provider (repeatable); default: every provider found
 *   --reports &lt;dir&gt;   write JUnit XML reports there, one directory per provider
 *   --help            print this usage
 * </pre>
 *
 * <p>Exit status: 0 when no clause failed, 1 when one did, 2 for a usage error or when no provider was found.
 * The same is available in-process through {@link #run(String[], PrintStream, PrintStream)}, which never calls
 * {@code System.exit}. Runs are serialised: one provider at a time, one run at a time per JVM.
 *
 * <p>The runner has no author's hooks: it points documented path properties at a fresh directory per test and
 * finds expiry and size-bound properties by name; what it cannot configure it reports as skipped, saying so.
 * Extend {@link KvProviderTck} in the provider's tests for full control.
 *
 * @since 0.1
 */
public final class KvTckRunner {

    private static final Pattern CLAUSES = Pattern.compile("^\\[([A-Z]+-\\d+(?:, [A-Z]+-\\d+)*)] (.*)$", Pattern.DOTALL);
    private static final Object LOCK = new Object();

    private KvTckRunner() {
    }

    /**
     * Runs from the command line and exits with {@link #run}'s status.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the kit in-process.
     *
     * @param args the options, as for {@link #main}
     * @param out  where the reports go
     * @param err  where usage errors and diagnostics go
     * @return 0 if no clause failed, 1 if one did, 2 for a usage error or no provider
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> ids = new ArrayList<>();
        Path reports = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage(out);
                return 0;
            } else if ((a.equals("--provider") || a.equals("--reports")) && i + 1 < args.length) {
                if (a.equals("--provider")) {
                    ids.add(args[++i]);
                } else {
                    reports = Path.of(args[++i]);
                }
            } else if (a.startsWith("--provider=")) {
                ids.add(a.substring("--provider=".length()));
            } else if (a.startsWith("--reports=")) {
                reports = Path.of(a.substring("--reports=".length()));
            } else {
                err.println("kv-tck: unknown or incomplete option '" + a + "'");
                usage(err);
                return 2;
            }
        }
        List<KvProvider> providers = new ArrayList<>();
        if (ids.isEmpty()) {
            providers.addAll(Kv.providers());
            if (providers.isEmpty()) {
                err.println("kv-tck: no kv provider was found on the module path or the class path; add one (for"
                        + " example dev.kv:kv-provider-memory) or its module (--add-modules)");
                for (String f : Kv.providerFailures()) {
                    err.println("  failed to load: " + f);
                }
                return 2;
            }
        } else {
            for (String id : ids) {
                try {
                    providers.add(Kv.provider(id));
                } catch (KvException e) {
                    err.println("kv-tck: " + e.getMessage());
                    return 2;
                }
            }
        }
        Map<String, String> clauses = SpecClauses.bundled();
        boolean failed = false;
        for (KvProvider p : providers) {
            ProviderReport report = execute(new DiscoveredProviderTck(p),
                    reports == null ? null : reports.resolve(p.id()), err);
            report.print(out, clauses);
            out.println();
            failed |= report.failed();
        }
        return failed ? 1 : 0;
    }

    private static void usage(PrintStream s) {
        s.println("usage: KvTckRunner [--provider <id>]... [--reports <dir>]");
        s.println("  Runs the kv conformance kit against the given providers, or every provider found, and prints");
        s.println("  each SPEC.md clause as PASSED, FAILED or SKIPPED. Exit status 1 if a clause failed.");
    }

    /**
     * Runs the whole kit for one {@link KvProviderTck} through the JUnit Platform launcher.
     *
     * @param tck     the kit with its hooks
     * @param xmlDir  where to write JUnit XML, or null
     * @param err     where to print diagnostics
     * @return the report
     */
    static ProviderReport execute(KvProviderTck tck, Path xmlDir, PrintStream err) {
        return execute(tck, xmlDir, err, null);
    }

    /**
     * Runs the checks of the kit that name one of {@code clauses}, or all of them.
     *
     * @param tck     the kit with its hooks
     * @param xmlDir  where to write JUnit XML, or null
     * @param err     where to print diagnostics
     * @param clauses the clauses whose checks to run, or null for every check
     * @return the report
     */
    static ProviderReport execute(KvProviderTck tck, Path xmlDir, PrintStream err, Set<String> clauses) {
        synchronized (LOCK) {
            KvProvider p = tck.provider();
            ProviderReport report = new ProviderReport(p.id(), p.getClass().getName() + ", " + Kv.location(p),
                    String.valueOf(p.capabilities()));
            DelegatingTck.target(tck, clauses);
            try {
                LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectClass(DelegatingTck.class))
                        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                        .build();
                Launcher launcher = LauncherFactory.create();
                List<TestExecutionListener> listeners = new ArrayList<>();
                listeners.add(new Collector(report));
                if (xmlDir != null) {
                    listeners.add(new LegacyXmlReportGeneratingListener(xmlDir,
                            new PrintWriter(err, true, StandardCharsets.UTF_8)));
                }
                launcher.execute(request, listeners.toArray(new TestExecutionListener[0]));
            } finally {
                DelegatingTck.target(null, null);
            }
            return report;
        }
    }

    /** Turns JUnit results into clause outcomes, reading the clause IDs from the display names. */
    private static final class Collector implements TestExecutionListener {
        private final ProviderReport report;

        Collector(ProviderReport report) {
            this.report = report;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            record(id, Status.SKIPPED, reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Optional<Throwable> t = result.getThrowable();
            switch (result.getStatus()) {
                case SUCCESSFUL:
                    record(id, Status.PASSED, null);
                    break;
                case ABORTED:
                    record(id, Status.SKIPPED, t.map(Throwable::getMessage).orElse("aborted"));
                    break;
                default:
                    if (!id.isTest()) {
                        // a container that failed (for example a factory that threw) fails every clause it holds
                        report.add(new ProviderReport.TestOutcome(List.of("ERR-1"), id.getDisplayName(), Status.FAILED,
                                "the kit could not run " + id.getDisplayName() + ": " + t.map(String::valueOf).orElse("")));
                        return;
                    }
                    record(id, Status.FAILED, t.map(x -> x.getMessage() != null ? x.getMessage() : x.toString())
                            .orElse("failed"));
            }
        }

        private void record(TestIdentifier id, Status status, String message) {
            if (!id.isTest()) {
                return;
            }
            Matcher m = CLAUSES.matcher(id.getDisplayName());
            if (m.matches()) {
                report.add(new ProviderReport.TestOutcome(List.of(m.group(1).split(", ")), m.group(2), status, message));
            }
        }
    }
}
