// Package routestate is the JSON state file of the sample traffic router
// (examples' FileTrafficRouter, documented there), in Argo's own JSON types: the Go reference
// router writes it and the controller-path tests read it.
package routestate

import "github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"

// State is the whole file.
type State struct {
	CanaryHash   string                             `json:"canaryHash"`
	StableHash   string                             `json:"stableHash"`
	CanaryWeight int32                              `json:"canaryWeight"`
	Additional   []v1alpha1.WeightDestination       `json:"additional"`
	HeaderRoutes map[string]v1alpha1.SetHeaderRoute `json:"headerRoutes"`
	MirrorRoutes map[string]v1alpha1.SetMirrorRoute `json:"mirrorRoutes"`
}
