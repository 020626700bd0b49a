# Sourced by the bench scripts: starts a single-node Elasticsearch from the minimal distribution
# zip on free local ports (as an unprivileged user when run as root, which Elasticsearch
# requires) and sets ES (its URL), ES_PID and ES_RUNNER_PID. Needs ES_ZIP, ES_DIR, ES_USER,
# ES_HEAP, JAVA_HOME and a log file path as $1.
es_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

es_start() {
    local log=$1
    unzip -q "$ES_ZIP" -d "$ES_DIR"
    local home; home=$(echo "$ES_DIR"/elasticsearch-*)
    chmod +x "$home"/bin/*
    local port; port=$(es_free_port)
    cat > "$home/config/elasticsearch.yml" <<YML
discovery.type: single-node
xpack.security.enabled: false
http.host: 127.0.0.1
http.port: $port
transport.host: 127.0.0.1
transport.port: $(es_free_port)
path.data: $home/data
path.logs: $home/logs
cluster.routing.allocation.disk.threshold_enabled: false
YML
    local run_as=()
    if [[ $(id -u) -eq 0 ]]; then
        id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$ES_USER"
        chmod 755 "$ES_DIR"; chown -R "$ES_USER" "$ES_DIR"
        run_as=(runuser -u "$ES_USER" --)
    fi
    "${run_as[@]}" env ES_JAVA_HOME="$JAVA_HOME" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
        "$home/bin/elasticsearch" > "$log" 2>&1 &
    ES_RUNNER_PID=$!
    ES=http://127.0.0.1:$port
    for i in $(seq 240); do
        kill -0 "$ES_RUNNER_PID" 2>/dev/null || { tail -30 "$log" >&2; echo "Elasticsearch exited while starting" >&2; return 1; }
        curl -fsS "$ES/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null | grep -q '"timed_out":false' && break
        (( i < 240 )) || { echo "Elasticsearch not up after 120 s" >&2; return 1; }
        sleep 0.5
    done
    ES_PID=$(pgrep -f 'org.elasticsearch.bootstrap.Elasticsearch' | while read -r p; do
        grep -q "$ES_DIR" "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done | head -1)
}
