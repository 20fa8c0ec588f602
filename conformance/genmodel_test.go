package conformance_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rollouts-java/conformance/internal/genmodel"
)

// javaSourceRoot is plugin-sdk's main source root, seen from this directory.
const javaSourceRoot = "../plugin-sdk/src/main/java"

// TestJavaModelIsGenerated regenerates the Java model from the pinned Go types into a
// temporary directory and fails, naming every differing file, when the checked-in sources
// in dev.rollouts.sdk.model are not exactly what the generator writes.
func TestJavaModelIsGenerated(t *testing.T) {
	tmp := t.TempDir()
	if _, err := genmodel.Write(tmp); err != nil {
		t.Fatalf("generating the model: %v", err)
	}
	want, err := genmodel.GeneratedFiles(filepath.Join(tmp, genmodel.ModelDir))
	if err != nil {
		t.Fatal(err)
	}
	got, err := genmodel.GeneratedFiles(filepath.Join(javaSourceRoot, genmodel.ModelDir))
	if err != nil {
		t.Fatal(err)
	}
	if diffs := genmodel.Drift(want, got); len(diffs) > 0 {
		t.Errorf("the Java model in %s does not match the Go types (%d files); regenerate it with\n"+
			"  (cd conformance && go run ./cmd/genmodel -out %s)\nand commit the result:\n  %s",
			filepath.Join(javaSourceRoot, genmodel.ModelDir), len(diffs), javaSourceRoot, strings.Join(diffs, "\n  "))
	}
}
