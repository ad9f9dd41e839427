#!/usr/bin/env bash
# Makes the start-up archive of the runtime image this script sits in (shipped as <home>/bin/p2p-train-archive;
# jlink/build-image.sh runs it once at image build). One training run: bin/p2p-server starts on a throw-away data
# directory with loopback listeners on free ports, answers /health, /health/ready and /metrics, and stops on SIGTERM;
# at exit the JVM writes every class it loaded (JDK, Helidon, Netty, Derby, p2p.*) into
#   <home>/cds/p2p-server.aot  JDK 25+: AOT cache (-XX:AOTCacheOutput, JEP 483/514: classes loaded and linked)
#   <home>/cds/p2p-server.jsa  JDK 21-24: dynamic AppCDS archive (-XX:ArchiveClassesAtExit) over the runtime's base one
# bin/p2p-server then maps it instead of reading and linking ~6,000 classes from the jars on every start.
# The JVM accepts an archive only for the module path it was made with (absolute path, jar sizes and times): an image
# moved to another directory gets a new one by running this script there.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="$home/runtime/bin/java"
die() { echo "p2p-train-archive: $*" >&2; exit 1; }
[[ -x "$java" && -f "$home/runtime/release" ]] || die "$home/runtime (the jlink runtime) missing: the archive is made for an image's own runtime"
version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/runtime/release")"
(( version >= 21 )) || die "runtime is Java '${version}', needs 21 or newer"

mkdir -p "$home/cds"
rm -f "$home"/cds/p2p-server.*
if (( version >= 25 )); then
  archive="$home/cds/p2p-server.aot"
  record=("-XX:AOTCacheOutput=$archive")
else
  archive="$home/cds/p2p-server.jsa"
  record=("-XX:ArchiveClassesAtExit=$archive")
  # The dynamic archive extends the runtime's base archive (jlink makes none), which must have been dumped with the
  # launcher's module options, or every start reports "optimized module handling" errors: dump it through the launcher.
  P2P_JAVA_OPTS="-Xshare:dump -XX:SharedArchiveFile=$home/runtime/lib/server/classes.jsa -Xlog:cds=error" \
    bash "$home/bin/p2p-server" > /dev/null || die "base CDS archive dump failed"
fi

work="$(mktemp -d)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM
cat > "$work/train.yaml" <<EOF
p2p_data_dir: $work/data
p2p_port: 0
p2p_listen_addresses: [127.0.0.1]
p2p_httpListenAddress: "127.0.0.1:0"
p2p_grpcListenAddress: "127.0.0.1:0"
EOF

: > "$work/out"
# Errors only: the record run warns for each class it cannot archive (JFR events, proxies), which is expected.
P2P_JAVA_OPTS="${record[*]} -Xlog:aot=error,cds=error" bash "$home/bin/p2p-server" --config "$work/train.yaml" \
  > "$work/out" 2>&1 &
pid=$!
deadline=$((SECONDS + ${P2P_TRAIN_TIMEOUT:-300}))
port=""
while [[ -z "$port" ]]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/out" >&2; pid=""; die "training server exited before it was ready (output above)"; }
  (( SECONDS < deadline )) || { cat "$work/out" >&2; die "training server not ready within ${P2P_TRAIN_TIMEOUT:-300} s (P2P_TRAIN_TIMEOUT)"; }
  port="$(sed -n 's/^p2p-server ready: http=[^ ]*:\([0-9]*\) .*/\1/p' "$work/out" || true)"
  [[ -n "$port" ]] || sleep 0.2
done

# The requests an operator's probes make, so their handlers are in the archive too. Plain bash: no curl on the host.
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&3
  local status
  IFS= read -r -t 60 status <&3 || status=""
  exec 3<&- # the status line is enough; the server may keep the connection open despite "close"
  [[ "$status" == "HTTP/1.1 200"* ]] || die "GET $1 answered '${status%$'\r'}' in the training run"
}
for path in /health /health/ready /metrics; do get "$path"; done

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
# 143: SIGTERM after the shutdown hook stopped every part, as in production.
[[ $status -eq 143 ]] || { cat "$work/out" >&2; die "training server exited $status instead of 143 (output above)"; }
[[ -s "$archive" ]] || { cat "$work/out" >&2; die "the JVM wrote no archive to $archive (output above)"; }
# What bin/p2p-server checks before it uses the archive (this home, these jars, this runtime).
bash "$home/bin/p2p-server" --archive-stamp > "$archive.stamp"
echo "p2p-train-archive: $archive ($(du -h "$archive" | cut -f1))"
