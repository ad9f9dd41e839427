#!/usr/bin/env bash
# Measures the runtime image the way the README reports it: size on disk, then N starts (default 3) of
# bin/p2p-server, each on a fresh data directory with loopback listeners, giving
#   health  wall time from launching bin/p2p-server to the first 200 on GET /health
#   cpu     CPU time (user + system) the JVM had used at that moment: less sensitive to other work on the machine
#   rss     resident set size 30 s after launch, the node idle (no peers, embedded chain, in-process Kafka)
# and the load average around each start, since other builds share the machine.
#   jlink/measure-image.sh [IMAGE_DIR] [STARTS]      IMAGE_DIR defaults to target/image
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="$(cd "${1:-$root/target/image}" && pwd)"
starts="${2:-3}"
idle="${P2P_MEASURE_IDLE:-30}"
[[ -x "$image/bin/p2p-server" ]] || { echo "measure-image: $image/bin/p2p-server missing; run ./p2p image" >&2; exit 1; }

size() { du -sm "$1" 2>/dev/null | cut -f1; }
echo "image $image: $(size "$image") MB (runtime $(size "$image/runtime") MB, lib $(size "$image/lib") MB, cds $(size "$image/cds" || echo 0) MB); $(nproc) CPUs"

# Below the ephemeral range: the server's own port-0 listeners (p2p, gRPC) take ports from there while it starts.
free_port() {
  local port low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  while :; do
    port=$((low - 1 - RANDOM % 10000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
# 0 when GET $1 on $2 answers 200; reads the status line only.
health_ok() {
  local status=""
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 5 status <&3 || true
  exec 3<&-
  [[ "$status" == "HTTP/1.1 200"* ]]
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }

work="$(mktemp -d)"
pid=""
trap '[[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
for ((run = 1; run <= starts; run++)); do
  dir="$work/run$run"
  port="$(free_port)"
  mkdir -p "$dir"
  cat > "$dir/measure.yaml" <<EOF
p2p_data_dir: $dir/data
p2p_port: 0
p2p_listen_addresses: [127.0.0.1]
p2p_httpListenAddress: "127.0.0.1:$port"
p2p_grpcListenAddress: "127.0.0.1:0"
EOF
  load_before="$(loadavg)"
  start=$(date +%s%N)
  bash "$image/bin/p2p-server" --config "$dir/measure.yaml" > "$dir/out" 2>&1 &
  pid=$!
  until health_ok "$port" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/out" >&2; echo "measure-image: server exited before answering /health" >&2; exit 1; }
    (( $(date +%s%N) - start < 300000000000 )) || { echo "measure-image: no 200 on /health within 300 s" >&2; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  read -r -a stat < "/proc/$pid/stat" # the launcher execs the JVM: same pid; fields 14 and 15 are utime and stime
  cpu_ms=$(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
  sleep "$(awk -v s="$start" -v n="$(date +%s%N)" -v i="$idle" 'BEGIN { d = i - (n - s) / 1e9; print (d > 0 ? d : 0) }')"
  rss_kb="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  printf 'start %d: health %d ms, cpu %d ms, rss after %d s %d MB, load average %s -> %s\n' "$run" \
    $(( (end - start) / 1000000 )) "$cpu_ms" "$idle" $(( rss_kb / 1024 )) "$load_before" "$(loadavg)"
  grep -m1 '^p2p-server: start-up archive' "$dir/out" || true
  kill -TERM "$pid"
  wait "$pid" || true
  pid=""
done
