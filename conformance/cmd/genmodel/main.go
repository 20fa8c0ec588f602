// Command genmodel generates the Java records of every Argo Rollouts and Kubernetes type that
// crosses the plugin wire (package dev.rollouts.sdk.model) from the Go types themselves, by
// reflection, so that the Java model cannot drift from the pinned Argo version.
//
// Usage, from the conformance directory:
//
//	go run ./cmd/genmodel -out ../plugin-sdk/src/main/java
//
// The mapping rules live in internal/genmodel; TestModelIsGenerated fails when the checked-in
// sources differ from what this command writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rollouts-java/conformance/internal/genmodel"
)

func main() {
	out := flag.String("out", "", "Java source root to write "+genmodel.ModelDir+" below (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := genmodel.Write(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmodel:", err)
		os.Exit(1)
	}
	fmt.Printf("genmodel: %d files in %s\n", n, filepath.Join(*out, genmodel.ModelDir))
}
