// Package controllerpath runs the Java example plugins in dist/ through the Argo Rollouts
// controller's own code: the ConfigMap is read by utils/config from a fake clientset, the
// executables are installed by utils/plugin.DownloadPlugins, and the plugins are obtained
// with the same client packages (and reconciler wrappers) the controller's reconcilers use.
// Only tests live here; see README.md in the conformance module.
//
// The package builds against several Argo Rollouts releases: go.mod (v1.9.x) by default and
// the build lists in ../versions with `go test -modfile=...` (run-versions.sh). Build tag
// argo_v1_7 marks the one release line without step plugins and with the older
// DownloadPlugins signature.
package controllerpath
