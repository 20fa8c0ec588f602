package dev.rollouts.sdk.netrpc;

import dev.rollouts.sdk.gob.GobDecoder;
import dev.rollouts.sdk.gob.GobEncoder;
import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.gob.GobException;
import dev.rollouts.sdk.gob.GobOptions;
import dev.rollouts.sdk.gob.GobValue;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Go net/rpc server for one byte stream (one yamux stream in go-plugin).
 *
 * <p>Reads requests in a loop; every call runs on its own virtual thread, so a slow call never
 * holds up a fast one; replies go out in completion order, each header + body written as one unit
 * ({@code spec/netrpc.md} §6, §9). Unknown services and methods are answered with Go's own error
 * texts, and every error reply carries an empty-struct body as Go's does.
 *
 * <pre>{@code
 * RpcServer server = new RpcServer(List.of(pluginService));
 * server.serve(stream.inputStream(), stream.outputStream()); // returns at end of stream
 * }</pre>
 *
 * <p>Thread-safety: {@link #serve} is called once per stream; the encoder, its capture buffer and
 * the output stream are guarded by {@code writeLock}; the decoder is confined to the serving
 * thread.
 */
public final class RpcServer {
  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  private final Map<String, RpcService> services = new LinkedHashMap<>();
  private final GobOptions gobOptions;

  /** A server for {@code services} with default gob options (no registered interface names). */
  public RpcServer(List<RpcService> services) {
    this(services, GobOptions.defaults());
  }

  /**
   * A server for {@code services}; {@code gobOptions} carries the interface names arguments may be
   * registered under (Argo sends every argument as an interface value) and the decoder's limits.
   */
  public RpcServer(List<RpcService> services, GobOptions gobOptions) {
    this.gobOptions = gobOptions;
    for (RpcService s : services) {
      if (this.services.putIfAbsent(s.name(), s) != null) {
        throw new IllegalArgumentException("duplicate service " + s.name());
      }
    }
  }

  /**
   * Serves calls until the stream ends, then waits for calls in flight to finish replying.
   *
   * @throws IOException when the stream fails or a request header cannot be decoded (Go's server
   *     closes the connection then too)
   */
  public void serve(InputStream in, OutputStream out) throws IOException {
    GobDecoder decoder = new GobDecoder(in, gobOptions);
    Replier replier = new Replier(out);
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      while (true) {
        Request request;
        try {
          request = decoder.decode(Request.class);
        } catch (EOFException e) {
          return;
        } catch (GobException e) {
          throw new IOException("rpc: server cannot decode request: " + e.getMessage(), e);
        }
        String sm = request.serviceMethod();
        RpcService.Method method;
        String lookupError = null;
        int dot = sm.lastIndexOf('.');
        if (dot < 0) {
          lookupError = RpcException.illFormed(sm);
          method = null;
        } else {
          RpcService service = services.get(sm.substring(0, dot));
          method = service == null ? null : service.method(sm.substring(dot + 1));
          if (service == null) {
            lookupError = RpcException.cantFindService(sm);
          } else if (method == null) {
            lookupError = RpcException.cantFindMethod(sm);
          }
        }
        CallContext context = new CallContext(sm, request.seq(), replier,
            method == null ? EmptyStruct.class : method.replyType());
        if (method == null) {
          decoder.skipValue(); // keeps the type definitions the body carries
          replier.error(context, lookupError);
          continue;
        }
        Object argument;
        try {
          argument = decoder.decode(method.argumentType());
        } catch (EOFException e) {
          throw e;
        } catch (GobException e) {
          replier.error(context, e.getMessage());
          continue;
        }
        calls.submit(() -> invoke(method, context, argument, replier));
      }
    }
  }

  private static void invoke(RpcService.Method method, CallContext context, Object argument,
      Replier replier) {
    Object result;
    try {
      result = method.handler().handle(context, argument);
    } catch (Exception | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      log.atError().addKeyValue("method", context.serviceMethod()).setCause(e)
          .log("rpc method failed");
      if (context.claimReply()) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        replier.error(context, text);
      }
      return;
    }
    if (context.claimReply()) {
      replier.reply(context, result, method.replyType());
    } else {
      log.atDebug().addKeyValue("method", context.serviceMethod())
          .log("late reply dropped: the call was answered already");
    }
  }

  /** Writes replies; one per stream. */
  static final class Replier {
    private final ReentrantLock writeLock = new ReentrantLock();
    private final OutputStream out;
    private final CaptureStream capture = new CaptureStream();
    private final GobEncoder encoder = new GobEncoder(capture);

    Replier(OutputStream out) {
      this.out = out;
    }

    void reply(CallContext context, Object body, Type bodyType) {
      write(context, body, bodyType, "");
    }

    void error(CallContext context, String text) {
      write(context, EmptyStruct.INSTANCE, EmptyStruct.class, text.isEmpty() ? "unknown error" : text);
    }

    private void write(CallContext context, Object body, Type bodyType, String error) {
      writeLock.lock();
      try {
        capture.reset();
        byte[] bodyBytes;
        try {
          if (body instanceof GobValue tree) {
            encoder.encode(tree);
          } else {
            encoder.encode(body, bodyType);
          }
          bodyBytes = capture.take();
        } catch (IOException | RuntimeException e) {
          // Nothing reached the wire: answer with an error the host can decode instead.
          log.atError().addKeyValue("method", context.serviceMethod()).setCause(e)
              .log("cannot encode reply");
          capture.reset();
          error = "cannot encode reply: " + e.getMessage();
          encoder.encode(EmptyStruct.INSTANCE, EmptyStruct.class);
          bodyBytes = capture.take();
        }
        encoder.encode(new Response(context.serviceMethod(), context.seq(), error), Response.class);
        byte[] header = capture.take();
        byte[] frame = new byte[header.length + bodyBytes.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(bodyBytes, 0, frame, header.length, bodyBytes.length);
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        log.atDebug().addKeyValue("method", context.serviceMethod())
            .log("reply not written, stream closed: {}", e.getMessage());
      } finally {
        writeLock.unlock();
        context.replied();
      }
    }
  }
}
