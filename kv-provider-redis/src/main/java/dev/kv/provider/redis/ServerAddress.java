package dev.kv.provider.redis;

import dev.kv.api.KvException;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where the server is: the URIs of {@code kv.redis.uri} and the topology they describe. A password written
 * into a URI is taken out of what is shown: {@link #display()} never contains it.
 *
 * @param mode     standalone, sentinel or cluster; {@code AUTO} means one standalone URI whose server is asked
 *                 at open whether it is a Cluster node
 * @param uris     the URIs as given, trimmed (they may hold a password: never shown)
 * @param display  the URIs without user information, for messages
 * @param user     the user written in the first URI, or {@code null}
 * @param password the password written in the first URI, or {@code null}
 */
record ServerAddress(Mode mode, List<String> uris, String display, String user, String password) {

    /** The topologies this provider talks to. */
    enum Mode { AUTO, STANDALONE, SENTINEL, CLUSTER }

    ServerAddress {
        Objects.requireNonNull(mode, "mode");
        uris = List.copyOf(uris);
    }

    /**
     * Parses {@code kv.redis.uri} and {@code kv.redis.mode}.
     *
     * @throws KvException {@code CONFIGURATION} naming the property and the URI, without its password
     */
    static ServerAddress parse(String text, String modeText, String property) {
        List<String> uris = new ArrayList<>();
        String lower = text.trim().toLowerCase(Locale.ROOT);
        // A Sentinel URI lists its sentinels with commas itself: it is one URI.
        boolean oneSentinelUri = lower.startsWith("redis-sentinel://") || lower.startsWith("rediss-sentinel://");
        for (String part : oneSentinelUri ? new String[] {text} : text.split(",")) {
            if (!part.isBlank()) {
                uris.add(part.trim());
            }
        }
        if (uris.isEmpty()) {
            throw invalid(property, "", "expected a redis://, rediss:// or redis-sentinel:// URI");
        }
        List<RedisURI> parsed = new ArrayList<>();
        for (String uri : uris) {
            String scheme = uri.contains("://") ? uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT) : "";
            if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")
                    && !scheme.equals("rediss-sentinel")) {
                throw invalid(property, redact(uri), "expected a redis://, rediss:// or redis-sentinel:// URI");
            }
            try {
                parsed.add(RedisURI.create(uri));
            } catch (RuntimeException e) {
                throw invalid(property, redact(uri), "expected a URI such as redis://host:6379 ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        boolean sentinel = !parsed.get(0).getSentinels().isEmpty();
        Mode mode;
        switch (modeText.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                mode = sentinel ? Mode.SENTINEL : uris.size() > 1 ? Mode.CLUSTER : Mode.AUTO;
                break;
            case "standalone":
                mode = Mode.STANDALONE;
                break;
            case "cluster":
                mode = Mode.CLUSTER;
                break;
            case "sentinel":
                mode = Mode.SENTINEL;
                break;
            default:
                throw invalid(RedisSettings.MODE.name(), modeText, "expected auto, standalone, cluster or sentinel");
        }
        if (mode == Mode.SENTINEL && (!sentinel || uris.size() > 1)) {
            throw invalid(property, display(uris), "Sentinel needs one redis-sentinel://host:port,host:port#master URI");
        }
        if (mode != Mode.SENTINEL && sentinel) {
            throw invalid(property, display(uris), "a redis-sentinel:// URI needs mode sentinel or auto");
        }
        if (mode == Mode.STANDALONE && uris.size() > 1) {
            throw invalid(property, display(uris), "several URIs are Cluster seeds; mode standalone takes one");
        }
        String[] credentials = userInfo(uris.get(0));
        return new ServerAddress(mode, uris, display(uris), credentials[0], credentials[1]);
    }

    /** The user and password written in a URI ({@code user:password@} or {@code password@}), either may be null. */
    private static String[] userInfo(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int end = rest.indexOf('/');
        String authority = end < 0 ? rest : rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return new String[2];
        }
        String info = java.net.URLDecoder.decode(authority.substring(0, at), java.nio.charset.StandardCharsets.UTF_8);
        int colon = info.indexOf(':');
        String user = colon < 0 ? null : info.substring(0, colon);
        String password = colon < 0 ? info : info.substring(colon + 1);
        return new String[] {user == null || user.isEmpty() ? null : user, password.isEmpty() ? null : password};
    }

    /** The Lettuce URIs, with user and password applied from the settings. */
    List<RedisURI> redisUris(String user, String password, java.time.Duration timeout) {
        List<RedisURI> out = new ArrayList<>();
        for (String uri : uris) {
            RedisURI r = RedisURI.create(uri);
            if (password != null) {
                if (user != null) {
                    r.setAuthentication(user, password.toCharArray());
                } else {
                    r.setAuthentication(password.toCharArray());
                }
            }
            r.setTimeout(timeout);
            out.add(r);
        }
        return out;
    }

    private static String display(List<String> uris) {
        return uris.stream().map(ServerAddress::redact).collect(Collectors.joining(","));
    }

    /** The URI without its user information ({@code user:password@}) and query (it may hold a password too). */
    static String redact(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return "(a value that is not a URI)";
        }
        String rest = uri.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        return uri.substring(0, schemeEnd + 3) + rest;
    }

    private static KvException invalid(String property, String shown, String expected) {
        return KvException.of(KvException.Reason.CONFIGURATION,
                "invalid value '" + shown + "' for property " + property + ": " + expected);
    }

    @Override
    public String toString() {
        return display;
    }
}
