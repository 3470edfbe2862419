#!/usr/bin/env bash
# Builds (if needed) and runs the kv benchmarks. See BENCHMARKS.md at the repository root.
#
#   kv-bench/run.sh                 the full measured run: JMH suites, watch harness, report (about 35 min)
#   kv-bench/run.sh --quick         the same suites, very short (a quick look, a few minutes; numbers are rough)
#   kv-bench/run.sh <JMH args>      JMH with these arguments, e.g.  MemoryBench.kvGetHit -p payload=16 -prof gc
#   kv-bench/run.sh watch [opts]    only the watch harness (--providers, --redis-uri, --subscribers, --seconds, ...)
#   kv-bench/run.sh report <csv..>  only the Markdown report of JMH CSV results
#
# Environment: JAVA_HOME (else java on the PATH), KV_BENCH_BUILD=1 to rebuild the jar first. The redis part
# runs when redis-server and redis-benchmark are installed (Debian: apt-get install -y redis-server).
# The jar runs on the class path, with the JVM flags Chronicle Map needs (ALL-UNNAMED); JMH's forked JVMs
# inherit them. Results of a full or quick run go to kv-bench/results/<UTC time>/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/kv-bench.jar"

if [[ ! -f "$jar" || "${KV_BENCH_BUILD:-0}" == 1 ]]; then
  echo "building $jar" >&2
  (cd "$root" && ./mvnw -B -q -pl kv-bench package)
fi

feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
flags=(
  # Chronicle Map on the class path (the parent pom's kv.chronicle.jvm.flags):
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
  -Dchronicle.announcer.disable=true
  # lmdbjava's fast buffer proxy reads java.nio.Buffer's address field:
  --add-opens=java.base/java.nio=ALL-UNNAMED
)
if (( ${feature%%.*} >= 24 )); then
  flags+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi

bench() { "$java" "${flags[@]}" -jar "$jar" "$@"; }

mode=full
case "${1:-}" in
  --quick) mode=quick; shift ;;
  watch|report) bench "$@"; exit ;;
  "") ;;
  *) bench "$@"; exit ;;
esac

out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)${mode/full/}"
mkdir -p "$out"
{
  echo "mode: $mode"
  echo "date: $(date -u)"
  echo "uptime: $(uptime)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo "memory: $(free -m | awk '/Mem:/ {print $2 " MiB"}')"
  echo "java: $("$java" -version 2>&1 | tr '\n' ' ')"
  echo "flags: ${flags[*]}"
  echo "git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > "$out/environment.txt"
cat "$out/environment.txt"

if [[ $mode == quick ]]; then
  # Quick mode does not care about settled numbers.
  memory_timing=(-f 1 -wi 1 -w 300ms -i 2 -r 300ms)
  chronicle_timing=("${memory_timing[@]}")
  payloads=(-p payload=16,1024,65536)
  watch=(--warmup 0.5 --seconds 1)
else
  # Memory calls take 10-60 ns: a second fork shows the JIT's fork-to-fork variation, which is of the order
  # of the differences the targets are about.
  memory_timing=(-f 2 -wi 3 -w 1s -i 3 -r 1s)
  # Chronicle's generated query code is large: C2 compiles the provider's write path only after 6-8 s. The
  # persisted peers get the same warm-up, to be compared fairly with the chronicle provider.
  chronicle_timing=(-f 1 -wi 8 -w 1s -i 3 -r 1s)
  payloads=()
  watch=(--warmup 2 --seconds 5)
fi

run() { # name, JMH args including the timing options
  local name="$1"; shift
  echo "=== $name: $* (load: $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/progress.txt"
  bench "$@" -rf csv -rff "$out/$name.csv" 2>&1 | tee "$out/$name.log" | grep --line-buffered -E '^(# Run progress|# Benchmark:)' || true
}

# 1 thread: every operation of both providers and their raw libraries, the instrumented handle.
run memory-t1 'dev\.kv\.bench\.MemoryBench\.' -t 1 "${payloads[@]}" "${memory_timing[@]}"
run chronicle-t1 'dev\.kv\.bench\.ChronicleBench\.' -t 1 "${payloads[@]}" "${chronicle_timing[@]}"
# 2 threads: the operations the targets are about, and the mix; 16 B and 1 KiB only, to keep the run short.
run memory-t2 'dev\.kv\.bench\.MemoryBench\.(kv|raw)(GetHit|Set|Mix90)$' -t 2 -p payload=16,1024 "${memory_timing[@]}"
run chronicle-t2 'dev\.kv\.bench\.ChronicleBench\.(kv|raw)(GetHit|Set|Mix90)$' -t 2 -p payload=16,1024 "${chronicle_timing[@]}"
# Persisted peers, 1 thread: reads, overwrites and the mix at every size; misses and delete+set at 1 KiB.
run peers-t1 'dev\.kv\.bench\.PeerBench\.(getHit|set|mix90)$' -t 1 "${payloads[@]}" "${chronicle_timing[@]}"
run peers-misc-t1 'dev\.kv\.bench\.PeerBench\.(getMiss|deleteSet)$' -t 1 -p payload=1024 "${chronicle_timing[@]}"
# The experiment behind the chronicle get target: the provider's read path vs map.get on a plain map.
run readpath-t1 'dev\.kv\.bench\.ChronicleReadPathBench\.' -t 1 "${payloads[@]}" "${chronicle_timing[@]}"

# Redis: the provider and raw Lettuce against one server started here, then redis-benchmark's figure for the same
# commands against it as the ceiling (-P 1: one command in flight per client, as a synchronous caller has).
redis_csvs=()
watch_providers=(--providers memory,chronicle)
if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; then
  redis_dir="$(mktemp -d)"
  # A port nothing listens on (bash's /dev/tcp connect fails).
  for redis_port in $(shuf -i 20000-60000 -n 50); do
    (: < "/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null || break
  done
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" \
    --logfile "$redis_dir/redis.log" --daemonize no &
  redis_pid=$!
  trap 'kill "$redis_pid" 2>/dev/null || true; rm -rf "$redis_dir"' EXIT
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
  redis_uri="redis://127.0.0.1:$redis_port"
  echo "redis: $(redis-server --version)" >> "$out/environment.txt"
  if [[ $mode == quick ]]; then redis_timing=("${memory_timing[@]}"); requests=20000; else redis_timing=(-f 1 -wi 3 -w 2s -i 3 -r 2s); requests=200000; fi
  run redis-t1 'dev\.kv\.bench\.RedisBench\.' -t 1 -p uri="$redis_uri" "${payloads[@]}" "${redis_timing[@]}"
  run redis-t16 'dev\.kv\.bench\.RedisBench\.(kv|raw)(GetHit|Set)$' -t 16 -p uri="$redis_uri" -p payload=16,1024 "${redis_timing[@]}"
  redis_csvs=("$out"/redis-t1.csv "$out"/redis-t16.csv)
  {
    echo "redis-benchmark against $redis_uri, -n $requests, -P 1 (requests per second; the ceiling for one connection per client)"
    for clients in 1 16; do
      for size in 16 1024 65536; do
        echo "clients=$clients payload=$size: $(redis-benchmark -p "$redis_port" -t set,get -n "$requests" -c "$clients" -d "$size" -P 1 -q 2>/dev/null | tr '\r' '\n' | grep -E '^(SET|GET): [0-9.]+ requests per second' | tr '\n' ' ')"
      done
    done
  } | tee "$out/redis-benchmark.txt"
  watch_providers=(--providers memory,chronicle,redis --redis-uri "$redis_uri")
else
  echo "=== redis: skipped, redis-server or redis-benchmark not installed (apt-get install -y redis-server)" | tee -a "$out/progress.txt"
fi

echo "=== watch (load: $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/progress.txt"
bench watch "${watch_providers[@]}" "${watch[@]}" --csv "$out/watch.csv" 2>&1 | tee "$out/watch.md"

echo "uptime at end: $(uptime)" >> "$out/environment.txt"
bench report "$out"/memory-t1.csv "$out"/chronicle-t1.csv "$out"/memory-t2.csv "$out"/chronicle-t2.csv "$out"/peers-t1.csv "$out"/peers-misc-t1.csv \
  "$out"/readpath-t1.csv ${redis_csvs[@]+"${redis_csvs[@]}"} \
  | tee "$out/report.md"
echo "results in $out"
