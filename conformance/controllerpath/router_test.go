package controllerpath

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	routerclient "github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/client"
	routerrpc "github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/rpc"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"github.com/google/go-cmp/cmp"

	"github.com/rollouts-java/conformance/internal/fixtures"
	"github.com/rollouts-java/conformance/internal/routestate"
)

// routeState is FileTrafficRouter's JSON file, read with Argo's own JSON types: the file must
// hold exactly the values the controller sent.
type routeState = routestate.State

func readRoutes(t *testing.T, file string) routeState {
	t.Helper()
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the router's state file: %v", err)
	}
	var s routeState
	if err := json.Unmarshal(text, &s); err != nil {
		t.Fatalf("the router's state file is not the documented JSON: %v\n%s", err, text)
	}
	return s
}

// routedRollout is the fixtures' Rollout routed through sample-router (besides the other
// plugin the fixture lists), with the router's state file in dir.
func routedRollout(file string) *v1alpha1.Rollout {
	ro := fixtures.Rollout()
	plugins := ro.Spec.Strategy.Canary.TrafficRouting.Plugins
	plugins[routerName] = json.RawMessage(fmt.Sprintf(`{"file":%q}`, file))
	return ro
}

// acquireRouter obtains the plugin as the rollout reconciler does on every traffic-routing
// reconcile (trafficrouting plugin.NewReconciler -> client.GetTrafficPlugin).
func acquireRouter(t *testing.T) routerrpc.TrafficRouterPlugin {
	t.Helper()
	p, err := routerclient.GetTrafficPlugin(routerName)
	if err != nil {
		t.Fatalf("GetTrafficPlugin: %v", err)
	}
	return p
}

func noError(t *testing.T, what string, err types.RpcError) {
	t.Helper()
	if err.HasError() {
		t.Fatalf("%s: %v", what, err)
	}
}

func checkRoutes(t *testing.T, what, file string, want routeState) {
	t.Helper()
	if diff := cmp.Diff(want, readRoutes(t, file)); diff != "" {
		t.Errorf("%s: state file (-want +got):\n%s", what, diff)
	}
}

// TestRouterEveryMethod walks the calls of a canary's traffic-routing reconciles in the
// controller's order and checks the router's state file after each.
func TestRouterEveryMethod(t *testing.T) {
	startController(t, distConfigMap(t))
	file := filepath.Join(t.TempDir(), "routes", "checkout.json")
	ro := routedRollout(file)
	p := acquireRouter(t)
	additional := ro.Status.Canary.Weights.Additional
	header, mirror := fixtures.SetHeaderRoute(), fixtures.SetMirrorRoute()

	noError(t, "InitPlugin", p.InitPlugin())
	if got := p.Type(); got != "FileTrafficRouter" {
		t.Errorf("Type = %q, want FileTrafficRouter", got)
	}
	noError(t, "RemoveManagedRoutes", p.RemoveManagedRoutes(ro))
	empty := routeState{Additional: []v1alpha1.WeightDestination{},
		HeaderRoutes: map[string]v1alpha1.SetHeaderRoute{}, MirrorRoutes: map[string]v1alpha1.SetMirrorRoute{}}
	checkRoutes(t, "RemoveManagedRoutes on no file", file, empty)

	noError(t, "SetHeaderRoute", p.SetHeaderRoute(ro, header))
	noError(t, "SetMirrorRoute", p.SetMirrorRoute(ro, mirror))
	noError(t, "UpdateHash", p.UpdateHash(ro, "6d9f7b8c5d", "7c4b9f6d8e", additional))
	noError(t, "SetWeight", p.SetWeight(ro, 10, additional))
	want := routeState{
		CanaryHash: "6d9f7b8c5d", StableHash: "7c4b9f6d8e", CanaryWeight: 10, Additional: additional,
		HeaderRoutes: map[string]v1alpha1.SetHeaderRoute{header.Name: *header},
		MirrorRoutes: map[string]v1alpha1.SetMirrorRoute{mirror.Name: *mirror},
	}
	checkRoutes(t, "after a step's calls", file, want)

	verified, err := p.VerifyWeight(ro, 10, additional)
	noError(t, "VerifyWeight(10)", err)
	if v := verified.IsVerified(); v == nil || !*v {
		t.Errorf("VerifyWeight(10) = %v (%d), want verified", v, verified)
	}
	verified, err = p.VerifyWeight(ro, 50, additional)
	noError(t, "VerifyWeight(50)", err)
	if v := verified.IsVerified(); v == nil || *v {
		t.Errorf("VerifyWeight(50) = %v (%d), want not verified", v, verified)
	}

	// An empty match removes that route; RemoveManagedRoutes removes the rest.
	noError(t, "SetHeaderRoute without match", p.SetHeaderRoute(ro, &v1alpha1.SetHeaderRoute{Name: header.Name}))
	want.HeaderRoutes = map[string]v1alpha1.SetHeaderRoute{}
	checkRoutes(t, "after removing the header route", file, want)
	noError(t, "SetWeight(0)", p.SetWeight(ro, 0, nil))
	noError(t, "RemoveManagedRoutes", p.RemoveManagedRoutes(ro))
	want.CanaryWeight, want.Additional, want.MirrorRoutes = 0, []v1alpha1.WeightDestination{}, map[string]v1alpha1.SetMirrorRoute{}
	checkRoutes(t, "after the rollout completed", file, want)
}

// TestRouterErrors: a router without its "file" configuration answers every call with an
// in-band RpcError carrying the plugin's message (the reconciler, trafficrouting
// plugin.Reconciler, then prefixes "failed to set weight via plugin: " and so on; it is not
// linked here because its event recorder drags the notification engine into the build list).
func TestRouterErrors(t *testing.T) {
	startController(t, distConfigMap(t))
	ro := fixtures.Rollout()
	ro.Spec.Strategy.Canary.TrafficRouting.Plugins[routerName] = json.RawMessage(`{}`)
	p := acquireRouter(t)
	want := `configuration of rollouts-java/sample-router needs "file"`
	verified, verifyErr := p.VerifyWeight(ro, 10, nil)
	checks := map[string]types.RpcError{
		"SetWeight":           p.SetWeight(ro, 10, nil),
		"UpdateHash":          p.UpdateHash(ro, "a", "b", nil),
		"SetHeaderRoute":      p.SetHeaderRoute(ro, fixtures.SetHeaderRoute()),
		"SetMirrorRoute":      p.SetMirrorRoute(ro, fixtures.SetMirrorRoute()),
		"RemoveManagedRoutes": p.RemoveManagedRoutes(ro),
		"VerifyWeight":        verifyErr,
	}
	for method, err := range checks {
		if err.ErrorString != want {
			t.Errorf("%s: error %q, want %q", method, err.ErrorString, want)
		}
	}
	if v := verified.IsVerified(); v == nil || *v {
		t.Errorf("VerifyWeight with an error = %v (%d), want not verified", v, verified)
	}
}
