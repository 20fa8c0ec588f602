#!/usr/bin/env bash
# Runs a command next to a real Prometheus that scrapes a small test application with fixed
# metrics (prometheus-testapp), then stops both, whatever way the command ends.
#
#   scripts/prometheus-test-env.sh ./mvnw -B -pl metric-provider-prometheus test
#
# The command sees:
#   PROMETHEUS_TEST_URL      http://127.0.0.1:<port> of the Prometheus server
#   PROMETHEUS_BIN           the prometheus executable (tests start TLS/basic-auth instances)
#   PROMETHEUS_TESTAPP       127.0.0.1:<port> of the test application
# Requirements: the Debian package "prometheus" (or PROMETHEUS_BIN), curl, a JDK (JAVA_HOME).
# Every wait is bounded; the exit status is the command's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

prometheus_bin=${PROMETHEUS_BIN:-$(command -v prometheus || true)}
[ -n "$prometheus_bin" ] && [ -x "$prometheus_bin" ] || {
  echo "prometheus-test-env: no prometheus executable (apt-get install -y prometheus, or set PROMETHEUS_BIN)" >&2
  exit 1
}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

work=$(mktemp -d "${TMPDIR:-/tmp}/prometheus-test-env.XXXXXX")
app_pid="" prom_pid=""
stop() {
  local status=$?
  # Only the two processes started here, by their ids.
  for pid in $prom_pid $app_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $prom_pid $app_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. The test application (built on demand: a shaded jar with client_java).
app_jar="$root/prometheus-testapp/target/prometheus-testapp.jar"
if [ ! -f "$app_jar" ]; then
  echo "prometheus-test-env: building $app_jar" >&2
  (cd "$root" && ./mvnw -B -q -pl prometheus-testapp package)
fi
"$java_bin" -Xmx32m -XX:+UseSerialGC -jar "$app_jar" 0 > "$work/app.out" 2> "$work/app.err" &
app_pid=$!
app_address=""
for _ in $(seq 300); do
  app_address=$(sed -n 's/^listening on //p' "$work/app.out")
  [ -n "$app_address" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.err" >&2; echo "prometheus-test-env: test application died" >&2; exit 1; }
  sleep 0.1
done
[ -n "$app_address" ] || { echo "prometheus-test-env: test application did not start within 30 s" >&2; exit 1; }

# 2. Prometheus on a free loopback port, with its own config and data directory.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$(shuf -i 20000-60999 -n 1)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: testapp
    static_configs:
      - targets: ['$app_address']
YAML
prom_url=""
for _ in 1 2 3; do
  port=$(free_port)
  "$prometheus_bin" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn > "$work/prometheus.log" 2>&1 &
  prom_pid=$!
  for _ in $(seq 300); do
    kill -0 "$prom_pid" 2>/dev/null || break
    if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then prom_url="http://127.0.0.1:$port"; break; fi
    sleep 0.1
  done
  [ -n "$prom_url" ] && break
  kill "$prom_pid" 2>/dev/null || true
  wait "$prom_pid" 2>/dev/null || true
  prom_pid=""
done
[ -n "$prom_url" ] || { cat "$work/prometheus.log" >&2; echo "prometheus-test-env: prometheus did not become ready" >&2; exit 1; }

# 3. Wait (bounded) until every test series has samples: one scrape has happened.
ready=""
for _ in $(seq 600); do
  if curl -fsS "$prom_url/api/v1/query" --data-urlencode 'query=count(rollouts_test_value) + count(rollouts_test_latency_seconds_bucket) + count(rollouts_test_requests_total)' \
      | grep -q '"value":\[[0-9.]*,"13"\]'; then
    ready=1
    break
  fi
  sleep 0.1
done
[ -n "$ready" ] || { cat "$work/prometheus.log" >&2; echo "prometheus-test-env: no samples after 60 s" >&2; exit 1; }
echo "prometheus-test-env: prometheus $prom_url scraping $app_address" >&2

export PROMETHEUS_TEST_URL="$prom_url" PROMETHEUS_BIN="$prometheus_bin" PROMETHEUS_TESTAPP="$app_address"
set +e
"$@"
