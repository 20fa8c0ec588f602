/*
 * rollouts-sidecar-launcher: the plugin executable the stock Argo Rollouts controller image runs
 * (it has no libc, no shell and no JVM) when the Java plugin itself runs in a sidecar container.
 *
 *   rollouts-sidecar-launcher DIR        (DIR: the plugin's directory on the shared volume)
 *
 * What it does, as a go-plugin plugin process:
 *  1. Without the magic cookie ARGO_ROLLOUTS_RPC_PLUGIN it prints go-plugin's "This binary is a
 *     plugin" text on stderr and exits 1, as every go-plugin plugin does.
 *  2. It connects to the sidecar's control socket DIR/control.sock, retrying for up to
 *     ROLLOUTS_SIDECAR_WAIT seconds (default 30) while the sidecar starts, and says
 *       "rollouts-sidecar/1 <cookie>\n"
 *  3. The sidecar opens a fresh listener for this process and answers one line:
 *       "ok <app protocol version> <socket path relative to DIR>\n"   -> go on
 *       "cookie\n"            the sidecar serves no plugin of this kind -> go-plugin's text, exit 1
 *       "error <message>\n"   -> the message on stderr, exit 1
 *  4. It prints the handshake line "1|<version>|unix|DIR/<path>|netrpc|" on stdout, so the
 *     controller connects straight to the sidecar, and then blocks on the control connection.
 *  5. The sidecar closes the control connection when the controller's session ends (Quit or
 *     EOF): the launcher exits 0, as a plugin does after Quit. If the launcher is killed, the
 *     sidecar sees the control connection close and drops that listener and session.
 *
 * Errors are written to stderr as "[ERROR] ..." lines, which the controller logs at ERROR.
 * Build: gcc -static (or musl-gcc -static); see bundle/sidecar-launcher.sh.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define COOKIE_KEY "ARGO_ROLLOUTS_RPC_PLUGIN"
#define CONTROL_SOCKET "control.sock"
#define HELLO "rollouts-sidecar/1"
#define DEFAULT_WAIT_SECONDS 30
#define MAX_REPLY 1024

static const char NOT_A_HOST[] =
    "This binary is a plugin. These are not meant to be executed directly.\n"
    "Please execute the program that consumes these plugins, which will\n"
    "load any plugins automatically\n";

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "[ERROR] rollouts-sidecar-launcher: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  return 1;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int wait_seconds(void) {
  const char *v = getenv("ROLLOUTS_SIDECAR_WAIT");
  if (v == NULL || *v == '\0') {
    return DEFAULT_WAIT_SECONDS;
  }
  char *end;
  long n = strtol(v, &end, 10);
  return (*end == '\0' && n >= 0 && n <= 3600) ? (int)n : DEFAULT_WAIT_SECONDS;
}

/* Connects to the control socket, retrying while it is not there yet. */
static int connect_control(const char *path, double deadline) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  memcpy(addr.sun_path, path, strlen(path) + 1);
  for (;;) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
      return -1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
      return fd;
    }
    int e = errno;
    close(fd);
    if ((e != ENOENT && e != ECONNREFUSED && e != EAGAIN) || now_seconds() >= deadline) {
      errno = e;
      return -1;
    }
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
}

static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return -1;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Reads one '\n'-terminated line (without the '\n') before the deadline. */
static int read_line(int fd, char *line, size_t size, double deadline) {
  size_t len = 0;
  while (len + 1 < size) {
    int left_ms = (int)((deadline - now_seconds()) * 1000);
    if (left_ms <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, left_ms);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      errno = r == 0 ? ETIMEDOUT : errno;
      return -1;
    }
    ssize_t n = read(fd, line + len, 1);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      errno = n == 0 ? ECONNRESET : errno;
      return -1;
    }
    if (line[len] == '\n') {
      line[len] = '\0';
      return 0;
    }
    len++;
  }
  errno = EMSGSIZE;
  return -1;
}

static int safe_field(const char *s) {
  return *s != '\0' && strpbrk(s, "|\n\r ") == NULL && strstr(s, "..") == NULL;
}

int main(int argc, char **argv) {
  /* go-plugin plugins ignore SIGINT: a terminal's ^C reaches the whole process group */
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  const char *cookie = getenv(COOKIE_KEY);
  if (cookie == NULL || *cookie == '\0') {
    fputs(NOT_A_HOST, stderr);
    return 1;
  }
  if (argc != 2 || argv[1][0] != '/') {
    return fail("usage: rollouts-sidecar-launcher /absolute/dir/of/the/plugin/on/the/shared/volume",
                NULL);
  }
  if (!safe_field(cookie)) {
    return fail("unusable " COOKIE_KEY " value", cookie);
  }
  const char *dir = argv[1];
  char control[sizeof(((struct sockaddr_un *)0)->sun_path)];
  if ((size_t)snprintf(control, sizeof control, "%s/%s", dir, CONTROL_SOCKET) >= sizeof control) {
    return fail("directory path too long for a unix socket", dir);
  }
  double deadline = now_seconds() + wait_seconds();
  int fd = connect_control(control, deadline);
  if (fd < 0) {
    char detail[sizeof control + 64];
    snprintf(detail, sizeof detail, "%s: %s (is the plugin's sidecar container running?)",
             control, strerror(errno));
    return fail("cannot reach the plugin sidecar", detail);
  }
  char hello[256];
  int n = snprintf(hello, sizeof hello, "%s %s\n", HELLO, cookie);
  if (n < 0 || (size_t)n >= sizeof hello || write_all(fd, hello, (size_t)n) != 0) {
    return fail("cannot talk to the plugin sidecar", strerror(errno));
  }
  char reply[MAX_REPLY];
  if (read_line(fd, reply, sizeof reply, deadline) != 0) {
    return fail("no answer from the plugin sidecar", strerror(errno));
  }
  if (strcmp(reply, "cookie") == 0) {
    fputs(NOT_A_HOST, stderr);
    return 1;
  }
  if (strncmp(reply, "error ", 6) == 0) {
    return fail("the plugin sidecar refused", reply + 6);
  }
  char *version = reply + 3;
  char *path = strchr(version, ' ');
  if (strncmp(reply, "ok ", 3) != 0 || path == NULL) {
    return fail("unexpected answer from the plugin sidecar", reply);
  }
  *path++ = '\0';
  if (!safe_field(version) || !safe_field(path) || path[0] == '/') {
    return fail("unexpected answer from the plugin sidecar", path);
  }
  char socket_path[sizeof control];
  if ((size_t)snprintf(socket_path, sizeof socket_path, "%s/%s", dir, path)
      >= sizeof socket_path) {
    return fail("socket path too long", path);
  }
  /* the one line go-plugin's host reads; nothing else is ever written to stdout */
  if (printf("1|%s|unix|%s|netrpc|\n", version, socket_path) < 0 || fflush(stdout) != 0) {
    return fail("cannot write the handshake line", strerror(errno));
  }
  char buf[256];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      return 0; /* the sidecar ended the controller's session */
    }
  }
}
