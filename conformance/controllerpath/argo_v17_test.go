//go:build argo_v1_7

package controllerpath

import (
	"testing"

	"github.com/argoproj/argo-rollouts/utils/plugin"
	"k8s.io/client-go/kubernetes"
)

// downloadPlugins is the controller's start-up call (Argo 1.7 has no headersFrom, so no
// clientset).
func downloadPlugins(kubernetes.Interface) error {
	return plugin.DownloadPlugins(plugin.FileDownloaderImpl{})
}

// kindsOfThisArgo are the plugin kinds this Argo release reads from the ConfigMap: step
// plugins arrived in 1.8, so 1.7 ignores the stepPlugins key.
func kindsOfThisArgo() []struct{ key, name string } { return kinds[:2] }

// acquireStepIfAny does nothing: Argo 1.7 has no step plugins.
func acquireStepIfAny(*testing.T) []string { return nil }
