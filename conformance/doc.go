// Package conformance holds the differential tests that drive the Java harness
// (conformance/harness) with the real Go implementations that the Argo Rollouts controller
// uses: encoding/gob, net/rpc, hashicorp/yamux and hashicorp/go-plugin. See README.md.
package conformance
