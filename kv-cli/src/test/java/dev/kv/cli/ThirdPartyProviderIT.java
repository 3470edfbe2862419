package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider jar from outside the repository goes on the module path with --with or KV_MODULE_PATH. */
class ThirdPartyProviderIT {

    private static Path jar;

    @TempDir
    Path data;

    @BeforeAll
    static void buildProvider(@TempDir Path build) {
        jar = ForgetfulProvider.jar(build);
    }

    private static void assertListed(Result r) {
        String out = r.out();
        assertTrue(out.contains("forgetful\n  a broken provider whose delete keeps the value\n"
                + "  from:          module com.example.kv.forgetful\n  capabilities:  none\n"), r.describe());
        assertTrue(out.contains("chronicle (selected)\n") && out.contains("\nmemory\n"),
                "the shipped providers are still there: " + r.describe());
    }

    @Test
    void withOptionAddsTheJarAnywhereBeforeDoubleDash() {
        assertListed(new Launcher(data).run("--with", jar.toString(), "providers").expect(0));
        assertListed(new Launcher(data).run("providers", "--with=" + jar).expect(0));
    }

    @Test
    void modulePathVariableAddsTheJar() {
        Result r = new Launcher(data).env("KV_MODULE_PATH", jar.toString()).run("providers").expect(0);
        assertListed(r);
    }

    @Test
    void theAddedProviderCanBeSelected() {
        Launcher kv = new Launcher(data).env("KV_MODULE_PATH", jar.toString());
        Result r = kv.run("--provider", "forgetful", "providers").expect(0);
        assertTrue(r.out().contains("forgetful (selected)\n"), r.describe());
        Result get = kv.run("--provider", "forgetful", "get", "s", "k").expect(1);
        assertEquals("kv: no such key 'k' in store 's'\n", get.stderr, get.describe());
    }

    @Test
    void withoutTheJarTheProviderIsUnknown() {
        Result r = new Launcher(data).run("--provider", "forgetful", "get", "s", "k").expect(1);
        assertTrue(r.stderr.startsWith("kv: no provider has the id 'forgetful' (--provider); found: "), r.describe());
        assertFalse(r.out().contains("forgetful"));
    }

    @Test
    void withNeedsAPath() {
        Result r = new Launcher(data).run("providers", "--with").expect(2);
        assertEquals("kv: --with needs a PATH (a jar or a directory of jars)\n", r.stderr, r.describe());
    }
}
