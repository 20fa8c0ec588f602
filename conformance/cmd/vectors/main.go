// Command vectors writes the benchmark payload streams (package vectors) as hex files, so
// that the Java JMH benchmarks decode the very bytes the Go benchmarks decode.
//
//	go run ./cmd/vectors [-out testdata]
//
// For every payload it writes <name>-first.hex and <name>-steady.hex (lower-case hex, 64
// digits per line) and lists their sizes and SHA-256 in SHA256SUMS.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/rollouts-java/conformance/internal/vectors"
)

func main() {
	out := flag.String("out", "testdata", "output directory")
	flag.Parse()
	all, err := vectors.All()
	if err != nil {
		log.Fatal(err)
	}
	var sums strings.Builder
	for _, v := range all {
		for _, f := range []struct {
			suffix string
			data   []byte
		}{{"first", v.First}, {"steady", v.Steady}} {
			name := fmt.Sprintf("%s-%s.hex", v.Name, f.suffix)
			if err := os.WriteFile(filepath.Join(*out, name), []byte(wrap(hex.EncodeToString(f.data), 64)), 0o644); err != nil {
				log.Fatal(err)
			}
			fmt.Fprintf(&sums, "%x  %s  (%d bytes)\n", sha256.Sum256(f.data), name, len(f.data))
		}
	}
	if err := os.WriteFile(filepath.Join(*out, "SHA256SUMS"), []byte(sums.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

func wrap(s string, width int) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width])
		b.WriteByte('\n')
		s = s[width:]
	}
	b.WriteString(s)
	b.WriteByte('\n')
	return b.String()
}
