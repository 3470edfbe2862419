/**
 * The {@code kv} command line: get, set, delete and watch keys of any kv provider, list the providers found,
 * and run the conformance kit against them. Run it with {@code ./kv} at the repository root, which puts this
 * module, the providers and their libraries on the module path.
 *
 * <p>Exports nothing: the command is the interface. {@code dev.kv.cli} is opened to picocli only, which reads
 * the command classes' annotations and sets their fields by reflection. Providers are not required: the
 * ones present on the module path are found by service binding ({@code dev.kv.api} uses
 * {@code dev.kv.api.spi.KvProvider}).
 *
 * <p>Log records of level WARNING and above (kv's discovery, the providers, Chronicle through SLF4J) are printed
 * on standard error as one line each, {@code kv: warning: ...}.
 */
module dev.kv.cli {
    requires dev.kv.api;
    requires dev.kv.tck;
    requires info.picocli;
    requires java.logging;

    opens dev.kv.cli to info.picocli;
}
