#!/bin/sh
# Builds dist/: one executable file per plugin listed in plugins.tsv (a launcher line followed
# by the plugin's jar, which the JVM reads despite the prefix), its sha256, the kit
# (rollouts-plugin-kit, same format), argo-rollouts-config.yaml with the ConfigMap entries the
# controller needs (written by the kit's `configmap` command), and the static sidecar launcher
# when a C compiler is there (see sidecar-launcher.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dist="$root/dist"
java_home=${1:-${JAVA_HOME:-}}
rm -rf "$dist"
mkdir -p "$dist"

# JVM flags for a plugin: small heap and code cache, C1 only, serial GC (one collector thread),
# no JVM output on stdout (stdout carries the go-plugin handshake line alone).
# -Xms8m: without it the initial heap is 1/64 of the machine's memory capped by -Xmx, i.e. all
# 128 MiB, and the young generation's pages are touched before the first collection; starting
# at 8 MiB cut resident memory from 65 to 56 MiB idle and from 110 to 75 MiB after load, with no
# measurable cost in latency or throughput (docs/benchmarks.md).
# Not compiling StackMapGenerator::processBlock: C1's register allocator needs 6.6 MB of arena
# for that one method (the JDK's class-file API, which spins the hidden classes of lambdas,
# method handles and annotation proxies at start-up; jcmd Compiler.memory), and glibc keeps that
# memory after the compile; interpreted, the method costs nothing measurable. Idle RSS 53 -> 48
# MiB. `quiet` must come first: without it CompileCommand prints to stdout, which carries the
# handshake. Unlike `MemLimit` (JDK 22+), `exclude` is accepted silently by every JDK.
flags='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=64m -Xms8m -Xmx128m -XX:-UsePerfData -Xshare:auto -XX:CompileCommand=quiet -XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock -Xlog:disable -Xlog:all=warning:stderr'
# The kit is a command-line tool: quick start, default limits.
kit_flags='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr'

# executable NAME JAR MAIN FILE FLAGS: writes dist/FILE (sh launcher + jar) and FILE.sha256.
executable() {
  out="$dist/$4"
  {
    printf '#!/bin/sh\n'
    printf '# %s (rollouts-java). The JVM runs the jar appended to this file.\n' "$1"
    printf 'J="${ROLLOUTS_JAVA:-${JAVA_HOME:-%s}/bin/java}"\n' "$java_home"
    printf '[ -x "$J" ] || J=$(command -v java) || { echo "%s: no Java runtime found (set JAVA_HOME or ROLLOUTS_JAVA)" >&2; exit 127; }\n' "$1"
    printf 'exec "$J" %s -cp "$0" %s "$@"\n' "$5" "$3"
  } > "$out"
  cat "$root/$2" >> "$out"
  chmod 755 "$out"
  echo "$(sha256sum "$out" | cut -d' ' -f1)  $4" > "$out.sha256"
}

executable rollouts-plugin-kit kit/target/kit-all.jar dev.rollouts.kit.Kit rollouts-plugin-kit "$kit_flags"

set --
while IFS="$(printf '\t')" read -r name kind jar main file; do
  case "$name" in ''|'#'*) continue ;; esac
  executable "$name" "$jar" "$main" "$file" "$flags"
  case "$kind" in
    metricProviderPlugins) set -- "$@" --metric "$name=$dist/$file" ;;
    trafficRouterPlugins) set -- "$@" --router "$name=$dist/$file" ;;
    stepPlugins) set -- "$@" --step "$name=$dist/$file" ;;
    *) echo "plugins.tsv: unknown kind '$kind' for $name" >&2; exit 1 ;;
  esac
done < "$here/plugins.tsv"

"$dist/rollouts-plugin-kit" configmap "$@" > "$dist/argo-rollouts-config.yaml"
# the same plugins where deploy/custom-image/Dockerfile puts them
"$dist/rollouts-plugin-kit" configmap --location-dir /opt/rollouts-java "$@" \
  > "$dist/argo-rollouts-config.custom-image.yaml"
sh "$here/sidecar-launcher.sh" "$dist"
echo "dist: $(grep -vc '^#' "$here/plugins.tsv") plugins, the kit and the ConfigMap in $dist"
