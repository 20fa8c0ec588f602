/**
 * Go's {@code encoding/gob} in Java: the value encoding that Go's net/rpc uses on every stream
 * between the Argo Rollouts controller and a plugin (spec {@code gob.md}, {@code time.md}).
 *
 * <p>One {@link dev.rollouts.sdk.gob.GobDecoder} and one {@link dev.rollouts.sdk.gob.GobEncoder}
 * per direction of a stream, since both remember type definitions. Values map onto Java records
 * by Go field name ({@link dev.rollouts.sdk.gob.GoName}, {@link dev.rollouts.sdk.gob.GoUnsigned}),
 * onto plain Java types, or onto a {@link dev.rollouts.sdk.gob.GobValue} tree that keeps its wire
 * types for re-encoding. Interface values carry names registered in an
 * {@link dev.rollouts.sdk.gob.InterfaceRegistry}; Go times convert with
 * {@link dev.rollouts.sdk.gob.GoTime}.
 *
 * <pre>{@code
 * GobOptions options = GobOptions.defaults().withInterfaces(
 *     InterfaceRegistry.builder().register("RunArgs", RunArgs.class).build());
 * GobDecoder in = new GobDecoder(stream.inputStream(), options);
 * GobEncoder out = new GobEncoder(stream.outputStream(), options);
 * Request request = in.decode(Request.class);
 * Object args = in.decode(Object.class);
 * out.encode(new Response(request.serviceMethod(), request.seq(), ""));
 * out.encode(new RpcError(""));
 * }</pre>
 *
 * <p>Absent fields: Go omits zero values, so a record component the wire leaves out is
 * {@code 0}/{@code false} for primitives, {@code ""} for {@code String}, and {@code null} for
 * everything else (boxed numbers, {@code byte[]}, lists, maps, records, times, interfaces).
 * Strings are decoded as UTF-8 with malformed bytes replaced ({@code GobValue.Str} keeps the
 * exact bytes). Malformed or hostile input fails with {@link dev.rollouts.sdk.gob.GobException};
 * a clean end of stream between values with {@link java.io.EOFException}.
 */
package dev.rollouts.sdk.gob;
