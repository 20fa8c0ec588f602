package dev.rollouts.sdk.netrpc;

import dev.rollouts.sdk.gob.GoName;
import dev.rollouts.sdk.gob.GoUnsigned;

/**
 * Go's {@code rpc.Response} header, the first of the two gob values of every reply
 * ({@code spec/netrpc.md} §2). {@code Seq} must be a gob uint or Go's client dies; an empty
 * {@code Error} means success.
 */
record Response(
    @GoName("ServiceMethod") String serviceMethod,
    @GoName("Seq") @GoUnsigned long seq,
    @GoName("Error") String error) {

  Response {
    serviceMethod = serviceMethod == null ? "" : serviceMethod;
    error = error == null ? "" : error;
  }
}
