#!/bin/sh
# The demo `./mvnw -B package` ends with: the kit walks the example Rollout's canary
# (examples/manifests) through the example plugins in dist/, as child processes over the real
# protocol, printing each step, weight and measurement. Skip it with -Ddemo.skip.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$here" # the example router writes target/demo/routes.json relative to this directory
rm -f target/demo/routes.json
"$root/dist/rollouts-plugin-kit" canary \
  --config "$root/dist/argo-rollouts-config.yaml" \
  --template "$root/examples/manifests/analysis-template.yaml" \
  "$root/examples/manifests/rollout.yaml"
echo "demo: the sample router's last routing state ($here/target/demo/routes.json):"
cat target/demo/routes.json
echo
