#!/usr/bin/env bash
# Weft's ingest throughput in Elasticsearch mode, next to its ceiling, in one run (issue 3, item 7).
#
#  1. starts a single-node Elasticsearch from the minimal distribution zip, on free ports;
#  2. CEILING: bulk-loads straight into it the very documents Weft writes for the load generator's
#     spans (BulkCeiling from the bench jar, run on weft.jar's own libraries: the bench's generator,
#     Weft's OtlpDecoder, Documents and index templates; every bulk body built before the clock
#     starts), as fast as it accepts them, then checks the document count;
#  3. WEFT: starts server/target/weft.jar in elasticsearch mode against the same Elasticsearch (a fresh
#     index prefix, its write-ahead log in the temporary directory) and drives it with weft-bench
#     --rate=0; Weft's rate is the span documents that reached Elasticsearch in the measured window
#     (counted when it opens and when it closes), since Weft acknowledges once a request is in its log;
#     then it waits for the log to drain and counts the documents, which must match what the bench saw
#     accepted;
#  4. stops everything it started and prints both figures and their ratio (target: Weft >= 70 %),
#     with the CPU each process used in each measured window, and flags runs that other processes
#     disturbed.
#
# Usage (from anywhere; after ./mvnw -q -DskipTests package):  bench/es-throughput.sh
# About 4 minutes; results in docs/benchmarks.md ("Ingest, Elasticsearch storage").
# Every setting below can be overridden from the environment, e.g.
#   DURATION=30s BULK_CONCURRENCY=4 bench/es-throughput.sh
# Logs go to bench/target/es-throughput-<time>/ (OUT_DIR); Elasticsearch's files to a temporary
# directory that is deleted at the end (KEEP_ES_DIR=1 keeps it). Needs: unzip, curl, jq, python3,
# psql (to create the database), and root or a user allowed to run Elasticsearch.
set -euo pipefail

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# A JDK 21 or newer for Elasticsearch, Weft and the clients: JAVA_HOME, else Temurin 25 where this machine has it.
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
ES_ZIP=${ES_ZIP:-$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/9.2.0/elasticsearch-9.2.0.zip}
ES_HEAP=${ES_HEAP:-4g}
ES_USER=${ES_USER:-weft-es}
WEFT_JAR=${WEFT_JAR:-$REPO/server/target/weft.jar}
BENCH_JAR=${BENCH_JAR:-$REPO/bench/target/weft-bench.jar}

# The load, the same in both phases.
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-30s}
BATCH_SIZE=${BATCH_SIZE:-512}
SEED=${SEED:-1}
# Index settings, the same in both phases (Weft's templates; the ceiling installs the same ones).
REFRESH_INTERVAL=${REFRESH_INTERVAL:-30s}
# Ceiling: bulk requests in flight, documents built beforehand (about 3 kB each; it builds at most
# 70 % of its heap's worth and says so if they run out before the end) and its heap.
CEILING_CONCURRENCY=${CEILING_CONCURRENCY:-4}
CEILING_DOCS=${CEILING_DOCS:-2000000}
CEILING_HEAP=${CEILING_HEAP:-8g}
# Weft: export calls in flight from the bench, and Weft's bulk writer.
BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-4}
BULK_MAX_ACTIONS=${BULK_MAX_ACTIONS:-512}
BULK_MAX_BYTES=${BULK_MAX_BYTES:-5MB}
BULK_FLUSH_INTERVAL=${BULK_FLUSH_INTERVAL:-200ms}
BULK_CONCURRENCY=${BULK_CONCURRENCY:-2}
# Weft's write-ahead log: synced before each acknowledgement (request, the default) or on a timer
# (interval). Weft acknowledges once a request is in the log, so it takes requests faster than it
# stores them until the log is full; 256 MB fills within the warm-up, so that the measured window
# stores with a backlog throughout (with the default 1 GB it would still be filling; with a log of a
# few segments, refused clients waiting out their Retry-After let it run dry, and Elasticsearch idles).
WAL_FSYNC=${WAL_FSYNC:-request}
WAL_MAX_BYTES=${WAL_MAX_BYTES:-256MB}
WAL_SEGMENT_BYTES=${WAL_SEGMENT_BYTES:-32MB}
WEFT_JAVA_OPTS=${WEFT_JAVA_OPTS:-}
WEFT_EXTRA_ARGS=${WEFT_EXTRA_ARGS:-}
# PostgreSQL for the correlation ledger (Elasticsearch mode requires it).
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-}
PG_DB=${PG_DB:-weft_bench}
RESET_DB=${RESET_DB:-1}
# Optional CPU pinning (taskset lists, e.g. ES_CPUS=0 CLIENT_CPUS=1): Elasticsearch on ES_CPUS; the
# ceiling loader, Weft and weft-bench on CLIENT_CPUS. Empty: no pinning, everything shares every core.
ES_CPUS=${ES_CPUS:-}
CLIENT_CPUS=${CLIENT_CPUS:-}
# Which phases to run (both by default), and jcmd Thread.print samples of Weft every N s (0: none).
PHASES=${PHASES:-ceiling weft}
THREAD_DUMP_EVERY=${THREAD_DUMP_EVERY:-0}
# CPU (in cores) that other processes and the kernel may use during a phase before the run is called disturbed.
DISTURBED_CORES=${DISTURBED_CORES:-0.35}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT_DIR=${OUT_DIR:-$REPO/bench/target/es-throughput-$STAMP}
mkdir -p "$OUT_DIR"
HZ=$(getconf CLK_TCK)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT_DIR/summary.txt" >&2; }
die() { log "ERROR: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
ticks() { [[ -r /proc/$1/stat ]] && awk '{print $14+$15}' "/proc/$1/stat" || echo 0; }   # user+system CPU of a pid
user_ticks() { local t=0 p; for p in $(ps -u "$1" -o pid= 2>/dev/null); do t=$(( t + $(ticks "$p") )); done; echo $t; }
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }                       # all CPUs, all processes
rss_mb() { awk '/^'"$2"':/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | tail -1; }

ES_PIN=(); CLIENT_PIN=()
[[ -z $ES_CPUS ]] || ES_PIN=(taskset -c "$ES_CPUS")
[[ -z $CLIENT_CPUS ]] || CLIENT_PIN=(taskset -c "$CLIENT_CPUS")
for tool in unzip curl jq python3; do command -v $tool >/dev/null || die "$tool is needed"; done
[[ -x $JAVA ]] || die "no JDK at $JAVA_HOME (set JAVA_HOME to a JDK 21 or newer)"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
(( java_major >= 21 )) || die "JAVA_HOME=$JAVA_HOME is Java $java_major; Elasticsearch 9 and Weft need 21 or newer"
[[ -f $ES_ZIP ]] || die "$ES_ZIP is missing (./mvnw test-compile -pl storage-elasticsearch resolves it)"
[[ -f $WEFT_JAR && -f $BENCH_JAR ]] || die "build first: ./mvnw -q -DskipTests package"

ES_RUNNER_PID=""; ES_PID=""; WEFT_PID=""; CLIENT_PID=""
ES_DIR=$(mktemp -d /tmp/weft-es-bench.XXXXXX)
cleanup() {
    set +e
    [[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null
    if [[ -n $WEFT_PID ]] && kill -0 "$WEFT_PID" 2>/dev/null; then
        kill "$WEFT_PID"; for _ in $(seq 60); do kill -0 "$WEFT_PID" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$WEFT_PID" 2>/dev/null
    fi
    if [[ -n $ES_RUNNER_PID ]]; then
        local tree; tree="$(descendants "$ES_RUNNER_PID") $ES_RUNNER_PID"
        for p in $tree; do kill "$p" 2>/dev/null; done
        for _ in $(seq 60); do
            local alive=0; for p in $tree; do kill -0 "$p" 2>/dev/null && alive=1; done
            (( alive )) || break; sleep 0.5
        done
        for p in $tree; do kill -9 "$p" 2>/dev/null; done
    fi
    # Elasticsearch's own logs (GC log included) go with the run's output.
    mkdir -p "$OUT_DIR/elasticsearch-logs"
    cp "$ES_DIR"/elasticsearch-*/logs/*.log "$OUT_DIR/elasticsearch-logs/" 2>/dev/null
    [[ -n ${KEEP_ES_DIR:-} ]] || rm -rf "$ES_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a client JVM in the background and accounts the CPU of Elasticsearch, Weft, the client and of
# the whole machine over the client's measured window: from its "warm-up:" line to its exit.
run_client() { # name, command...
    local name=$1; shift
    "$@" > >(tee "$OUT_DIR/$name.log") 2>&1 &
    CLIENT_PID=$!
    local t0="" es0 weft0 client0 busy0 pg0 wall0 client_last=0 dumps=0 next_dump=0
    while kill -0 "$CLIENT_PID" 2>/dev/null; do
        v=$(ticks "$CLIENT_PID"); (( v > 0 )) && client_last=$v
        if [[ -z $t0 ]] && grep -q '^warm-up:' "$OUT_DIR/$name.log" 2>/dev/null; then
            t0=1; wall0=$(date +%s.%N); busy0=$(busy_ticks); es0=$(ticks "$ES_PID"); client0=$client_last; pg0=$(user_ticks postgres)
            [[ -z ${STORED_PREFIX:-} ]] || { STORED0=$(es_count "$STORED_PREFIX"); STORED_T0=$(date +%s.%N); }
            weft0=$([[ -n $WEFT_PID ]] && ticks "$WEFT_PID" || echo 0)
            next_dump=$(( $(date +%s) + THREAD_DUMP_EVERY ))
        fi
        if [[ -n $t0 && $THREAD_DUMP_EVERY -gt 0 && -n $WEFT_PID ]] && (( $(date +%s) >= next_dump )); then
            "$JAVA_HOME/bin/jcmd" "$WEFT_PID" Thread.print > "$OUT_DIR/weft-threads-$((++dumps)).txt" 2>&1 || true
            next_dump=$(( $(date +%s) + THREAD_DUMP_EVERY ))
        fi
        sleep 0.5
    done
    wait "$CLIENT_PID" || die "$name failed (see $OUT_DIR/$name.log)"
    [[ -z ${STORED_PREFIX:-} ]] || { STORED1=$(es_count "$STORED_PREFIX"); STORED_T1=$(date +%s.%N); }
    CLIENT_PID=""
    [[ -n $t0 ]] || die "$name never finished its warm-up"
    local wall; wall=$(python3 -c "import time; print(time.time() - $wall0)")
    local busy=$(( $(busy_ticks) - busy0 )) es=$(( $(ticks "$ES_PID") - es0 )) client=$(( client_last - client0 ))
    local pg=$(( $(user_ticks postgres) - pg0 ))
    local weft=$([[ -n $WEFT_PID ]] && echo $(( $(ticks "$WEFT_PID") - weft0 )) || echo 0)
    CPU_LINE=$(python3 -c "
w=$wall; hz=$HZ
es,weft,cl,pg,busy=$es/hz/w,$weft/hz/w,$client/hz/w,$pg/hz/w,$busy/hz/w
print(f'CPU in cores over {w:.0f} s: elasticsearch={es:.2f} weft={weft:.2f} client={cl:.2f} postgresql={pg:.2f} everything_else={max(0,busy-es-weft-cl-pg):.2f} total={busy:.2f} (of $(nproc))')")
    log "$name: $CPU_LINE"
    local other; other=$(sed -n 's/.*everything_else=\([0-9.]*\).*/\1/p' <<<"$CPU_LINE")
    if python3 -c "import sys; sys.exit(0 if $other > $DISTURBED_CORES else 1)"; then
        log "WARNING: $name: $other cores went to other processes (and the kernel): the figures are disturbed, run again on a quiet machine"
        DISTURBED=1
    fi
}
DISTURBED=0

es_count() { # prefix -> documents in <prefix>spans-*, after a refresh
    curl -fsS -XPOST "$ES/$1spans-*/_refresh" >/dev/null
    curl -fsS "$ES/$1spans-*/_count" | jq .count
}

# Run copies of the jars: a rebuild during the run (another build in the same checkout) must not pull
# classes out from under a running JVM.
mkdir -p "$ES_DIR/jars"
cp "$WEFT_JAR" "$ES_DIR/jars/weft.jar"; cp "$BENCH_JAR" "$ES_DIR/jars/weft-bench.jar"
log "es-throughput: output in $OUT_DIR"
log "jars: $WEFT_JAR ($(date -u -r "$WEFT_JAR" +%FT%TZ)), $BENCH_JAR ($(date -u -r "$BENCH_JAR" +%FT%TZ)); checkout $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') with $(git -C "$REPO" status --porcelain 2>/dev/null | wc -l) changed files"
WEFT_JAR=$ES_DIR/jars/weft.jar; BENCH_JAR=$ES_DIR/jars/weft-bench.jar
# The ceiling must build the very documents of the Weft under test, so it runs on weft.jar's own
# libraries (weft-core, weft-storage-elasticsearch and their dependencies), with only the bench's
# classes (BulkCeiling, the span generator) taken from weft-bench.jar: a weft.jar rebuilt apart from
# the bench jar still gets a ceiling of exactly its documents.
mkdir -p "$ES_DIR/ceiling-cp/bench"
unzip -q "$WEFT_JAR" 'BOOT-INF/lib/*' -d "$ES_DIR/ceiling-cp"
unzip -q "$BENCH_JAR" 'BOOT-INF/classes/*' -d "$ES_DIR/ceiling-cp/bench"
CEILING_CP="$ES_DIR/ceiling-cp/bench/BOOT-INF/classes:$ES_DIR/ceiling-cp/BOOT-INF/lib/*"
log "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
others=$(ps -eo pid=,comm=,pcpu= --sort=-pcpu | awk '$3 > 20 {print $2 "(" $1 ") " $3 "%"}' | head -5 | tr '\n' ' ')
[[ -z $others ]] || log "WARNING: busy processes before the run, figures will be disturbed: $others"
log "settings: cpus: elasticsearch=${ES_CPUS:-all} clients+weft=${CLIENT_CPUS:-all}; duration=$DURATION warmup=$WARMUP batch-size=$BATCH_SIZE seed=$SEED refresh-interval=$REFRESH_INTERVAL es-heap=$ES_HEAP"
log "          ceiling: concurrency=$CEILING_CONCURRENCY docs=$CEILING_DOCS | weft: bench-concurrency=$BENCH_CONCURRENCY bulk.max-actions=$BULK_MAX_ACTIONS bulk.max-bytes=$BULK_MAX_BYTES bulk.flush-interval=$BULK_FLUSH_INTERVAL bulk.concurrency=$BULK_CONCURRENCY wal: fsync=$WAL_FSYNC max-bytes=$WAL_MAX_BYTES segment-bytes=$WAL_SEGMENT_BYTES java-opts='$WEFT_JAVA_OPTS'"

# ---- Elasticsearch -----------------------------------------------------------------------------
unzip -q "$ES_ZIP" -d "$ES_DIR"
ES_HOME=$(echo "$ES_DIR"/elasticsearch-*)
chmod +x "$ES_HOME"/bin/*
ES_PORT=$(free_port)
cat > "$ES_HOME/config/elasticsearch.yml" <<EOF
discovery.type: single-node
xpack.security.enabled: false
http.host: 127.0.0.1
http.port: $ES_PORT
transport.host: 127.0.0.1
transport.port: $(free_port)
path.data: $ES_HOME/data
path.logs: $ES_HOME/logs
cluster.routing.allocation.disk.threshold_enabled: false
EOF
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
    id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$ES_USER"
    chmod 755 "$ES_DIR"; chown -R "$ES_USER" "$ES_DIR"
    RUN_AS=(runuser -u "$ES_USER" --)
fi
"${ES_PIN[@]}" "${RUN_AS[@]}" env ES_JAVA_HOME="$JAVA_HOME" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" > "$OUT_DIR/elasticsearch.log" 2>&1 &
ES_RUNNER_PID=$!
ES=http://127.0.0.1:$ES_PORT
for i in $(seq 240); do
    kill -0 "$ES_RUNNER_PID" 2>/dev/null || { tail -30 "$OUT_DIR/elasticsearch.log" >&2; die "Elasticsearch exited while starting"; }
    curl -fsS "$ES/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null | grep -q '"timed_out":false' && break
    (( i < 240 )) || die "Elasticsearch not up after 120 s"
    sleep 0.5
done
for p in $(descendants "$ES_RUNNER_PID"); do
    grep -q 'org.elasticsearch.bootstrap.Elasticsearch' "/proc/$p/cmdline" 2>/dev/null && ES_PID=$p
done
[[ -n $ES_PID ]] || die "cannot find the Elasticsearch server process"
log "Elasticsearch $(curl -fsS "$ES/_nodes/_local?filter_path=nodes.*.version" | jq -r '.nodes[].version') at $ES (pid $ES_PID, heap $ES_HEAP)"

CEILING_RATE=""; WEFT_RATE=""
# ---- (a) the ceiling: a direct bulk load of the same documents ---------------------------------
if [[ " $PHASES " == *" ceiling "* ]]; then
    CEILING_PREFIX=ceiling-$STAMP-; CEILING_PREFIX=${CEILING_PREFIX,,}
    log "(a) ceiling: direct _bulk of Weft's documents, $CEILING_CONCURRENCY requests in flight, prefix $CEILING_PREFIX"
    run_client ceiling "${CLIENT_PIN[@]}" "$JAVA" -Xms"$CEILING_HEAP" -Xmx"$CEILING_HEAP" \
        -cp "$CEILING_CP" dev.weft.storage.elasticsearch.BulkCeiling \
        --es="$ES" --index-prefix="$CEILING_PREFIX" --refresh-interval="$REFRESH_INTERVAL" --docs="$CEILING_DOCS" \
        --duration="$DURATION" --warmup="$WARMUP" --batch-size="$BATCH_SIZE" --concurrency="$CEILING_CONCURRENCY" --seed="$SEED"
    line=$(grep '^CEILING ' "$OUT_DIR/ceiling.log")
    log "$line"
    CEILING_RATE=$(field docs_per_sec "$line")
    [[ $(field exhausted "$line") == false ]] || log "WARNING: the ceiling ran out of pre-built documents; raise CEILING_DOCS (and CEILING_HEAP)"
    [[ $(field failed_docs "$line") == 0 ]] || log "WARNING: Elasticsearch refused documents in the ceiling phase: $(field errors "$line")"
    stored=$(es_count "$CEILING_PREFIX"); sent=$(field total_docs "$line")
    log "ceiling check: $stored documents in ${CEILING_PREFIX}spans-*, $sent sent successfully"
    curl -fsS "$ES/_cat/indices/${CEILING_PREFIX}*?h=index,docs.count,store.size&bytes=mb" | sed 's/^/  /' | tee -a "$OUT_DIR/summary.txt"
    # Drop the ceiling's indices so their merges do not run into Weft's phase.
    for index in $(curl -fsS "$ES/_cat/indices/${CEILING_PREFIX}*?h=index"); do curl -fsS -XDELETE "$ES/$index" >/dev/null; done
    curl -fsS -XDELETE "$ES/_index_template/${CEILING_PREFIX}*" >/dev/null || true
    sleep 5
fi

# ---- (b) Weft in Elasticsearch mode ------------------------------------------------------------
if [[ " $PHASES " == *" weft "* ]]; then
    WEFT_PREFIX=weft-$STAMP-; WEFT_PREFIX=${WEFT_PREFIX,,}
    if command -v psql >/dev/null; then
        # A fresh ledger each run (RESET_DB=0 keeps it), so runs do not differ by what earlier ones left.
        if [[ $RESET_DB == 1 ]]; then
            PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "drop database if exists $PG_DB with (force)"
        fi
        PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -tAc "select 1 from pg_database where datname='$PG_DB'" \
            | grep -q 1 || PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "create database $PG_DB"
    fi
    GRPC_PORT=$(free_port); HTTP_PORT=$(free_port); API_PORT=$(free_port)
    log "(b) weft: $WEFT_JAR in elasticsearch mode, prefix $WEFT_PREFIX, OTLP/gRPC on $GRPC_PORT, ledger in postgresql://$PG_HOST:$PG_PORT/$PG_DB"
    # shellcheck disable=SC2086
    env WEFT_STORAGE_TYPE=elasticsearch SPRING_ELASTICSEARCH_URIS="$ES" \
        SPRING_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" SPRING_DATASOURCE_USERNAME="$PG_USER" \
        SPRING_DATASOURCE_PASSWORD="$PG_PASSWORD" SERVER_PORT="$API_PORT" WEFT_COLLECTOR_GRPC_PORT="$GRPC_PORT" \
        WEFT_COLLECTOR_HTTP_PORT="$HTTP_PORT" \
        "${CLIENT_PIN[@]}" "$JAVA" $WEFT_JAVA_OPTS -jar "$WEFT_JAR" \
        --weft.storage.elasticsearch.index-prefix="$WEFT_PREFIX" \
        --weft.storage.elasticsearch.refresh-interval="$REFRESH_INTERVAL" \
        --weft.storage.elasticsearch.bulk.max-actions="$BULK_MAX_ACTIONS" \
        --weft.storage.elasticsearch.bulk.max-bytes="$BULK_MAX_BYTES" \
        --weft.storage.elasticsearch.bulk.flush-interval="$BULK_FLUSH_INTERVAL" \
        --weft.storage.elasticsearch.bulk.concurrency="$BULK_CONCURRENCY" \
        --weft.collector.wal.dir="$ES_DIR/wal" --weft.collector.wal.fsync="$WAL_FSYNC" \
        --weft.collector.wal.max-bytes="$WAL_MAX_BYTES" --weft.collector.wal.segment-bytes="$WAL_SEGMENT_BYTES" \
        $WEFT_EXTRA_ARGS > "$OUT_DIR/weft.log" 2>&1 &
    WEFT_PID=$!
    for i in $(seq 180); do
        kill -0 "$WEFT_PID" 2>/dev/null || { tail -40 "$OUT_DIR/weft.log" >&2; die "Weft exited while starting"; }
        curl -fsS "http://127.0.0.1:$API_PORT/actuator/health" 2>/dev/null | grep -q '"UP"' && break
        (( i < 180 )) || die "Weft not healthy after 90 s (see $OUT_DIR/weft.log)"
        sleep 0.5
    done
    log "Weft up (pid $WEFT_PID): $(grep -o 'Started WeftApplication in [0-9.]* seconds' "$OUT_DIR/weft.log" || true)"
    # Weft acknowledges once a request is in its write-ahead log and stores it in the background, so
    # its rate is what reached Elasticsearch: span documents counted when the measured window opens
    # and when it closes. The bench's own figure is the acknowledgement rate.
    STORED_PREFIX=$WEFT_PREFIX
    run_client weft-bench "${CLIENT_PIN[@]}" "$JAVA" -jar "$BENCH_JAR" --endpoint="127.0.0.1:$GRPC_PORT" --rate=0 --duration="$DURATION" \
        --warmup="$WARMUP" --batch-size="$BATCH_SIZE" --concurrency="$BENCH_CONCURRENCY" --seed="$SEED"
    STORED_PREFIX=""
    line=$(grep '^RESULT ' "$OUT_DIR/weft-bench.log")
    log "$line"
    log "resident memory: weft $(rss_mb "$WEFT_PID" VmRSS) MB (peak $(rss_mb "$WEFT_PID" VmHWM) MB), elasticsearch $(rss_mb "$ES_PID" VmRSS) MB"
    WEFT_RATE=$(python3 -c "print(f'{($STORED1 - $STORED0) / ($STORED_T1 - $STORED_T0):.1f}')")
    log "stored: $((STORED1 - STORED0)) span documents in the measured window, $WEFT_RATE spans/s (acknowledged: $(field spans_per_sec "$line") spans/s)"
    # The warm-up line is printed when measuring starts; calls still in flight then are not in it.
    warm=$(sed -n 's/^warm-up: .* accepted=\([0-9]*\) .*/\1/p' "$OUT_DIR/weft-bench.log")
    measured=$(field accepted "$line")
    # A call that failed (a deadline, say) may still have stored its spans.
    failed_calls=$(field failed_calls "$line")
    low=$(( warm + measured )); high=$(( low + (BENCH_CONCURRENCY + failed_calls) * BATCH_SIZE ))
    # What the log still holds is stored after the load stops.
    for i in $(seq 240); do stored=$(es_count "$WEFT_PREFIX"); (( stored >= low )) && break; sleep 0.5; done
    log "drained: the write-ahead log was stored $(( i / 2 )) s after the load stopped"
    if (( stored >= low && stored <= high )); then verdict=OK; else verdict=MISMATCH; fi
    log "weft check: $stored span documents in ${WEFT_PREFIX}spans-*; the bench saw $measured accepted in the measured window and $warm in the warm-up (+ at most $((BENCH_CONCURRENCY * BATCH_SIZE)) in flight at its end and $((failed_calls * BATCH_SIZE)) in failed calls): $verdict"
    curl -fsS "$ES/_cat/indices/${WEFT_PREFIX}*?h=index,docs.count,store.size&bytes=mb" | sed 's/^/  /' | tee -a "$OUT_DIR/summary.txt"
    if command -v psql >/dev/null; then
        keys=$(PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -tAc \
            "select count(*) from correlation_keys" 2>/dev/null || echo "n/a")
        log "correlation ledger: $keys rows in $PG_DB.correlation_keys (0 or n/a: key extraction not on the ingest path)"
    fi
    grep -E 'WARN|ERROR' "$OUT_DIR/weft.log" | grep -v 'deprecat' | head -5 | sed 's/^/  weft.log: /' | tee -a "$OUT_DIR/summary.txt" || true
    kill "$WEFT_PID"; wait "$WEFT_PID" 2>/dev/null || true; WEFT_PID=""
    for index in $(curl -fsS "$ES/_cat/indices/${WEFT_PREFIX}*?h=index"); do curl -fsS -XDELETE "$ES/$index" >/dev/null; done
    curl -fsS -XDELETE "$ES/_index_template/${WEFT_PREFIX}*" >/dev/null || true
fi

if [[ -n $CEILING_RATE && -n $WEFT_RATE ]]; then
    ratio=$(python3 -c "print(f'{100 * $WEFT_RATE / $CEILING_RATE:.1f}')")
    verdict=$(python3 -c "print('meets' if $WEFT_RATE >= 0.7 * $CEILING_RATE else 'misses')")
    log "ES_THROUGHPUT ceiling_docs_per_sec=$CEILING_RATE weft_spans_per_sec=$WEFT_RATE ratio_percent=$ratio target_percent=70 ($verdict the target)$( (( DISTURBED )) && echo ' DISTURBED: other processes took CPU, do not use these figures')"
fi
