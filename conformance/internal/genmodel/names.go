package genmodel

import (
	"fmt"
	"strings"
	"unicode"
)

// javaKeywords are the reserved words and literals that cannot name a record component.
var javaKeywords = setOf(
	"abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
	"continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
	"for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
	"new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
	"super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
	"volatile", "while", "true", "false", "null", "_",
)

// forbiddenComponentNames are legal identifiers that a record component still may not use
// (JLS 8.10.1): their accessors would clash with java.lang.Object's methods.
var forbiddenComponentNames = setOf(
	"clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait",
)

// reservedRecordNames are the simple names a generated record must not take, because the
// generated sources refer to them unqualified (java.lang and the imports) or because a
// hand-written class of the model package already has them. A Go type with such a name is
// treated like a cross-package collision and gets its package word as a prefix.
var reservedRecordNames = setOf(
	// java.lang types the generated code, or code next to it, uses unqualified
	"Boolean", "Byte", "Character", "Class", "Deprecated", "Double", "Enum", "Error", "Exception",
	"Float", "Integer", "Iterable", "Long", "Math", "Number", "Object", "Override", "Record",
	"Runtime", "Short", "String", "System", "Thread", "Void",
	// imports of the generated sources
	"Arrays", "Collections", "GoName", "GoUnsigned", "Instant", "LinkedHashMap", "List", "Map",
	"Objects",
	// hand-written or generated classes of dev.rollouts.sdk.model that are not Go structs
	"ArgoGobNames", "RawJson",
)

func setOf(words ...string) map[string]bool {
	s := make(map[string]bool, len(words))
	for _, w := range words {
		s[w] = true
	}
	return s
}

// ComponentName is the Java record component name of a Go struct field: the name from the
// field's `json` tag when that is a usable Java identifier, else the Go name with its leading
// upper-case run lower-cased (see LowerLeading).
func ComponentName(goName, jsonTag string) (string, error) {
	if name, _, _ := strings.Cut(jsonTag, ","); usableComponentName(name) {
		return name, nil
	}
	name := LowerLeading(goName)
	if !usableComponentName(name) {
		return "", fmt.Errorf("Go field %s: neither its json tag %q nor %q is a usable Java record component name", goName, jsonTag, name)
	}
	return name, nil
}

// LowerLeading lower-cases the leading upper-case run of a Go identifier the way a Java
// programmer would write it: "UID" -> "uid", "TTLStrategy" -> "ttlStrategy",
// "ObjectMeta" -> "objectMeta", "HTTPGet" -> "httpGet", "ALBs" -> "albs", "OAuth2" -> "oAuth2".
// The last capital of a run that is followed by a lower-case letter starts the next word,
// except for a plural "s" that ends the name.
func LowerLeading(goName string) string {
	r := []rune(goName)
	run := 0
	for run < len(r) && unicode.IsUpper(r[run]) {
		run++
	}
	switch {
	case run == 0:
		return goName
	case run == len(r):
		// whole name is one upper-case run
	case run > 1 && unicode.IsLower(r[run]) && string(r[run:]) != "s":
		run-- // the last capital begins the next word
	}
	for i := 0; i < run; i++ {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

// GoNameNeeded reports whether a component needs @GoName: true when the Go field name is not
// simply the Java name with its first letter upper-cased (the codec's default mapping).
func GoNameNeeded(javaName, goName string) bool {
	return UpperFirst(javaName) != goName
}

// UpperFirst upper-cases the first letter of a Java name.
func UpperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func usableComponentName(name string) bool {
	return isJavaIdentifier(name) && !javaKeywords[name] && !forbiddenComponentNames[name]
}

// isJavaIdentifier accepts ASCII identifiers only; a generated API should not need more.
func isJavaIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c == '_' || c == '$' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		digit := '0' <= c && c <= '9'
		if !letter && !(digit && i > 0) {
			return false
		}
	}
	return true
}

// PackageWord is the short word that prefixes a record name when two Go packages define a
// type of the same name: "Core" for k8s.io/api/core/v1, "Meta" for apimachinery's meta/v1,
// "Rollouts" for Argo's v1alpha1, "Metric"/"Router"/"Step" for the three plugin rpc
// packages, else the last path element that is not a version, capitalised.
func PackageWord(pkgPath string) string {
	parts := strings.Split(pkgPath, "/")
	switch {
	case strings.HasPrefix(pkgPath, "k8s.io/api/") && len(parts) == 4:
		return UpperFirst(parts[2])
	case strings.HasSuffix(pkgPath, "/metricproviders/plugin/rpc"):
		return "Metric"
	case strings.HasSuffix(pkgPath, "/trafficrouting/plugin/rpc"):
		return "Router"
	case strings.HasSuffix(pkgPath, "/steps/plugin/rpc"):
		return "Step"
	case strings.HasSuffix(pkgPath, "/utils/plugin/types"):
		return "Plugin"
	}
	for i := len(parts) - 1; i >= 0; i-- {
		if !isVersion(parts[i]) {
			return UpperFirst(parts[i])
		}
	}
	return UpperFirst(pkgPath)
}

// isVersion matches Kubernetes API versions: v1, v2beta1, v1alpha1.
func isVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] < '0' || s[1] > '9' {
		return false
	}
	rest := strings.TrimLeft(s[1:], "0123456789")
	for _, stage := range []string{"alpha", "beta"} {
		if strings.HasPrefix(rest, stage) {
			tail := rest[len(stage):]
			return tail != "" && strings.Trim(tail, "0123456789") == ""
		}
	}
	return rest == ""
}

// PackageAlias is how Javadoc names a Go package: the import alias Kubernetes and Argo code
// use (metav1, corev1, batchv1), else the package's last path element.
func PackageAlias(pkgPath string) string {
	parts := strings.Split(pkgPath, "/")
	switch {
	case pkgPath == "k8s.io/apimachinery/pkg/apis/meta/v1":
		return "metav1"
	case strings.HasPrefix(pkgPath, "k8s.io/api/") && len(parts) == 4:
		return parts[2] + parts[3]
	}
	return parts[len(parts)-1]
}
