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
 * <p>and each store has one more hash, its registry {@code <namespace>:{<enc(store)>}} (no {@code /} between
 * the braces, so it is no pair's hash), where every process with the store open keeps a lease and a drop
 * marks the store while it removes the keys ({@link StoreRegistry}).
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

    /** The registry of {@code store}: leases of the processes that have it open; see the class comment. */
    byte[] registryKey(String store) {
        StringBuilder b = new StringBuilder(namespace.length() + store.length() + 4);
        b.append(namespace).append(":{");
        escape(b, store);
        return utf8(b.append('}').toString());
    }

    /** A {@code SCAN MATCH} pattern for the hashes of {@code store}, and no other store's. */
    byte[] storeKeysPattern(String store) {
        StringBuilder text = new StringBuilder(namespace.length() + store.length() + 4);
        text.append(namespace).append(":{");
        escape(text, store);
        text.append('/');
        return utf8(globEscaped(text).append('*').toString());
    }

    /** A {@code SCAN MATCH} pattern for every hash and registry of this namespace. */
    byte[] namespacePattern() {
        return utf8(globEscaped(new StringBuilder(namespace).append(":{")).append('*').toString());
    }

    /**
     * The store whose pair {@code redisKey} is the hash of, or {@code null} if it is none of this namespace's
     * (a registry, another namespace's key, or anybody else's).
     */
    String storeOf(byte[] redisKey) {
        String text = new String(redisKey, StandardCharsets.UTF_8);
        int start = namespace.length() + 2;
        if (!text.startsWith(namespace) || !text.startsWith(":{", namespace.length()) || !text.endsWith("}")) {
            return null;
        }
        int slash = text.indexOf('/', start);
        if (slash < 0 || text.indexOf('}', start) != text.length() - 1) {
            return null;
        }
        return unescape(text, start, slash);
    }

    /** The inverse of {@link #escape} on {@code s[from, to)}. */
    private static String unescape(String s, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < to) {
                String code = s.substring(i + 1, i + 3);
                char decoded = code.equals("25") ? '%' : code.equals("2F") ? '/' : code.equals("7B") ? '{'
                        : code.equals("7D") ? '}' : 0;
                if (decoded != 0) {
                    b.append(decoded);
                    i += 2;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code text} with Redis's glob characters ({@code * ? [ ] \}) escaped, so that they match themselves. */
    private static StringBuilder globEscaped(CharSequence text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b;
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
