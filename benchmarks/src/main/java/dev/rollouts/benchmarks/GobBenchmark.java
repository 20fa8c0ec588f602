package dev.rollouts.benchmarks;

import dev.rollouts.sdk.gob.GoName;
import dev.rollouts.sdk.gob.GoUnsigned;
import dev.rollouts.sdk.gob.GobDecoder;
import dev.rollouts.sdk.gob.GobEncoder;
import dev.rollouts.sdk.gob.GobOptions;
import dev.rollouts.sdk.gob.GobValue;
import dev.rollouts.sdk.model.RunArgs;
import dev.rollouts.sdk.model.SetWeightAndVerifyWeightArgs;
import dev.rollouts.sdk.plugin.ArgoCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a plugin's gob layer does per call, on the very bytes Go wrote
 * ({@code conformance/testdata}, the same payloads as {@code conformance/bench_test.go}):
 * decoding the metric {@code Plugin.Run} and router {@code Plugin.SetWeight} requests (header +
 * argument, into the typed records a plugin receives), the first call of a stream (with ~20 KB of
 * type definitions) and a later one, and encoding a {@code Measurement} reply.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Gob -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
@State(Scope.Thread)
public class GobBenchmark {
  /** net/rpc's request header, as the SDK's netrpc package declares it. */
  record Request(@GoName("ServiceMethod") String serviceMethod, @GoName("Seq") @GoUnsigned long seq) {}

  /** net/rpc's response header. */
  record Response(@GoName("ServiceMethod") String serviceMethod, @GoName("Seq") @GoUnsigned long seq,
      @GoName("Error") String error) {}

  private static final GobOptions ARGO = GobOptions.defaults().withInterfaces(ArgoCalls.REGISTRY);

  private byte[] runFirst;
  private byte[] runSteady;
  private byte[] weightFirst;
  private byte[] weightSteady;
  private final WireVectors.Replay runStream = new WireVectors.Replay();
  private final WireVectors.Replay weightStream = new WireVectors.Replay();
  private GobDecoder runDecoder;
  private GobDecoder weightDecoder;
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream(64 * 1024);
  private GobEncoder replyEncoder;
  private dev.rollouts.sdk.model.Measurement measurement;

  @Setup(Level.Trial)
  public void load() throws IOException {
    runFirst = WireVectors.load("metric-run-request-first");
    runSteady = WireVectors.load("metric-run-request-steady");
    weightFirst = WireVectors.load("setweight-request-first");
    weightSteady = WireVectors.load("setweight-request-steady");
    // Decoders that have seen the first call, as a plugin's stream has after its first request.
    runDecoder = new GobDecoder(runStream, ARGO);
    runStream.reset(runFirst);
    decodeCall(runDecoder, RunArgs.class);
    weightDecoder = new GobDecoder(weightStream, ARGO);
    weightStream.reset(weightFirst);
    decodeCall(weightDecoder, SetWeightAndVerifyWeightArgs.class);
    Instant t = Instant.parse("2026-11-29T04:53:09.188075123Z");
    measurement = new dev.rollouts.sdk.model.Measurement("Successful", "", t, t.plusMillis(5),
        "0.99", Map.of("query", "sum(rate(http_requests_total{code!~\"5..\"}[5m]))"), null);
    replyEncoder = new GobEncoder(sink);
    encodeReply(replyEncoder);
  }

  private static Object decodeCall(GobDecoder decoder, Class<?> expected) throws IOException {
    decoder.decode(Request.class);
    Object argument = decoder.decode(Object.class);
    if (!expected.isInstance(argument)) {
      throw new IllegalStateException("decoded " + argument);
    }
    return argument;
  }

  private void encodeReply(GobEncoder encoder) throws IOException {
    sink.reset();
    encoder.encode(new Response("Plugin.Run", 7, ""), Response.class);
    encoder.encode(measurement, dev.rollouts.sdk.model.Measurement.class);
  }

  @Benchmark
  public Object decodeMetricRunFirstCall() throws IOException {
    runStream.reset(runFirst);
    return decodeCall(new GobDecoder(runStream, ARGO), RunArgs.class);
  }

  @Benchmark
  public Object decodeMetricRunSteady() throws IOException {
    runStream.reset(runSteady);
    return decodeCall(runDecoder, RunArgs.class);
  }

  @Benchmark
  public Object decodeSetWeightFirstCall() throws IOException {
    weightStream.reset(weightFirst);
    return decodeCall(new GobDecoder(weightStream, ARGO), SetWeightAndVerifyWeightArgs.class);
  }

  @Benchmark
  public Object decodeSetWeightSteady() throws IOException {
    weightStream.reset(weightSteady);
    return decodeCall(weightDecoder, SetWeightAndVerifyWeightArgs.class);
  }

  @Benchmark
  public GobValue decodeMetricRunSteadyAsTree() throws IOException {
    runStream.reset(runSteady);
    runDecoder.decodeValue();
    return runDecoder.decodeValue();
  }

  @Benchmark
  public int encodeMeasurementReplyFirst() throws IOException {
    encodeReply(new GobEncoder(sink));
    return sink.size();
  }

  @Benchmark
  public int encodeMeasurementReplySteady() throws IOException {
    encodeReply(replyEncoder);
    return sink.size();
  }
}
