package dev.rollouts.prometheus.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the differential corpus {@code conformance/testdata/evaluate/corpus.json}, whose
 * expected outcomes come from Argo's own {@code utils/evaluate} (conformance/evaluate_test.go
 * checks them against Argo). Every case must agree on the phase and on whether there is an
 * error, and on the error text.
 */
class CorpusTest {
  static final Path CORPUS = Path.of(System.getProperty("user.dir"))
      .resolve("../conformance/testdata/evaluate/corpus.json").normalize();

  record Case(String name, String success, String failure, Object result, String phase,
      String error) {}

  @SuppressWarnings("unchecked")
  static List<Case> cases() throws IOException {
    Map<String, Object> root = (Map<String, Object>) MiniJson.parse(
        Files.readString(CORPUS, StandardCharsets.UTF_8));
    List<Case> out = new ArrayList<>();
    for (Object o : (List<Object>) root.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Map<String, Object> want = (Map<String, Object>) c.get("want");
      out.add(new Case((String) c.get("name"), (String) c.get("success"),
          (String) c.get("failure"), javaResult((Map<String, Object>) c.get("result")),
          (String) want.get("phase"), (String) want.get("error")));
    }
    return out;
  }

  /** The Java value a provider would pass for the corpus' tagged Go value. */
  static Object javaResult(Map<String, Object> tagged) {
    Object v = tagged.get("value");
    return switch ((String) tagged.get("type")) {
      case "nil", "nilptr" -> null;
      case "ptr", "float64" -> taggedFloat(v);
      case "[]float64" -> ((List<?>) v).stream().mapToDouble(CorpusTest::taggedFloat).toArray();
      case "int" -> (long) (double) (Double) v;
      case "string", "bool", "json" -> v;
      default -> throw new IllegalArgumentException("unknown result type " + tagged);
    };
  }

  private static double taggedFloat(Object v) {
    if (v instanceof Double d) {
      return d;
    }
    return switch ((String) v) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> throw new IllegalArgumentException("bad float " + v);
    };
  }

  @Test
  void everyCaseAgreesWithArgo() throws IOException {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
    ConditionEvaluator evaluator = new ConditionEvaluator();
    List<String> phaseDisagreements = new ArrayList<>();
    List<String> textDisagreements = new ArrayList<>();
    for (Case c : cases) {
      Outcome got = evaluator.evaluate(c.result, c.success, c.failure);
      boolean wantError = !c.error.isEmpty();
      if (!got.phase().argoName().equals(c.phase) || (got.error() != null) != wantError) {
        phaseDisagreements.add(c.name + "\n    want " + c.phase + " " + c.error + "\n    got  "
            + got);
      } else if (wantError && !got.error().equals(c.error)) {
        textDisagreements.add(c.name + "\n    want " + c.error + "\n    got  " + got.error());
      }
    }
    System.out.printf("evaluate corpus: %d cases, %d phase/error disagreements, %d error-text"
        + " disagreements%n", cases.size(), phaseDisagreements.size(), textDisagreements.size());
    assertThat(phaseDisagreements).as("phase or error presence differs from Argo").isEmpty();
    assertThat(textDisagreements).as("error text differs from Argo").isEmpty();
  }
}
