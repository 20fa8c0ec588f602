package genmodel

import "testing"

func TestComponentName(t *testing.T) {
	cases := []struct{ goName, tag, want string }{
		{"APIVersion", "apiVersion,omitempty", "apiVersion"}, // json name wins
		{"UID", "uid,omitempty", "uid"},
		{"TTLStrategy", "ttlStrategy,omitempty", "ttlStrategy"},
		{"ObjectMeta", "metadata,omitempty", "metadata"},
		{"TypeMeta", ",inline", "typeMeta"}, // inline: no name in the tag
		{"TemplateResolvedFromRef", "-", "templateResolvedFromRef"},
		{"UID", "", "uid"},
		{"ErrorString", "", "errorString"},
		{"DataDiskURI", "diskURI", "diskURI"},
		{"Class", "class", ""},                    // keyword tag, keyword Go name: error
		{"DefaultMode", "default", "defaultMode"}, // keyword tag falls back to the Go name
		{"Kind", "x-kind", "kind"},                // not an identifier
		{"HashCode", "hashCode", ""},              // forbidden component name both ways
		{"Count", "1count", "count"},              // identifiers do not start with a digit
		{"Value", "value,omitempty", "value"},
	}
	for _, c := range cases {
		got, err := ComponentName(c.goName, c.tag)
		if c.want == "" {
			if err == nil {
				t.Errorf("ComponentName(%q, %q) = %q, want an error", c.goName, c.tag, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ComponentName(%q, %q) = %q, %v; want %q", c.goName, c.tag, got, err, c.want)
		}
	}
}

func TestLowerLeading(t *testing.T) {
	cases := map[string]string{
		"UID":                    "uid",
		"TTLStrategy":            "ttlStrategy",
		"ObjectMeta":             "objectMeta",
		"TypeMeta":               "typeMeta",
		"HTTPGet":                "httpGet",
		"ALBs":                   "albs",
		"ALB":                    "alb",
		"OAuth2":                 "oAuth2",
		"GMSACredentialSpecName": "gmsaCredentialSpecName",
		"PV2":                    "pv2",
		"IP":                     "ip",
		"Name":                   "name",
		"name":                   "name",
		"X":                      "x",
		"":                       "",
	}
	for in, want := range cases {
		if got := LowerLeading(in); got != want {
			t.Errorf("LowerLeading(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGoNameNeeded(t *testing.T) {
	cases := []struct {
		java, goName string
		want         bool
	}{
		{"name", "Name", false},
		{"typeMeta", "TypeMeta", false},
		{"uid", "UID", true},
		{"apiVersion", "APIVersion", true},
		{"metadata", "ObjectMeta", true},
		{"diskURI", "DataDiskURI", true},
	}
	for _, c := range cases {
		if got := GoNameNeeded(c.java, c.goName); got != c.want {
			t.Errorf("GoNameNeeded(%q, %q) = %v, want %v", c.java, c.goName, got, c.want)
		}
	}
}

func TestPackageWordAndAlias(t *testing.T) {
	cases := []struct{ path, word, alias string }{
		{"k8s.io/api/core/v1", "Core", "corev1"},
		{"k8s.io/api/batch/v1", "Batch", "batchv1"},
		{"k8s.io/apimachinery/pkg/apis/meta/v1", "Meta", "metav1"},
		{"k8s.io/apimachinery/pkg/util/intstr", "Intstr", "intstr"},
		{"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1", "Rollouts", "v1alpha1"},
		{"github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc", "Metric", "rpc"},
		{"github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/rpc", "Router", "rpc"},
		{"github.com/argoproj/argo-rollouts/rollout/steps/plugin/rpc", "Step", "rpc"},
		{"github.com/argoproj/argo-rollouts/utils/plugin/types", "Plugin", "types"},
		{"example.com/things/v2beta1", "Things", "v2beta1"},
	}
	for _, c := range cases {
		if got := PackageWord(c.path); got != c.word {
			t.Errorf("PackageWord(%q) = %q, want %q", c.path, got, c.word)
		}
		if got := PackageAlias(c.path); got != c.alias {
			t.Errorf("PackageAlias(%q) = %q, want %q", c.path, got, c.alias)
		}
	}
}

func TestIsVersion(t *testing.T) {
	for s, want := range map[string]bool{
		"v1": true, "v1alpha1": true, "v2beta3": true, "v10": true,
		"v": false, "vx": false, "v1alpha": false, "v1gamma1": false, "rpc": false, "version": false,
	} {
		if got := isVersion(s); got != want {
			t.Errorf("isVersion(%q) = %v, want %v", s, got, want)
		}
	}
}
