#!/bin/sh
# Runs the controller-path suite (controllerpath/) against every Argo Rollouts release line the
# SDK supports, each with that release's own build list (go-plugin, yamux, hclog, k8s.io):
# go.mod for 1.9 (what `go test ./...` runs), versions/go.argo-*.mod for the others. Needs
# dist/ (`./mvnw -B package` in the repository root). Extra arguments go to every `go test`,
# e.g. `./run-versions.sh -v` or `./run-versions.sh -run TestMetric`. Exits non-zero if any
# release fails; all are run regardless.
set -u
cd "$(dirname "$0")"
export GOTOOLCHAIN=local

failed=""
summary=""
# line, modfile, build tags (- for none), the Argo Rollouts version the build list must select
while read -r line modfile tags version; do
  tagflag=""
  [ "$tags" = "-" ] || tagflag="-tags=$tags"
  echo "=== Argo Rollouts $version: -modfile=$modfile $tagflag"
  if CONTROLLERPATH_ARGO_VERSION=$version go test -modfile="$modfile" $tagflag -count=1 "$@" ./controllerpath/; then
    summary="$summary  $line ($version) passed\n"
  else
    summary="$summary  $line ($version) FAILED\n"
    failed="$failed $line"
  fi
done <<'RELEASES'
v1.7 versions/go.argo-v1.7.mod argo_v1_7 v1.7.2
v1.8 versions/go.argo-v1.8.mod - v1.8.5
v1.9 go.mod - v1.9.2
v1.10 versions/go.argo-v1.10.mod - v1.10.1
RELEASES

printf '=== controller-path suite by Argo Rollouts release:\n%b' "$summary"
[ -z "$failed" ]
