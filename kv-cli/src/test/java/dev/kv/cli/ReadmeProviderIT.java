package dev.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.cli.Launcher.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "complete provider", taken from README.md as written (so the two cannot drift), compiled with
 * its module descriptor and services file, and run against the whole conformance kit through ./kv.
 */
class ReadmeProviderIT {

    @TempDir
    Path data;

    /** The fenced blocks of {@code language} in the README section that starts with {@code heading}. */
    static List<String> blocks(String heading, String language) throws IOException {
        String readme = Files.readString(Launcher.repository().resolve("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README.md has the section " + heading);
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Matcher m = Pattern.compile("(?s)\n```" + language + "\n(.*?)\n```\n").matcher(section);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) + "\n");
        }
        return found;
    }

    @Test
    void theCompleteProviderOfTheReadmeCompilesAndPassesTheWholeKit(@TempDir Path build) throws IOException {
        List<String> java = blocks("## Writing a provider", "java");
        assertTrue(java.size() >= 2, "the provider and its module-info: " + java);
        String provider = java.get(0);
        String module = java.get(1);
        assertTrue(provider.startsWith("package com.example.kv.map;\n") && provider.contains("\nimport "),
                "the example shows its package and imports:\n" + provider);
        assertTrue(module.startsWith("module com.example.kv.map {"), module);

        Path sources = Files.createDirectories(build.resolve("src"));
        Files.writeString(sources.resolve("module-info.java"), module);
        Path pkg = Files.createDirectories(sources.resolve("com/example/kv/map"));
        Files.writeString(pkg.resolve("MapKvProvider.java"), provider);
        Path services = Files.createDirectories(sources.resolve("META-INF/services"));
        Files.writeString(services.resolve("dev.kv.api.spi.KvProvider"), "com.example.kv.map.MapKvProvider\n");
        Path jar = ForgetfulProvider.jar(sources, Files.createDirectories(build.resolve("out")), "map-provider.jar");

        // The README's command, as written, where ./kv is the launcher and the jar is map-provider.jar.
        List<String> sh = blocks("## Writing a provider", "sh");
        assertEquals(1, sh.size(), "one shell example: " + sh);
        String command = sh.get(0).trim();
        assertTrue(command.contains(" map-provider.jar "), command);
        Files.createSymbolicLink(jar.resolveSibling("kv"), Launcher.repository().resolve("kv"));
        Result r = new Launcher(data).shellIn(jar.getParent(), command).expect(0);
        // The kit may print its seed on a line before the report.
        assertTrue(("\n" + r.out()).contains("\nkv conformance report for provider 'map'"
                + " (com.example.kv.map.MapKvProvider,"
                + " module com.example.kv.map)"), r.describe());
        assertTrue(r.out().contains("  PASSED   CONF-4 "), "misspelt properties are refused: " + r.describe());
        assertFalse(r.out().contains("FAILED"), r.describe());
    }
}
