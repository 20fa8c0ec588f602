package dev.rollouts.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server answering each path with a scripted response, recording every request
 * (method, path, query, headers, body, client port) for the test to inspect.
 */
final class StubServer implements AutoCloseable {
  /** One request as received. */
  record Received(String method, String path, String query, Map<String, List<String>> headers,
      String body, int clientPort) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }
  }

  /** A scripted answer. */
  record Reply(int status, String contentType, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, "application/json", body);
    }
  }

  private final HttpServer server;
  private final Map<String, Function<Received, Reply>> routes = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  StubServer route(String path, Function<Received, Reply> reply) {
    routes.put(path, reply);
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> to(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body,
        exchange.getRemoteAddress().getPort());
    received.add(r);
    Function<Received, Reply> route = routes.get(r.path());
    Reply reply = route == null ? new Reply(404, "text/plain", "404 page not found") : route.apply(r);
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
