// Package harness finds the Java harness executable (HARNESS.md) and runs its stream
// subcommands.
package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// EnvVar overrides the harness location.
const EnvVar = "ROLLOUTS_HARNESS"

// Path returns the harness executable: $ROLLOUTS_HARNESS, else harness/target/harness next to
// this module's go.mod. A missing harness fails the test: these tests are never skipped.
func Path(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv(EnvVar); p != "" {
		if _, err := os.Stat(p); err != nil {
			tb.Fatalf("%s=%s: %v", EnvVar, p, err)
		}
		return p
	}
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(root, "harness", "target", "harness")
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("Java harness not found at %s: build it first with `./mvnw -B package` in the repository root, or set %s", p, EnvVar)
	}
	return p
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod of the conformance module not found above the working directory")
		}
		dir = parent
	}
}

// LockedBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// streamTimeout bounds one stream subcommand so that a hung harness fails the test instead
// of hanging it; it is a liveness guard, not a measurement.
const streamTimeout = 3 * time.Minute

// Stream runs `harness args...`, feeds its stdin from write (closing stdin afterwards) while
// read consumes its stdout, and waits for the process. Errors of the three parts are joined,
// with the harness's stderr attached.
func Stream(tb testing.TB, args []string, write func(io.Writer) error, read func(io.Reader) error) error {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), streamTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, Path(tb), args...)
	var stderr LockedBuffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start harness: %w", err)
	}
	writeErr := make(chan error, 1)
	go func() {
		err := write(stdin)
		if cerr := stdin.Close(); err == nil {
			err = cerr
		}
		writeErr <- err
	}()
	readErr := read(stdout)
	// Drain whatever the harness still writes so that it can reach its exit.
	_, _ = io.Copy(io.Discard, stdout)
	werr := <-writeErr
	waitErr := cmd.Wait()
	if readErr == nil && werr == nil && waitErr == nil {
		return nil
	}
	var errs []error
	if readErr != nil {
		errs = append(errs, fmt.Errorf("reading harness stdout: %w", readErr))
	}
	if werr != nil {
		errs = append(errs, fmt.Errorf("writing harness stdin: %w", werr))
	}
	if waitErr != nil {
		errs = append(errs, fmt.Errorf("harness %v: %w", args, waitErr))
	}
	return fmt.Errorf("%w\nharness stderr:\n%s", errors.Join(errs...), stderr.String())
}

// WaitGone waits until no process has the pid, failing the test when one still does after
// bound (a liveness guard: a plugin must not outlive its shutdown).
func WaitGone(tb testing.TB, pid int, bound time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(bound)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			tb.Fatalf("process %d is still alive %v later", pid, bound)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
