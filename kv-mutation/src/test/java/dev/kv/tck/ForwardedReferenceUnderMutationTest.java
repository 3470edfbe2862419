package dev.kv.tck;

/**
 * The whole kit against the kit's reference provider behind a ForwardingKvProvider with its own id and property
 * prefix: the toolkit's default storage hooks, its shared async lanes and its property renaming, none of which
 * memory uses.
 */
class ForwardedReferenceUnderMutationTest extends ForwardingProviderTest {
}
