package conformance

import (
	"testing"

	"github.com/argoproj/argo-rollouts/utils/evaluate"
)

// benchConditions are the expressions of benchmarks/ConditionBenchmark.java (JMH), measured
// here with Argo's own evaluate.EvalCondition, which compiles the condition on every call:
// compare its ns/op with the Java "compile" plus "evaluateCached" figures.
var benchConditions = []string{
	"result[0] >= 0.95",
	"all(result, # < 1000)",
	"len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.5",
	"default(result, [0])[0] >= 0.95",
}

func BenchmarkEvalCondition(b *testing.B) {
	result := []float64{0.97, 250}
	for _, condition := range benchConditions {
		b.Run(condition, func(b *testing.B) {
			if _, err := evaluate.EvalCondition(result, condition); err != nil {
				b.Fatalf("%s: %v", condition, err)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := evaluate.EvalCondition(result, condition); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
