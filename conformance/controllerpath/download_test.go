package controllerpath

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"sigs.k8s.io/yaml"
)

// The ConfigMap keys of the three kinds and the plugin dist/ configures under each.
var kinds = []struct{ key, name string }{
	{"metricProviderPlugins", metricName},
	{"trafficRouterPlugins", routerName},
	{"stepPlugins", stepName},
}

// distEntries are the entries of dist's ConfigMap under key.
func distEntries(t *testing.T, key string) []types.PluginItem {
	t.Helper()
	var items []types.PluginItem
	if err := yaml.Unmarshal([]byte(distConfigMap(t).Data[key]), &items); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	if len(items) == 0 {
		t.Fatalf("%s: dist's ConfigMap lists no plugin", key)
	}
	return items
}

// distEntry is the entry named name of dist's ConfigMap under key.
func distEntry(t *testing.T, key, name string) types.PluginItem {
	t.Helper()
	for _, e := range distEntries(t, key) {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("%s: dist's ConfigMap has no plugin %q", key, name)
	return types.PluginItem{}
}

func sha256Hex(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestDownloadFromDistConfigMap: the controller accepts dist's ConfigMap and copies every
// file:// executable to plugin-bin/<org>/<name>, byte for byte, mode 0700; each copy has the
// sha256 the ConfigMap states.
func TestDownloadFromDistConfigMap(t *testing.T) {
	cm := distConfigMap(t)
	startController(t, cm)
	for _, k := range kindsOfThisArgo() {
		found := false
		for _, entry := range distEntries(t, k.key) {
			found = found || entry.Name == k.name
			if !strings.HasPrefix(entry.Location, "file://") {
				t.Fatalf("%s: unexpected entry %+v", k.key, entry)
			}
			installed := installedPath(t, entry.Name)
			info, err := os.Stat(installed)
			if err != nil {
				t.Fatalf("%s was not installed: %v", entry.Name, err)
			}
			if info.Mode().Perm() != 0o700 {
				t.Errorf("%s installed with mode %v, want 0700", installed, info.Mode().Perm())
			}
			if got := sha256Hex(t, installed); got != entry.Sha256 {
				t.Errorf("%s: installed sha256 %s, ConfigMap says %s", entry.Name, got, entry.Sha256)
			}
			source := strings.TrimPrefix(entry.Location, "file://")
			want, _ := os.ReadFile(source)
			got, _ := os.ReadFile(installed)
			if !bytes.Equal(want, got) {
				t.Errorf("%s differs from %s", installed, source)
			}
		}
		if !found {
			t.Errorf("%s: dist's ConfigMap lacks %s", k.key, k.name)
		}
	}
}

// serveDist serves dist/ over HTTP on loopback, as a release page would serve the files.
func serveDist(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dist(t))))
	t.Cleanup(srv.Close)
	return srv
}

// httpConfigMap is dist's ConfigMap with every location served by srv and the sha256 of each
// entry passed through sha.
func httpConfigMap(t *testing.T, srv *httptest.Server, sha func(string) string) map[string]string {
	t.Helper()
	data := map[string]string{}
	for _, k := range kindsOfThisArgo() {
		for _, e := range distEntries(t, k.key) {
			data[k.key] += fmt.Sprintf("- name: %q\n  location: %q\n  sha256: %q\n",
				e.Name, srv.URL+"/"+filepath.Base(e.Location), sha(e.Sha256))
		}
	}
	return data
}

// TestDownloadChecksSha256 runs Argo's checksum check, which it applies to http(s) downloads:
// dist's sha256 values are accepted, and one wrong hex digit makes start-up fail with Argo's
// error.
func TestDownloadChecksSha256(t *testing.T) {
	srv := serveDist(t)
	t.Run("dist sha256 accepted", func(t *testing.T) {
		startController(t, configMap(httpConfigMap(t, srv, func(s string) string { return s })))
		for _, k := range kindsOfThisArgo() {
			for _, e := range distEntries(t, k.key) {
				if got := sha256Hex(t, installedPath(t, e.Name)); got != e.Sha256 {
					t.Errorf("%s: downloaded sha256 %s, want %s", e.Name, got, e.Sha256)
				}
			}
		}
	})
	t.Run("wrong sha256 rejected", func(t *testing.T) {
		flip := func(s string) string {
			last := "0"
			if strings.HasSuffix(s, "0") {
				last = "1"
			}
			return s[:len(s)-1] + last
		}
		for _, k := range kindsOfThisArgo() {
			data := httpConfigMap(t, srv, func(s string) string { return s })
			e := distEntry(t, k.key, k.name)
			data[k.key] = strings.Replace(data[k.key], e.Sha256, flip(e.Sha256), 1)
			err := tryStartController(t, configMap(data))
			want := fmt.Sprintf("sha256 hash of downloaded plugin (%s/%s) does not match expected hash",
				srv.URL, filepath.Base(e.Location))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s with a wrong sha256: start-up error %v, want one containing %q", k.name, err, want)
			}
		}
	})
}

// TestDownloadFileLocationSkipsSha256 pins an Argo behaviour users of dist's ConfigMap must
// know: for file:// locations the controller copies the file and never compares the sha256,
// so there the value documents the build but protects nothing.
func TestDownloadFileLocationSkipsSha256(t *testing.T) {
	e := distEntry(t, "metricProviderPlugins", metricName)
	wrong := strings.Repeat("0", 64)
	cm := configMap(map[string]string{"metricProviderPlugins": fmt.Sprintf(
		"- name: %q\n  location: %q\n  sha256: %q\n", e.Name, e.Location, wrong)})
	if err := tryStartController(t, cm); err != nil {
		t.Fatalf("Argo now checks sha256 of file:// plugins too (update dist docs): %v", err)
	}
	if got := sha256Hex(t, installedPath(t, metricName)); got != e.Sha256 {
		t.Fatalf("installed sha256 %s, want %s", got, e.Sha256)
	}
}
