package dev.rollouts.sdk.model;

import dev.rollouts.sdk.gob.GobBytesValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON text of a Go {@code json.RawMessage}, which gob carries as a byte string (id 5).
 *
 * <p>Argo uses it for plugin configuration ({@code MetricProvider.plugin},
 * {@code RolloutTrafficRouting.plugins}, {@code PluginStep.config}) and for step plugin status
 * ({@code RpcStepContext.status}, {@code RpcStepResult.status}). The text is not parsed or
 * validated: it crosses the wire exactly as given, so a plugin can use any JSON library on it.
 *
 * <pre>{@code
 * RawJson status = RawJson.of("{\"ticket\":\"CHG-1042\"}");
 * String text = status.json();
 * }</pre>
 *
 * <p>Equality is by JSON text (compared as its exact UTF-8 bytes, so bytes that are not valid
 * UTF-8 still round-trip and compare faithfully). Instances are immutable and thread-safe.
 */
public final class RawJson implements GobBytesValue {

  private final byte[] utf8;
  private final String json;

  private RawJson(byte[] utf8, String json) {
    this.utf8 = utf8;
    this.json = json;
  }

  /**
   * Returns the value holding this JSON text.
   *
   * @param json JSON text, sent as its UTF-8 bytes
   * @return the value
   * @throws IllegalArgumentException if {@code json} is null
   */
  public static RawJson of(String json) {
    if (json == null) {
      throw new IllegalArgumentException("RawJson text must not be null");
    }
    return new RawJson(json.getBytes(StandardCharsets.UTF_8), json);
  }

  /**
   * Returns the value a gob byte string decodes to; the gob codec calls this.
   *
   * @param bytes the bytes of the {@code json.RawMessage}, copied
   * @return the value
   * @throws IllegalArgumentException if {@code bytes} is null
   */
  public static RawJson fromGobBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("RawJson bytes must not be null");
    }
    byte[] copy = bytes.clone();
    return new RawJson(copy, new String(copy, StandardCharsets.UTF_8));
  }

  /** Returns the JSON text. */
  public String json() {
    return json;
  }

  /** Returns a copy of the UTF-8 bytes that travel on the wire. */
  @Override
  public byte[] toGobBytes() {
    return utf8.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawJson that && Arrays.equals(utf8, that.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  /** Returns the JSON text. */
  @Override
  public String toString() {
    return json;
  }
}
