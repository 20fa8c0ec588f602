package dev.rollouts.sdk.netrpc;

import java.io.IOException;

/**
 * A Go net/rpc failure: an error reply from the server ({@link #isServerError()}), or a client
 * that can no longer be used. Messages are Go's own texts, so they read the same in logs of
 * Java and Go peers.
 */
public final class RpcException extends IOException {
  private final boolean serverError;

  private RpcException(String message, boolean serverError, Throwable cause) {
    super(message, cause);
    this.serverError = serverError;
  }

  /** True when the peer answered with an error text ({@code rpc.ServerError} in Go). */
  public boolean isServerError() {
    return serverError;
  }

  static RpcException serverError(String text) {
    return new RpcException(text, true, null);
  }

  static RpcException shutdown(Throwable cause) {
    return new RpcException("connection is shut down", false, cause);
  }

  static RpcException readingBody(Throwable cause) {
    return new RpcException("reading body " + cause.getMessage(), false, cause);
  }

  static String illFormed(String serviceMethod) {
    return "rpc: service/method request ill-formed: " + serviceMethod;
  }

  static String cantFindService(String serviceMethod) {
    return "rpc: can't find service " + serviceMethod;
  }

  static String cantFindMethod(String serviceMethod) {
    return "rpc: can't find method " + serviceMethod;
  }
}
