package dev.kv.provider.redis;

import java.nio.charset.StandardCharsets;

/**
 * Where a (store, key) pair lives in Redis. Each pair has one Redis hash and one shard channel:
 *
 * <pre>
 *   hash     &lt;namespace&gt;:{&lt;enc(store)&gt;/&lt;enc(key)&gt;}      fields v (the payload) and r (the revision)
 *   channel  &lt;namespace&gt;:{&lt;enc(store)&gt;/&lt;enc(key)&gt;}:w    where each change is announced
 * </pre>
 *
 * <p>{@code enc} escapes {@code %}, {@code /}, <code>{</code> and <code>}</code> as {@code %25}, {@code %2F},
 * {@code %7B} and {@code %7D} and keeps every other character (as UTF-8). So {@code enc} is injective and its
 * output holds no {@code /}: the text between the braces determines the store and the key, and no two pairs
 * share a hash, whatever characters either contains. The namespace holds no brace (checked at open), so the
 * first <code>{</code> always starts this tag: two namespaces never meet either.
 *
 * <p>The braces are a Redis Cluster hash tag: only the text between them decides the slot. The hash and its
 * channel therefore share one slot (the script that writes the one publishes to the other), while the keys of
 * one store, each with its own tag, spread over all slots.
 */
final class Layout {

    private final String namespace;

    Layout(String namespace) {
        this.namespace = namespace;
    }

    /** The Redis hash holding {@code key} of {@code store}. */
    byte[] hashKey(String store, String key) {
        return utf8(prefix(store, key).append('}').toString());
    }

    /** The shard channel announcing changes of {@code key} of {@code store}. */
    byte[] channel(String store, String key) {
        return utf8(prefix(store, key).append("}:w").toString());
    }

    private StringBuilder prefix(String store, String key) {
        StringBuilder b = new StringBuilder(namespace.length() + store.length() + key.length() + 8);
        b.append(namespace).append(":{");
        escape(b, store);
        b.append('/');
        escape(b, key);
        return b;
    }

    /** Appends {@code s} with {@code %}, {@code /} and braces escaped; see the class comment. */
    static void escape(StringBuilder b, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%':
                    b.append("%25");
                    break;
                case '/':
                    b.append("%2F");
                    break;
                case '{':
                    b.append("%7B");
                    break;
                case '}':
                    b.append("%7D");
                    break;
                default:
                    b.append(c);
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
