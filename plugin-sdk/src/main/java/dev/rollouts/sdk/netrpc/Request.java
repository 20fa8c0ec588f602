package dev.rollouts.sdk.netrpc;

import dev.rollouts.sdk.gob.GoName;
import dev.rollouts.sdk.gob.GoUnsigned;

/**
 * Go's {@code rpc.Request} header, the first of the two gob values of every call
 * ({@code spec/netrpc.md} §2). {@code Seq} must travel as a gob uint.
 */
record Request(@GoName("ServiceMethod") String serviceMethod, @GoName("Seq") @GoUnsigned long seq) {}
