//go:build !argo_v1_7

package controllerpath

import (
	"testing"

	"github.com/argoproj/argo-rollouts/utils/plugin"
	"k8s.io/client-go/kubernetes"
)

// downloadPlugins is the controller's start-up call (Argo >= 1.8 passes the clientset for
// headersFrom secrets).
func downloadPlugins(kube kubernetes.Interface) error {
	return plugin.DownloadPlugins(plugin.FileDownloaderImpl{}, kube)
}

// kindsOfThisArgo are the plugin kinds this Argo release reads from the ConfigMap.
func kindsOfThisArgo() []struct{ key, name string } { return kinds }

// acquireStepIfAny acquires the step plugin and returns its name.
func acquireStepIfAny(t *testing.T) []string {
	t.Helper()
	acquireStep(t)
	return []string{stepName}
}
