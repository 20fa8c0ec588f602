#!/bin/sh
# Compiles the sidecar launcher (src/main/c/sidecar-launcher.c) into DIST/rollouts-sidecar-launcher
# as a static executable: it runs in the stock controller image, which has no libc and no shell.
# musl-gcc gives the smallest file; gcc -static (glibc's libc.a, Debian package libc6-dev)
# works as well. Without either compiler the launcher is skipped with a message, so a machine
# without one still builds everything else; .ci/run installs gcc so CI always builds and tests it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$1/rollouts-sidecar-launcher"
src="$here/src/main/c/sidecar-launcher.c"
flags='-Os -static -s -Wall -Wextra -Werror -std=c11 -D_POSIX_C_SOURCE=200809L'
for cc in ${CC:-} musl-gcc gcc cc; do
  command -v "$cc" >/dev/null 2>&1 || continue
  # shellcheck disable=SC2086
  if "$cc" $flags -o "$out" "$src" 2>"$out.log"; then
    rm -f "$out.log"
    echo "$(sha256sum "$out" | cut -d' ' -f1)  rollouts-sidecar-launcher" > "$out.sha256"
    echo "sidecar launcher: built with $cc ($(wc -c < "$out") bytes, static)"
    exit 0
  fi
  echo "sidecar launcher: $cc failed:" >&2
  cat "$out.log" >&2
done
rm -f "$out" "$out.log"
if [ "${ROLLOUTS_REQUIRE_LAUNCHER:-}" = 1 ]; then
  echo "sidecar launcher: no C compiler could build it statically and ROLLOUTS_REQUIRE_LAUNCHER=1" >&2
  exit 1
fi
echo "sidecar launcher: SKIPPED, no C compiler that links statically (install gcc and libc6-dev, or musl-tools)" >&2
