#!/usr/bin/env bash
# Correlation lag under load and journey assembly latency, in Elasticsearch + PostgreSQL mode
# (issues 4 and 5; the memory-mode lag run is in docs/benchmarks.md):
#  1. starts a single-node Elasticsearch (bench/lib/elasticsearch.sh) and Weft in elasticsearch
#     mode with its ledger in the local PostgreSQL;
#  2. CorrelationLagProbe beside weft-bench: 8,000 spans/s of ordinary traces (8 spans each)
#     plus 250 producer/consumer pairs/s (4 spans per trace): 10,000 spans/s, a third of the
#     traces in chains; prints the correlation lag percentiles;
#  3. JourneyLatencyProbe: one journey of 50 traces and 2,000 spans, its last hop failing,
#     assembled 200 times with root cause and critical path; prints latency percentiles.
# Usage: bench/journey-probes.sh (after ./mvnw -q -DskipTests package); SKIP_LAG=1 runs step 3 only. Output in bench/target/journey-probes-*/.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
ES_ZIP=${ES_ZIP:-$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/9.2.0/elasticsearch-9.2.0.zip}
ES_HEAP=${ES_HEAP:-2g}
ES_USER=${ES_USER:-weft-es}
REFRESH_INTERVAL=${REFRESH_INTERVAL:-1s}
STAMP=$(date -u +%Y%m%dt%H%M%Sz)
OUT_DIR=$REPO/bench/target/journey-probes-$STAMP
ES_DIR=$(mktemp -d /tmp/weft-probes.XXXXXX)
mkdir -p "$OUT_DIR" "$ES_DIR/jars"
source "$REPO/bench/lib/elasticsearch.sh"

WEFT_PID=""; ES_RUNNER_PID=""
cleanup() {
    [[ -n $WEFT_PID ]] && kill "$WEFT_PID" 2>/dev/null || true
    [[ -n $ES_RUNNER_PID ]] && { pkill -f "$ES_DIR" 2>/dev/null || true; }
    sleep 2; rm -rf "$ES_DIR"
}
trap cleanup EXIT

cp "$REPO/server/target/weft.jar" "$REPO/bench/target/weft-bench.jar" "$ES_DIR/jars/"
es_start "$OUT_DIR/elasticsearch.log"
echo "Elasticsearch at $ES"
DB=weft_probes_$STAMP
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP=$(port); GRPC=$(port); OTLP_HTTP=$(port)
"$JAVA" -jar "$ES_DIR/jars/weft.jar" --weft.storage.type=elasticsearch --spring.elasticsearch.uris="$ES" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --spring.datasource.username=postgres \
    --weft.storage.elasticsearch.index-prefix="probe-$STAMP-" --weft.storage.elasticsearch.refresh-interval="$REFRESH_INTERVAL" \
    --server.port="$HTTP" --weft.collector.grpc-port="$GRPC" --weft.collector.http-port="$OTLP_HTTP" > "$OUT_DIR/weft.log" 2>&1 &
WEFT_PID=$!
for i in $(seq 120); do curl -fs "localhost:$HTTP/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
echo "Weft up on $HTTP (refresh interval $REFRESH_INTERVAL)"

probe() { "$JAVA" -Dloader.main="dev.weft.bench.correlation.$1" -cp "$ES_DIR/jars/weft-bench.jar" \
    org.springframework.boot.loader.launch.PropertiesLauncher --endpoint="localhost:$GRPC" --query="http://localhost:$HTTP" "${@:2}"; }

if [[ -z ${SKIP_LAG:-} ]]; then
    "$JAVA" -jar "$ES_DIR/jars/weft-bench.jar" --endpoint="localhost:$GRPC" --rate=8000 --duration=75s --warmup=5s \
        --batch-size=512 --seed=4 > "$OUT_DIR/load.log" 2>&1 &
    LOAD_PID=$!
    sleep 5
    probe CorrelationLagProbe --pairs-per-second=250 --duration=60s --sample-every=10 | tee "$OUT_DIR/lag.log"
    wait "$LOAD_PID"; grep RESULT "$OUT_DIR/load.log"
fi
probe JourneyLatencyProbe --traces=50 --spans-per-trace=40 --requests=200 | tee "$OUT_DIR/journey.log"
