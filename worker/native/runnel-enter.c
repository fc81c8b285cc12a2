/*
 * runnel-enter: starts a job's bwrap as the worker's sandbox-start.ts asks, in one exec.
 *
 *   runnel-enter [--net PATH] [--ids UID] [--limit NAME=SOFT:HARD]... -- PROGRAM [ARG]...
 *
 * Run as root by the worker's launcher: enters the network namespace at PATH (a job slot's, see
 * slot-network.ts), sets the rlimits (hard ones the job can't raise again: that takes
 * CAP_SYS_RESOURCE in the initial user namespace), drops every group and takes UID as its uid
 * and gid, then becomes PROGRAM. It replaces `nsenter --net … --setuid … --setgid … -- bwrap`
 * and the `prlimit` exec inside the sandbox: two execs fewer per job. On any failure it says
 * what failed on stderr and exits 127, before PROGRAM runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static const struct {
  const char *name;
  int resource;
} RESOURCES[] = {
    {"CPU", RLIMIT_CPU},     {"FSIZE", RLIMIT_FSIZE},   {"CORE", RLIMIT_CORE},   {"AS", RLIMIT_AS},
    {"DATA", RLIMIT_DATA},   {"NPROC", RLIMIT_NPROC},   {"NOFILE", RLIMIT_NOFILE}, {"STACK", RLIMIT_STACK},
};

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "runnel-enter: %s%s%s: %s\n", what, detail ? " " : "", detail ? detail : "", strerror(errno));
  exit(127);
}

static void usage(const char *why) {
  fprintf(stderr, "runnel-enter: %s\nusage: runnel-enter [--net PATH] [--ids UID] [--limit NAME=SOFT:HARD]... -- PROGRAM [ARG]...\n", why);
  exit(127);
}

static unsigned long long number(const char *text, const char *what) {
  char *end;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno || end == text || (*end != '\0' && *end != ':')) usage(what);
  return value;
}

static void set_limit(const char *spec) {
  const char *equals = strchr(spec, '=');
  const char *colon = equals ? strchr(equals, ':') : NULL;
  if (!equals || !colon) usage("a limit is NAME=SOFT:HARD");
  for (size_t i = 0; i < sizeof RESOURCES / sizeof RESOURCES[0]; i++) {
    if (strlen(RESOURCES[i].name) != (size_t)(equals - spec) || strncmp(RESOURCES[i].name, spec, equals - spec) != 0)
      continue;
    struct rlimit limit = {number(equals + 1, "a limit's soft value"), number(colon + 1, "a limit's hard value")};
    if (setrlimit(RESOURCES[i].resource, &limit) != 0) fail("setrlimit", spec);
    return;
  }
  usage("unknown limit name");
}

int main(int argc, char **argv) {
  const char *net = NULL;
  long ids = -1;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) break;
    if (i + 1 >= argc) usage("an option without its value");
    if (strcmp(argv[i], "--net") == 0) {
      net = argv[++i];
    } else if (strcmp(argv[i], "--ids") == 0) {
      ids = (long)number(argv[++i], "--ids takes a number");
    } else if (strcmp(argv[i], "--limit") == 0) {
      set_limit(argv[++i]);
    } else {
      usage("unknown option");
    }
  }
  if (i + 1 >= argc) usage("no program");
  if (net) {
    int fd = open(net, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("open", net);
    if (setns(fd, CLONE_NEWNET) != 0) fail("setns", net);
    close(fd);
  }
  if (ids >= 0) {
    if (setgroups(0, NULL) != 0) fail("setgroups", NULL);
    if (setgid((gid_t)ids) != 0) fail("setgid", NULL);
    if (setuid((uid_t)ids) != 0) fail("setuid", NULL);
  }
  execv(argv[i + 1], &argv[i + 1]);
  fail("exec", argv[i + 1]);
  return 127;
}
