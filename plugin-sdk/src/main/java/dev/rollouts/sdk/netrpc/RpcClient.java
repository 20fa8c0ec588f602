package dev.rollouts.sdk.netrpc;

import dev.rollouts.sdk.gob.GobDecoder;
import dev.rollouts.sdk.gob.GobEncoder;
import dev.rollouts.sdk.gob.GobValue;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Go net/rpc client for one byte stream, as Go's {@code rpc.Client}: calls may be issued from
 * any number of threads; each request (header + argument) is written as one unit, replies are
 * matched by sequence number in whatever order they arrive.
 *
 * <pre>{@code
 * RpcClient client = new RpcClient(stream.inputStream(), stream.outputStream());
 * String type = client.call("Plugin.Type", GobInterface.NIL, Object.class, String.class);
 * }</pre>
 *
 * <p>Failure behaviour follows Go's client ({@code spec/netrpc.md} §8): an error reply fails only
 * its call; an undecodable reply header or body, or the end of the stream, shuts the client down
 * and every pending and later call fails with {@code connection is shut down}.
 *
 * <p>Thread-safe. {@code writeLock} guards the encoder and the output stream; the decoder is
 * confined to the reader thread; {@code pending} is a concurrent map.
 */
public final class RpcClient implements Closeable {
  private record Pending(Type replyType, CompletableFuture<Object> future) {}

  private final ReentrantLock writeLock = new ReentrantLock();
  private final OutputStream out;
  private final CaptureStream capture = new CaptureStream();
  private final GobEncoder encoder = new GobEncoder(capture);
  private final GobDecoder decoder;
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Thread reader;
  private long nextSeq; // guarded by writeLock
  private volatile IOException shutdown;

  public RpcClient(InputStream in, OutputStream out) {
    this.out = out;
    this.decoder = new GobDecoder(in);
    this.reader = Thread.ofVirtual().name("netrpc-client-reader").start(this::readLoop);
  }

  /**
   * Calls {@code serviceMethod} and waits for its reply.
   *
   * @param argumentType the declared type of {@code argument} ({@code Object.class} sends a Go
   *     interface value, as Argo's controller does)
   * @throws RpcException with {@link RpcException#isServerError()} when the server answered with
   *     an error; otherwise when the client is shut down
   * @throws IOException when the request cannot be written
   */
  public <R> R call(String serviceMethod, Object argument, Type argumentType, Class<R> replyType)
      throws IOException {
    return replyType.cast(await(callAsync(serviceMethod, argument, argumentType, replyType)));
  }

  /** Like {@link #call} for a generic reply type; the caller casts. */
  public Object call(String serviceMethod, Object argument, Type argumentType, Type replyType)
      throws IOException {
    return await(callAsync(serviceMethod, argument, argumentType, replyType));
  }

  /** Sends the request and returns a future of the decoded reply. */
  public CompletableFuture<Object> callAsync(String serviceMethod, Object argument,
      Type argumentType, Type replyType) throws IOException {
    CompletableFuture<Object> future = new CompletableFuture<>();
    writeLock.lock();
    try {
      checkOpen();
      long seq = nextSeq;
      capture.reset();
      if (argument instanceof GobValue tree) {
        encoder.encode(tree); // fails before anything is registered or sent
      } else {
        encoder.encode(argument, argumentType);
      }
      byte[] body = capture.take();
      encoder.encode(new Request(serviceMethod, seq), Request.class);
      byte[] header = capture.take();
      nextSeq++;
      pending.put(seq, new Pending(replyType, future));
      byte[] frame = new byte[header.length + body.length];
      System.arraycopy(header, 0, frame, 0, header.length);
      System.arraycopy(body, 0, frame, header.length, body.length);
      try {
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        pending.remove(seq);
        shutdown(e);
        throw e;
      }
      if (shutdown != null && pending.remove(seq) != null) {
        future.completeExceptionally(RpcException.shutdown(shutdown));
      }
    } finally {
      writeLock.unlock();
    }
    return future;
  }

  private static Object await(CompletableFuture<Object> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the reply");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private void checkOpen() throws RpcException {
    if (shutdown != null) {
      throw RpcException.shutdown(shutdown);
    }
  }

  private void readLoop() {
    try {
      while (true) {
        Response response = decoder.decode(Response.class);
        Pending call = pending.remove(response.seq());
        if (!response.error().isEmpty()) {
          decoder.skipValue();
          if (call != null) {
            call.future().completeExceptionally(RpcException.serverError(response.error()));
          }
        } else if (call == null) {
          decoder.skipValue();
        } else {
          Object body;
          try {
            body = call.replyType() == GobValue.class
                ? decoder.decodeValue()
                : decoder.decode(call.replyType());
          } catch (IOException e) {
            call.future().completeExceptionally(RpcException.readingBody(e));
            throw e;
          }
          call.future().complete(body);
        }
      }
    } catch (IOException | RuntimeException e) {
      shutdown(e instanceof IOException io ? io : new IOException(e));
    }
  }

  private void shutdown(IOException cause) {
    if (shutdown == null) {
      shutdown = cause;
    }
    for (Long seq : pending.keySet()) {
      Pending p = pending.remove(seq);
      if (p != null) {
        p.future().completeExceptionally(RpcException.shutdown(cause));
      }
    }
  }

  /** True once the client can no longer be used. */
  public boolean isShutdown() {
    return shutdown != null;
  }

  /** Closes the output side; pending calls fail once the input ends. */
  @Override
  public void close() throws IOException {
    writeLock.lock();
    try {
      if (shutdown == null) {
        shutdown = new IOException("client closed");
      }
      out.close();
    } finally {
      writeLock.unlock();
    }
    shutdown(shutdown);
  }

  Thread readerThread() {
    return reader;
  }
}
