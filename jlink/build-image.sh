#!/usr/bin/env bash
# Builds the runtime image into target/image from an already packaged build (./p2p image runs both):
#   image/runtime   the JDK trimmed by jlink to the modules the jars need (computed by jdeps)
#   image/lib       the application and library jars (module path)
#   image/bin       p2p-server launcher
#   image/config    application.yaml (and the other shipped configs), logging.properties
# Library jars stay outside the jlink part because several are automatic modules, which jlink cannot link.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="$root/modules/p2p-app/target"
out="$root/target/image"
[[ -d "$app/lib" ]] || { echo "build-image: $app/lib missing; run ./p2p image (it packages first)" >&2; exit 1; }
: "${JAVA_HOME:?build-image: JAVA_HOME must point at a JDK 21+ (./p2p image sets it)}"

# JDK modules the jars use, plus ones reached only reflectively or through services:
#   jdk.crypto.ec/jdk.crypto.cryptoki for TLS key exchange, jdk.unsupported for Netty/protobuf (sun.misc.Unsafe),
#   jdk.zipfs and jdk.localedata for config and logging, jdk.management for JVM metrics, jdk.naming.dns for Kafka.
jdk_modules="$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps \
  --module-path "$app/lib" "$app"/lib/*.jar 2>/dev/null || true)"
extra="jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.localedata,java.net.http"
modules="$(echo "${jdk_modules},${extra}" | tr ',' '\n' | grep -E '^(java|jdk)\.' | sort -u | while read -r m; do
  [[ -n "$("$JAVA_HOME/bin/java" --list-modules | grep -E "^$m@")" ]] && echo "$m"; done | paste -sd, -)"
echo "build-image: JDK modules: $modules"

rm -rf "$out"
mkdir -p "$out"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$out/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress zip-6
cp -r "$app/lib" "$out/lib"
mkdir -p "$out/bin" "$out/config"
cp "$app/bin/p2p-server" "$out/bin/p2p-server"
chmod +x "$out/bin/p2p-server"
cp "$root"/config/*.yaml "$root"/config/*.properties "$out/config/"
echo "build-image: $(du -sh "$out" | cut -f1) in $out (runtime $(du -sh "$out/runtime" | cut -f1), lib $(du -sh "$out/lib" | cut -f1))"
