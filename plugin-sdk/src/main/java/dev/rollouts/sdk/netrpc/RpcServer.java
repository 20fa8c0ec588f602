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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Go net/rpc server for one byte stream (one yamux stream in go-plugin).
 *
 * <p>Reads requests in a loop; each call runs on the virtual thread that read it while another
 * waiting worker takes over reading, so a slow call never holds up a fast one; replies go out in
 * completion order, each header + body written as one unit ({@code spec/netrpc.md} §6, §9). Unknown services and methods are answered with Go's own error
 * texts, and every error reply carries an empty-struct body as Go's does.
 *
 * <pre>{@code
 * RpcServer server = new RpcServer(List.of(pluginService));
 * server.serve(stream.inputStream(), stream.outputStream()); // returns at end of stream
 * }</pre>
 *
 * <p>Thread-safety: {@link #serve} is called once per stream; the encoder, its capture buffer and
 * the output stream are guarded by {@code writeLock}; the decoder by the stream's read lock.
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
    new Workers(in, new GobDecoder(in, gobOptions), new Replier(out)).serve();
  }

  /** A request read off the stream and ready to run. */
  private record Call(RpcService.Method method, CallContext context, Object argument) {
    void run(Replier replier) {
      invoke(method, context, argument, replier);
    }
  }

  /**
   * The threads of one stream, as leader and followers: whichever worker holds {@code readLock}
   * reads the next request, lets the lock go to a worker already waiting for it, and then runs the
   * call itself. So a call starts on the thread that read it, with no hand-off, and the next
   * reader's wake-up overlaps the call; a new worker is started only when none would be left to
   * read, so a slow call never holds up a fast one. When more input has already arrived (callers
   * in parallel), the reader keeps reading and gives each call a virtual thread of its own, as
   * before: passing the lead on for every request would cost a wake-up per request there.
   *
   * <p>{@code readLock} guards the decoder and {@code ended}/{@code failure}; {@code idle}
   * counts workers not running a call (reading or waiting to), and is at least one whenever the
   * stream is open and no new worker is being started; {@code started} holds the workers besides
   * the serving thread that are still running, for {@link #serve} to wait for.
   */
  private final class Workers {
    /** Workers kept waiting beyond this many go away after their call. */
    private static final int MAX_IDLE = 2;

    private final ReentrantLock readLock = new ReentrantLock();
    private final AtomicInteger idle = new AtomicInteger(1);
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private final InputStream in;
    private final GobDecoder decoder;
    private final Replier replier;
    private boolean ended;
    private IOException failure;

    Workers(InputStream in, GobDecoder decoder, Replier replier) {
      this.in = in;
      this.decoder = decoder;
      this.replier = replier;
    }

    void serve() throws IOException {
      work(true);
      for (Thread worker : started) {
        boolean interrupted = false;
        while (true) {
          try {
            worker.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true; // calls in flight still get their replies, as before
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      readLock.lock();
      try {
        if (failure != null) {
          throw failure;
        }
      } finally {
        readLock.unlock();
      }
    }

    private void work(boolean servingThread) {
      while (true) {
        Call call = next();
        if (call == null) {
          return;
        }
        try {
          call.run(replier);
        } finally {
          Thread.interrupted(); // an interrupt meant for this call must not reach the next read
        }
        if (!servingThread && idle.get() >= MAX_IDLE) {
          return;
        }
        idle.incrementAndGet();
      }
    }

    /** The next call to run, or null once the stream has ended or failed. */
    private Call next() {
      readLock.lock();
      try {
        while (!ended) {
          Call call = read();
          if (call == null) {
            continue;
          }
          if (moreInput()) {
            start(() -> call.run(replier));
            continue;
          }
          if (idle.decrementAndGet() == 0) {
            idle.incrementAndGet();
            start(() -> work(false));
          }
          return call;
        }
        return null;
      } finally {
        readLock.unlock();
      }
    }

    private boolean moreInput() {
      try {
        return in.available() > 0;
      } catch (IOException e) {
        return false; // the next read reports it
      }
    }

    private void start(Runnable task) {
      Thread thread = Thread.ofVirtual().name("rpc-call").unstarted(() -> {
        try {
          task.run();
        } finally {
          started.remove(Thread.currentThread());
        }
      });
      started.add(thread);
      thread.start();
    }

    /** Reads one request; null when it was answered here (or the stream ended). */
    private Call read() {
      Request request;
      try {
        request = decoder.decode(Request.class);
      } catch (EOFException e) {
        ended = true;
        return null;
      } catch (GobException e) {
        return fail(new IOException("rpc: server cannot decode request: " + e.getMessage(), e));
      } catch (IOException e) {
        return fail(e);
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
      try {
        if (method == null) {
          decoder.skipValue(); // keeps the type definitions the body carries
          replier.error(context, lookupError);
          return null;
        }
        return new Call(method, context, decoder.decode(method.argumentType()));
      } catch (GobException e) {
        replier.error(context, e.getMessage());
        return null;
      } catch (IOException e) {
        return fail(e);
      }
    }

    private Call fail(IOException e) {
      ended = true;
      failure = e;
      return null;
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
