package dev.kv.tck.internal;

import dev.kv.api.KvException;
import dev.kv.api.KvStore;
import dev.kv.api.Payload;
import dev.kv.api.spi.Capability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Model-based checks: seeded random sequences of operations on two stores through two handles each, compared
 * step by step with a map per store. A failing sequence is shrunk (chunks and single operations removed while
 * it still fails) and reported with its seed, so {@code -Dkv.tck.seed=<seed>} replays it.
 */
final class ModelChecks {

    private static final System.Logger LOG = System.getLogger("dev.kv.tck");
    private static final long BASE_SEED = Seeds.base();
    private static final int SEQUENCES = 40;
    private static final int LENGTH = 80;
    private static final String[] KEYS = {"a", "b", "\ud83d\ude00", "A"};

    private ModelChecks() {
    }

    static long baseSeed() {
        return BASE_SEED;
    }

    static List<Check> checks() {
        return List.of(Check.of("GET-1, GET-3, SET-1, DEL-1, DEL-3, VIS-1, VIS-2",
                "seeded random operation sequences agree with a model map", ModelChecks::model));
    }

    enum Kind { SET, GET, FIND, DELETE, REOPEN_HANDLE, REOPEN_STORE }

    /** One step: handle index 0..3 (stores 0 and 1, two handles each), key, value. */
    record Step(Kind kind, int handle, String key, Payload value) {
        @Override
        public String toString() {
            String h = "h" + handle + "(store " + handle / 2 + ")";
            switch (kind) {
                case SET: return h + ".set(" + Text.quote(key) + ", " + HexFormat.of().formatHex(value.toByteArray()) + ")";
                case REOPEN_HANDLE: return h + ".close(); reopen";
                case REOPEN_STORE: return "close both handles of store " + handle / 2 + "; reopen";
                default: return h + "." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + Text.quote(key) + ")";
            }
        }
    }

    private static List<Step> generate(long seed) {
        Random r = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < LENGTH; i++) {
            int h = r.nextInt(4);
            String k = KEYS[r.nextInt(KEYS.length)];
            int c = r.nextInt(100);
            if (c < 35) {
                byte[] v = new byte[r.nextInt(4)];
                r.nextBytes(v);
                steps.add(new Step(Kind.SET, h, k, Payload.copyOf(v)));
            } else if (c < 55) {
                steps.add(new Step(Kind.GET, h, k, null));
            } else if (c < 75) {
                steps.add(new Step(Kind.FIND, h, k, null));
            } else if (c < 92) {
                steps.add(new Step(Kind.DELETE, h, k, null));
            } else if (c < 97) {
                steps.add(new Step(Kind.REOPEN_HANDLE, h, k, null));
            } else {
                steps.add(new Step(Kind.REOPEN_STORE, h, k, null));
            }
        }
        return steps;
    }

    /** Runs steps on fresh stores; returns the failure, or null if every step agreed with the model. */
    private static String run(TckContext ctx, List<Step> steps) {
        String[] names = {ctx.name("model-s0"), ctx.name("model-s1")};
        KvStore[] h = new KvStore[4];
        for (int i = 0; i < 4; i++) {
            h[i] = ctx.open(names[i / 2]);
        }
        List<Map<String, Payload>> model = List.of(new HashMap<>(), new HashMap<>());
        boolean persistent = ctx.has(Capability.PERSISTENT);
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                Map<String, Payload> m = model.get(s.handle() / 2);
                KvStore store = h[s.handle()];
                String at = "step " + i + " " + s + ": ";
                try {
                    switch (s.kind()) {
                        case SET:
                            store.set(s.key(), s.value());
                            m.put(s.key(), s.value());
                            break;
                        case DELETE:
                            store.delete(s.key());
                            m.remove(s.key());
                            break;
                        case FIND: {
                            Optional<Payload> got = store.find(s.key());
                            Optional<Payload> want = Optional.ofNullable(m.get(s.key()));
                            if (!want.equals(got)) {
                                return at + "find returned " + got + ", the model holds " + want;
                            }
                            break;
                        }
                        case GET: {
                            Payload want = m.get(s.key());
                            try {
                                Payload got = store.get(s.key());
                                if (!got.equals(want)) {
                                    return at + "get returned " + got + ", the model holds " + (want == null ? "nothing" : want);
                                }
                            } catch (KvException e) {
                                if (e.reason() != KvException.Reason.NOT_FOUND || want != null) {
                                    return at + "get failed with " + e.reason() + ", the model holds "
                                            + (want == null ? "nothing" : want);
                                }
                            }
                            break;
                        }
                        case REOPEN_HANDLE:
                            store.close();
                            h[s.handle()] = ctx.open(names[s.handle() / 2]);
                            break;
                        default: {
                            int first = (s.handle() / 2) * 2;
                            h[first].close();
                            h[first + 1].close();
                            if (!persistent) {
                                m.clear();
                            }
                            h[first] = ctx.open(names[s.handle() / 2]);
                            h[first + 1] = ctx.open(names[s.handle() / 2]);
                        }
                    }
                } catch (KvException e) {
                    return at + "failed with " + e.reason() + ": " + e.getMessage();
                }
            }
            return null;
        } finally {
            for (KvStore s : h) {
                s.close();
            }
        }
    }

    private static List<Step> shrink(TckContext ctx, List<Step> failing) {
        List<Step> current = failing;
        int budget = 400;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
            boolean removed = true;
            while (removed && budget > 0) {
                removed = false;
                for (int start = 0; start < current.size() && budget > 0; start += chunk) {
                    List<Step> candidate = new ArrayList<>(current.subList(0, start));
                    candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                    budget--;
                    if (!candidate.isEmpty() && run(ctx, candidate) != null) {
                        current = candidate;
                        removed = true;
                        break;
                    }
                }
            }
            if (chunk == 1) {
                break;
            }
        }
        return current;
    }

    private static void model(TckContext ctx) {
        Random seeds = new Random(BASE_SEED);
        for (int n = 0; n < SEQUENCES; n++) {
            long seed = seeds.nextLong();
            List<Step> steps = generate(seed);
            String failure = run(ctx, steps);
            if (failure != null) {
                List<Step> shrunk = shrink(ctx, steps);
                String shrunkFailure = run(ctx, shrunk);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < shrunk.size(); i++) {
                    sb.append("\n  ").append(i).append(": ").append(shrunk.get(i));
                }
                throw new AssertionError("[" + String.join(", ", ctx.check().clauses()) + "] provider '" + ctx.id()
                        + "' disagrees with the model in sequence " + n + " (seed " + seed + ", base seed -Dkv.tck.seed="
                        + BASE_SEED + "): " + failure + "\nshrunk to " + shrunk.size() + " steps, failing with: "
                        + shrunkFailure + sb);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "kv-tck: " + SEQUENCES + " model sequences passed, base seed " + BASE_SEED);
    }
}
