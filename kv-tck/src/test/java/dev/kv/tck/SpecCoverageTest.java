package dev.kv.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kv.tck.internal.Catalogue;
import dev.kv.tck.internal.Check;
import dev.kv.tck.internal.SpecClauses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The kit's build fails when SPEC.md and the kit disagree: a clause without a check, or a check naming a clause
 * SPEC.md does not have.
 */
class SpecCoverageTest {

    private static Map<String, String> spec() throws IOException {
        Path spec = Path.of(System.getProperty("kv.tck.spec", "../SPEC.md"));
        assertTrue(Files.isRegularFile(spec), () -> "SPEC.md not found at " + spec.toAbsolutePath());
        return SpecClauses.parse(Files.readString(spec, StandardCharsets.UTF_8));
    }

    @Test
    void everyClauseOfTheSpecHasACheck() throws IOException {
        Set<String> missing = new TreeSet<>(spec().keySet());
        missing.removeAll(Catalogue.clauses());
        assertEquals(Set.of(), missing, "SPEC.md clauses that no check of the kit names");
    }

    @Test
    void everyClauseACheckNamesIsInTheSpec() throws IOException {
        Set<String> unknown = new TreeSet<>(Catalogue.clauses());
        unknown.removeAll(spec().keySet());
        assertEquals(Set.of(), unknown, "clauses named by checks that SPEC.md does not define");
    }

    @Test
    void theSpecParsesIntoTheExpectedAreas() throws IOException {
        Map<String, String> spec = spec();
        Set<String> areas = new TreeSet<>();
        spec.keySet().forEach(id -> areas.add(id.substring(0, id.indexOf('-'))));
        assertEquals(new TreeSet<>(Set.of("ERR", "NAME", "KEY", "PAYLOAD", "GET", "SET", "DEL", "VIS", "CLOSE", "WATCH",
                "CONC", "ASYNC", "CONF", "CAP", "STORES", "PROV", "PERSIST", "PROC", "EXPIRY", "EVICT")), areas, "areas of SPEC.md");
        spec.forEach((id, text) -> assertFalse(text.isBlank(), id + " has no text"));
    }

    @Test
    void theJarCarriesTheSameSpec() throws IOException {
        assertEquals(spec(), SpecClauses.bundled(), "the SPEC.md bundled in the kit differs from ../SPEC.md");
    }

    @Test
    void checkTitlesAreUniqueSoReportsAreUnambiguous() {
        Set<String> names = new HashSet<>();
        for (Check c : Catalogue.all()) {
            assertTrue(names.add(c.displayName()), () -> "two checks are both called " + c.displayName());
        }
    }
}
