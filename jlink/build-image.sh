#!/usr/bin/env bash
# Builds the runtime image into target/image from an already packaged build (./p2p image runs both):
#   image/runtime   the JDK trimmed by jlink to the modules of jlink/jdk-modules.txt, checked against jdeps
#   image/lib       the application and library jars (module path)
#   image/bin       p2p-server launcher, p2p-train-archive (remakes the start-up archive where the image now lives)
#   image/config    application.yaml (and the other shipped configs), logging.properties
#   image/cds       the start-up archive of one training run (see train-archive.sh), used by bin/p2p-server
# Library jars stay outside the jlink part because several are automatic modules, which jlink cannot link.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
app="$root/modules/p2p-app/target"
out="$root/target/image"
die() { echo "build-image: $*" >&2; exit 1; }
[[ -d "$app/lib" ]] || die "$app/lib missing; run ./p2p image (it packages first)"
: "${JAVA_HOME:?build-image: JAVA_HOME must point at a JDK 21+ (./p2p image sets it)}"
version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")"

# --- JDK modules: jlink/jdk-modules.txt decides, jdeps checks that it decided about every module a jar uses.
declare -A keep=() cut=()
while read -r verdict module _; do
  case "$verdict" in
    keep) keep[$module]=1 ;;
    cut) cut[$module]=1 ;;
  esac
done < <(grep -Ev '^\s*(#|$)' "$here/jdk-modules.txt")

# Every JDK module resolved as well, so jdeps names the JDK module of each package an automatic module uses.
system="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' | paste -sd, -)"
uses="$("$JAVA_HOME/bin/jdeps" --multi-release "$version" --ignore-missing-deps -summary \
    --module-path "$app/lib" --add-modules "ALL-MODULE-PATH,$system" 2>/dev/null |
  awk -v mods="$system" 'BEGIN { n = split(mods, s, ","); for (i = 1; i <= n; i++) jdk[s[i]] = 1 }
       $2 == "->" && !($1 in jdk) && ($3 in jdk) && $3 != "java.base" { print $3, $1 }' | sort -u)"
[[ -n "$uses" ]] || die "jdeps found no JDK module used by $app/lib (jdeps failed?)"
unknown=""
declare -A cut_users=()
while read -r module user; do
  if [[ -n "${cut[$module]:-}" ]]; then
    cut_users[$module]="${cut_users[$module]:-}${cut_users[$module]:+, }$user"
  elif [[ -z "${keep[$module]:-}" ]]; then
    unknown+="  $module (used by $user)"$'\n'
  fi
done <<< "$uses"
[[ -z "$unknown" ]] || die "JDK modules in neither column of jlink/jdk-modules.txt; add each as keep or cut with who needs it:"$'\n'"$unknown"
for module in "${!cut_users[@]}"; do echo "build-image: cut $module (referenced by ${cut_users[$module]}; see jlink/jdk-modules.txt)"; done
# SnakeYAML before 2.3 calls java.beans on every new Yaml(), so without java.desktop no YAML config would load.
if compgen -G "$app/lib/snakeyaml-2.[0-2].jar" > /dev/null || compgen -G "$app/lib/snakeyaml-1.*.jar" > /dev/null; then
  die "$(basename "$(compgen -G "$app/lib/snakeyaml-*.jar")") needs java.desktop, which the image leaves out; use SnakeYAML 2.3 or newer"
fi
available="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')"
modules="$(for module in "${!keep[@]}"; do grep -qx "$module" <<< "$available" && echo "$module"; done | sort | paste -sd, -)"
echo "build-image: JDK modules: $modules"

# --- the image
rm -rf "$out"
mkdir -p "$out"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --include-locales=en --output "$out/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress zip-6
cp -rp "$app/lib" "$out/lib"
mkdir -p "$out/bin" "$out/config"
cp "$app/bin/p2p-server" "$out/bin/p2p-server"
cp "$here/train-archive.sh" "$out/bin/p2p-train-archive"
chmod +x "$out/bin/p2p-server" "$out/bin/p2p-train-archive"
cp "$root"/config/*.yaml "$root"/config/*.properties "$out/config/"

# --- the start-up archive: one training run of the finished image (also proves the trimmed runtime starts the server)
bash "$out/bin/p2p-train-archive"

size() { du -sh "$1" | cut -f1; }
echo "build-image: $(size "$out") in $out (runtime $(size "$out/runtime"), lib $(size "$out/lib"), cds $(size "$out/cds"))"
