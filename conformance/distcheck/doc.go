// Package distcheck tests what `./mvnw package` puts into dist/ with the real Go code the Argo
// Rollouts controller runs: the sidecar launcher in an empty root (no libc, no shell) driven by
// go-plugin and Argo's metric plugin client, the plugin files on a minimal jlink'ed Java runtime
// like the custom image's, and the kit's analysis outcomes against Argo's own analysis code.
//
// It needs dist/ and so runs after the bundle module: `go test .` in this directory, with
// ROLLOUTS_DIST naming the dist directory (the bundle module's conformance profile does this).
// It is a module of its own, so the conformance module's `go test ./...` does not include it.
package distcheck
