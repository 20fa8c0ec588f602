package distcheck

import (
	_ "unsafe" // go:linkname

	// linked for assessMetricStatus below
	_ "github.com/argoproj/argo-rollouts/analysis"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
)

// assessMetricStatus is Argo's own judgement of one metric from its result so far
// (analysis/analysis.go), unexported there, so reached by linkname: the tests hold the kit's
// rules against the controller's code itself, not against a copy.
//
//go:linkname assessMetricStatus github.com/argoproj/argo-rollouts/analysis.assessMetricStatus
func assessMetricStatus(metric v1alpha1.Metric, result v1alpha1.MetricResult, terminating bool) v1alpha1.AnalysisPhase
