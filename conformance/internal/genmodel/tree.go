package genmodel

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ModelDir is where the model package lives below a Java source root.
var ModelDir = filepath.Join(strings.Split(JavaPackage, ".")...)

// Generate renders every generated file of the model package, by file name.
func Generate() (map[string][]byte, error) {
	roots := Roots()
	m, err := Build(roots)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, rec := range m.Records {
		src, err := m.RecordSource(rec)
		if err != nil {
			return nil, err
		}
		files[rec.Name+".java"] = []byte(src)
	}
	names, err := m.GobNames(roots)
	if err != nil {
		return nil, err
	}
	files["ArgoGobNames.java"] = []byte(ArgoGobNamesSource(names))
	return files, nil
}

// Write generates the model below the Java source root javaRoot and removes generated files
// that the generator no longer produces; hand-written files are left alone.
func Write(javaRoot string) (int, error) {
	files, err := Generate()
	if err != nil {
		return 0, err
	}
	dir := filepath.Join(javaRoot, ModelDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	existing, err := GeneratedFiles(dir)
	if err != nil {
		return 0, err
	}
	for name := range existing {
		if _, keep := files[name]; !keep {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return 0, err
			}
		}
	}
	for _, name := range sortedKeys(files) {
		if bytes.Equal(existing[name], files[name]) {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// GeneratedFiles reads the files in dir that start with the generated-code marker.
func GeneratedFiles(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".java") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(b, []byte(GeneratedMarker)) {
			files[e.Name()] = b
		}
	}
	return files, nil
}

// Drift compares generated sources (want) with checked-in ones (got) and describes every
// file that is missing, stale or different; empty when they agree.
func Drift(want, got map[string][]byte) []string {
	var diffs []string
	for _, name := range sortedKeys(want) {
		have, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, name+": missing (the generator produces it)")
		case !bytes.Equal(have, want[name]):
			diffs = append(diffs, fmt.Sprintf("%s: differs (%s)", name, firstDifference(want[name], have)))
		}
	}
	for _, name := range sortedKeys(got) {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+": stale (the generator no longer produces it)")
		}
	}
	return diffs
}

func firstDifference(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d: generated %q, checked in %q", i+1, w, g)
		}
	}
	return "same lines"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
