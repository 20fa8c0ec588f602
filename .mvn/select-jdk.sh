# Sourced by ./mvnw and .ci/run (POSIX sh). The build needs a JDK 21 or newer; when JAVA_HOME
# is unset or names an older one, use the newest JDK 21+ under /usr/lib/jvm (Debian's layout,
# where the default `java` may be 17), so that `./mvnw ...` works on a fresh machine as is.
rollouts_jdk_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
rollouts_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(rollouts_jdk_feature "$JAVA_HOME")
    [ -n "$v" ] && [ "$v" -ge 21 ] && return 0
  fi
  best="" best_v=0
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    v=$(rollouts_jdk_feature "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$d best_v=$v; fi
  done
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    export JAVA_HOME
  else
    echo "rollouts-java: no JDK 21 or newer found (set JAVA_HOME)" >&2
  fi
}
rollouts_select_jdk
