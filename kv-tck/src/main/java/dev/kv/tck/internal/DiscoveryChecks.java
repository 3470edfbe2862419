package dev.kv.tck.internal;

import static dev.kv.tck.internal.BasicChecks.utf8;
import static dev.kv.tck.internal.TckContext.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kv.api.Kv;
import dev.kv.api.KvException;
import dev.kv.api.KvException.Reason;
import dev.kv.api.KvStore;
import dev.kv.api.spi.KvProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** PROV clauses: the provider's id and registration, and the library's selection with the provider among others. */
final class DiscoveryChecks {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    private static final String SERVICES = "META-INF/services/" + KvProvider.class.getName();

    private DiscoveryChecks() {
    }

    static List<Check> checks() {
        return List.of(
                Check.of("PROV-1", "the id is lowercase ASCII letters, digits and '-', stable", DiscoveryChecks::id),
                Check.of("PROV-2", "the provider is registered for the module path and the class path and exports"
                        + " no implementation package", DiscoveryChecks::registration),
                Check.of("PROV-3", "with exactly one provider found, Kv.open uses it", DiscoveryChecks::onlyOne),
                Check.of("PROV-4", "among several, the one chosen in code, else by kv.provider, is used",
                        DiscoveryChecks::chosen),
                Check.of("PROV-4", "KV_PROVIDER chooses when neither code nor kv.provider does (child JVM)",
                        DiscoveryChecks::environment),
                Check.of("PROV-5", "several found and none chosen fails listing each and the three ways to choose",
                        DiscoveryChecks::several),
                Check.of("PROV-6", "no provider found fails naming the artifacts to add", DiscoveryChecks::none),
                Check.of("PROV-7", "an unknown id fails naming it and listing the providers found",
                        DiscoveryChecks::unknownId),
                Check.of("PROV-8", "providers that fail to load are reported and skipped", DiscoveryChecks::broken));
    }

    private static void id(TckContext ctx) {
        String id = ctx.provider().id();
        assertTrue(id != null && ID.matcher(id).matches(), () -> "[PROV-1] provider id " + Text.quote(id) + " of "
                + ctx.provider().getClass().getName() + " is not made of lowercase ASCII letters, digits and '-'");
        for (int i = 0; i < 3; i++) {
            assertEquals(id, ctx.provider().id(), "[PROV-1] the provider id changed between calls");
        }
    }

    private static void registration(TckContext ctx) throws IOException {
        KvProvider provider = ctx.provider();
        Class<?> type = provider.getClass();
        Module module = type.getModule();
        String service = KvProvider.class.getName();
        if (module.isNamed()) {
            ModuleDescriptor d = module.getDescriptor();
            boolean provides = d.isAutomatic() || d.provides().stream().anyMatch(p -> p.service().equals(service)
                    && p.providers().contains(type.getName()));
            assertTrue(provides, () -> "[PROV-2] module " + module.getName() + " does not declare 'provides " + service
                    + " with " + type.getName() + "'");
            String pkg = type.getPackageName();
            boolean exported = d.exports().stream().anyMatch(e -> e.source().equals(pkg) && !e.isQualified());
            assertTrue(d.isAutomatic() || !exported, () -> "[PROV-2] module " + module.getName()
                    + " exports the implementation package " + pkg);
            List<String> listed = new ArrayList<>();
            try (InputStream in = module.getResourceAsStream(SERVICES)) {
                if (in != null) {
                    listed.addAll(lines(in));
                }
            }
            assertTrue(listed.contains(type.getName()), () -> "[PROV-2] module " + module.getName() + " has no "
                    + SERVICES + " listing " + type.getName() + " for the class path");
        } else {
            ClassLoader loader = type.getClassLoader();
            List<String> listed = new ArrayList<>();
            Enumeration<URL> files = loader.getResources(SERVICES);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    listed.addAll(lines(in));
                }
            }
            assertTrue(listed.contains(type.getName()), () -> "[PROV-2] no " + SERVICES + " on the class path lists "
                    + type.getName());
            ModuleInfos.checkDescribes(type);
        }
        assertTrue(Modifier.isPublic(type.getModifiers()), () -> "[PROV-2] " + type.getName() + " is not public; the"
                + " class path needs a public class with a public no-argument constructor");
        try {
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), "public constructor");
        } catch (NoSuchMethodException e) {
            fail("[PROV-2] " + type.getName() + " has no public no-argument constructor, which the class path needs");
        }
        boolean found = false;
        for (ServiceLoader.Provider<KvProvider> p : ServiceLoader.load(KvProvider.class,
                loaderFor(type)).stream().collect(java.util.stream.Collectors.toList())) {
            found |= p.type().equals(type);
        }
        assertTrue(found, () -> "[PROV-2] ServiceLoader did not find " + type.getName());
    }

    private static ClassLoader loaderFor(Class<?> type) {
        return type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            String l = line.replaceAll("#.*", "").trim();
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    /** Runs with kv.provider cleared (and restored), skipping if KV_PROVIDER is set in this environment. */
    private static void withoutSelection(TckContext.Action action) throws Exception {
        String env = System.getenv(Kv.PROVIDER_ENVIRONMENT_VARIABLE);
        Assumptions.assumeTrue(env == null || env.isBlank(), "the environment sets " + Kv.PROVIDER_ENVIRONMENT_VARIABLE
                + "=" + env + ", which the library reads; the PROV checks need it unset");
        String old = System.getProperty(Kv.PROVIDER_PROPERTY);
        System.clearProperty(Kv.PROVIDER_PROPERTY);
        try {
            action.run();
        } finally {
            if (old != null) {
                System.setProperty(Kv.PROVIDER_PROPERTY, old);
            } else {
                System.clearProperty(Kv.PROVIDER_PROPERTY);
            }
        }
    }

    private static void onlyOne(TckContext ctx) throws Exception {
        withoutSelection(() -> {
            ClassLoader loader = Isolation.loader(ctx, List.of(Isolation.UNDER_TEST), ctx.provider());
            String name = ctx.name("prov3");
            try (KvStore s = Kv.builder().classLoader(loader).config(ctx.config()).open(name)) {
                assertEquals(ctx.id(), s.providerId(), "[PROV-3] the only provider found was not used");
                s.set("k", utf8("v"));
                assertEquals(utf8("v"), s.get("k"), "[PROV-3] the store opened through discovery");
            } catch (KvException e) {
                throw new AssertionError("[PROV-3] with only provider '" + ctx.id() + "' found, open failed: "
                        + e.reason() + ": " + e.getMessage(), e);
            }
            assertEquals(List.of(ctx.id()), ids(Kv.providers(loader)), "[PROV-3] providers found");
        });
    }

    private static List<String> ids(List<KvProvider> providers) {
        List<String> ids = new ArrayList<>();
        providers.forEach(p -> ids.add(p.id()));
        return ids;
    }

    private static void chosen(TckContext ctx) throws Exception {
        withoutSelection(() -> {
            List<String> entries = List.of(Isolation.FAKE, Isolation.UNDER_TEST, Isolation.FAKE_TWO);
            try (KvStore s = Kv.builder().classLoader(Isolation.loader(ctx, entries, ctx.provider())).provider(ctx.id())
                    .config(ctx.config()).open(ctx.name("prov4"))) {
                assertEquals(ctx.id(), s.providerId(), "[PROV-4] the provider chosen in code was not used");
            }
            System.setProperty(Kv.PROVIDER_PROPERTY, ctx.id());
            try (KvStore s = Kv.builder().classLoader(Isolation.loader(ctx, entries, ctx.provider())).config(ctx.config())
                    .open(ctx.name("prov4"))) {
                assertEquals(ctx.id(), s.providerId(), "[PROV-4] the provider chosen by kv.provider was not used");
            }
            System.setProperty(Kv.PROVIDER_PROPERTY, "tck-fake");
            try (KvStore s = Kv.builder().classLoader(Isolation.loader(ctx, entries, ctx.provider())).provider(ctx.id())
                    .config(ctx.config()).open(ctx.name("prov4"))) {
                assertEquals(ctx.id(), s.providerId(), "[PROV-4] kv.provider=tck-fake won over the id chosen in code");
            }
            try (KvStore s = Kv.builder().classLoader(Isolation.loader(ctx, entries, ctx.provider())).open("prov4")) {
                assertEquals("tck-fake", s.providerId(), "[PROV-4] kv.provider=tck-fake was not used");
            }
        });
    }

    private static void environment(TckContext ctx) {
        String[][] scenarios = {
            // env, system property, scenario, expected
            {"tck-fake-two", null, "none", "tck-fake-two"},
            {"tck-fake-two", "tck-fake", "none", "tck-fake"},
            {"tck-fake-two", null, "builder", "tck-fake"},
        };
        for (String[] sc : scenarios) {
            List<String> args = new ArrayList<>();
            args.add("select");
            args.add(sc[2]);
            try (ChildJvm child = ChildJvm.start(ctx, withProperty(sc[1], args), Map.of("KV_PROVIDER", sc[0]),
                    "child JVM choosing a provider")) {
                String answer = child.answer("PROV-4", "the provider selected");
                String how = "KV_PROVIDER=" + sc[0] + (sc[1] != null ? ", -Dkv.provider=" + sc[1] : "")
                        + (sc[2].equals("builder") ? ", Kv.builder().provider(\"tck-fake\")" : "");
                assertEquals("selected " + sc[3], answer, () -> "[PROV-4] with " + how + " among providers tck-fake"
                        + " and tck-fake-two: " + answer + "\n" + child.output());
            }
        }
    }

    private static List<String> withProperty(String value, List<String> args) {
        if (value == null) {
            return args;
        }
        // the child reads this system property from its command line: TckChild passes it on
        List<String> a = new ArrayList<>(args);
        a.add(value);
        return a;
    }

    private static void several(TckContext ctx) throws Exception {
        withoutSelection(() -> {
            ClassLoader loader = Isolation.loader(ctx, List.of(Isolation.FAKE, Isolation.UNDER_TEST), ctx.provider());
            KvException e = fails("PROV-5", Reason.PROVIDER_SELECTION, "Kv.open with providers tck-fake and '"
                    + ctx.id() + "' and none chosen", () -> Kv.builder().classLoader(loader).open("prov5"));
            String m = e.getMessage();
            for (String needed : List.of(ctx.id(), "tck-fake", Isolation.FAKE, Kv.PROVIDER_PROPERTY,
                    Kv.PROVIDER_ENVIRONMENT_VARIABLE, "provider(")) {
                assertTrue(m.contains(needed), () -> "[PROV-5] the selection error does not mention " + needed + ": " + m);
            }
        });
    }

    private static void none(TckContext ctx) throws Exception {
        withoutSelection(() -> {
            ClassLoader loader = Isolation.loader(ctx, List.of(), null);
            KvException e = fails("PROV-6", Reason.PROVIDER_SELECTION, "Kv.open with no provider",
                    () -> Kv.builder().classLoader(loader).open("prov6"));
            assertTrue(e.getMessage().contains("kv-provider"), () -> "[PROV-6] the error does not name a provider"
                    + " artifact to add: " + e.getMessage());
        });
    }

    private static void unknownId(TckContext ctx) throws Exception {
        withoutSelection(() -> {
            ClassLoader loader = Isolation.loader(ctx, List.of(Isolation.FAKE, Isolation.UNDER_TEST), ctx.provider());
            KvException e = fails("PROV-7", Reason.PROVIDER_SELECTION, "Kv.builder().provider(\"no-such-id\")",
                    () -> Kv.builder().classLoader(loader).provider("no-such-id").open("prov7"));
            for (String needed : List.of("no-such-id", ctx.id(), "tck-fake")) {
                assertTrue(e.getMessage().contains(needed), () -> "[PROV-7] the error does not mention " + needed
                        + ": " + e.getMessage());
            }
        });
    }

    private static void broken(TckContext ctx) throws Exception {
        withoutSelection(() -> QuietFakes.during(() -> {
            List<String> entries = List.of(Isolation.EXPLODING, Isolation.MISSING, Isolation.UNDER_TEST, Isolation.FAKE);
            ClassLoader loader = Isolation.loader(ctx, entries, ctx.provider());
            assertEquals(List.of(ctx.id(), "tck-fake"), ids(Kv.providers(loader)),
                    "[PROV-8] the providers that load must still be found after broken ones");
            Thread t = Thread.currentThread();
            ClassLoader old = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                String failures = String.join("\n", Kv.providerFailures());
                for (String name : List.of("ExplodingKvProvider", "NoSuchKvProvider")) {
                    assertTrue(failures.contains(name), () -> "[PROV-8] Kv.providerFailures() does not list " + name
                            + ": " + failures);
                }
            } finally {
                t.setContextClassLoader(old);
            }
            KvException e = fails("PROV-8", Reason.PROVIDER_SELECTION, "Kv.open among broken providers, none chosen",
                    () -> Kv.builder().classLoader(loader).open("prov8"));
            assertTrue(e.getMessage().contains("ExplodingKvProvider"), () -> "[PROV-8] the selection error does not"
                    + " list the provider that failed to load: " + e.getMessage());
            try (KvStore s = Kv.builder().classLoader(loader).provider(ctx.id()).config(ctx.config()).open("prov8")) {
                assertEquals(ctx.id(), s.providerId(), "[PROV-8] the working provider was not usable");
            }
        }));
    }
}
