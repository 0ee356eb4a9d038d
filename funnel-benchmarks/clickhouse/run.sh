#!/usr/bin/env bash
# Times ClickHouse's windowFunnel on the R1 workload, with one and with two threads, on a
# server on loopback, after checking its answer against the reference the JMH benchmarks use.
#
#   ./mvnw -q -pl funnel-benchmarks -am package -DskipTests
#   bash funnel-benchmarks/clickhouse/run.sh [EVENTS] [RUNS]
#
# Installs Debian's clickhouse-server and clickhouse-client if missing (needs root), starts a
# server of its own on 127.0.0.1 with its data in a temporary folder, and stops it at the end.
# Loads the data first (into a Memory table, in the layout's order); only queries are timed, as
# the median of RUNS runs after one warm-up, from the server's own elapsed time.
set -euo pipefail
events=${1:-10000000}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/benchmarks.jar"
[ -f "$jar" ] || { echo "build the benchmarks jar first: ./mvnw -q -pl funnel-benchmarks -am package -DskipTests" >&2; exit 2; }
if ! command -v clickhouse-server >/dev/null || ! command -v clickhouse-client >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client
fi
work=$(mktemp -d)
port=19000
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/config.xml" <<XML
<yandex>
  <logger><level>warning</level><log>$work/server.log</log><errorlog>$work/server.err</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>$port</tcp_port>
  <path>$work/data/</path>
  <tmp_path>$work/tmp/</tmp_path>
  <user_files_path>$work/files/</user_files_path>
  <users_config>$work/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>5368709120</mark_cache_size>
</yandex>
XML
cat > "$work/users.xml" <<XML
<yandex>
  <profiles><default><max_memory_usage>12000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
XML
clickhouse-server --config-file="$work/config.xml" >"$work/stdout.log" 2>&1 &
server=$!
client() { clickhouse-client --host 127.0.0.1 --port "$port" "$@"; }
for _ in $(seq 1 60); do client --query "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done

query="SELECT level, count() FROM (SELECT subject, windowFunnel(86400)(ts, code = 0, code = 1, code = 2, code = 3, code = 4) AS level FROM r1 GROUP BY subject) GROUP BY level ORDER BY level"
echo "ClickHouse $(client --query 'SELECT version()'), $events events, median of $runs runs"
for layout in GROUPED TIME_ORDERED ARBITRARY; do
  java -cp "$jar" dev.funnel.benchmarks.R1Export "$events" "$layout" "$work/r1.tsv" >/dev/null
  client --query "DROP TABLE IF EXISTS r1"
  client --query "CREATE TABLE r1 (subject UInt64, ts UInt32, code UInt8) ENGINE = Memory"
  client --query "INSERT INTO r1 FORMAT TabSeparated" < "$work/r1.tsv"
  for threads in 1 2; do
    actual=$(client --max_threads="$threads" --query "$query" | tr '\t' ' ')
    # ClickHouse lists only the levels that occur; the reference lists every level.
    expected=$(awk '$2 != 0' "$work/r1.tsv.expected")
    if [ "$actual" != "$expected" ]; then
      echo "$layout, $threads thread(s): ClickHouse disagrees with the reference" >&2
      echo "ClickHouse: $actual" >&2; echo "reference: $expected" >&2
      exit 1
    fi
    client --max_threads="$threads" --query "$query" >/dev/null
    times=()
    for _ in $(seq 1 "$runs"); do
      t=$( { client --max_threads="$threads" --time --query "$query" >/dev/null; } 2>&1 )
      times+=("$t")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$layout threads=$threads median_seconds=$median runs=${times[*]}"
  done
done
