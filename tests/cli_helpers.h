/*
 * cli_helpers.h - what the tests of the `axon` command share: running it
 * (the binary named by $AXON_BIN, which the Makefile sets; default
 * build/axon) and capturing its output, temporary folders, small files.
 */
#ifndef AX_TEST_CLI_HELPERS_H
#define AX_TEST_CLI_HELPERS_H

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

typedef struct result {
    int status;
    char out[65536], err[8192];
} result;

static inline const char *bin(void)
{
    const char *b = getenv("AXON_BIN");
    return b && *b ? b : "build/axon";
}

static inline char *tmpdir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/axon-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static inline void slurp(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, len - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
}

static inline void remove_tree(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Runs `axon ARGS` (a shell fragment) and captures its output; *r is
 * overwritten by the next call. */
static inline result *axon(const char *args)
{
    static result r;
    char dir[64] = "/tmp/axon-run-XXXXXX", cmd[8192], out[128], err[128];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/stdout", dir);
    snprintf(err, sizeof err, "%s/stderr", dir);
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>%s", bin(), args, out, err);
    int st = system(cmd);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    slurp(out, r.out, sizeof r.out);
    slurp(err, r.err, sizeof r.err);
    remove_tree(dir);
    return &r;
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static inline int exists(const char *dir, const char *name)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* Starts `axon ARGS` in the background, stdout and stderr to files in
 * dir (<tag>.out, <tag>.err); its pid. */
static inline pid_t start(const char *dir, const char *tag, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "exec %s %s >%s/%s.out 2>%s/%s.err", bin(), args, dir, tag, dir, tag);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static inline int finish(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Waits (up to `seconds`) until file `path` contains `text`. */
static inline bool wait_for_long(const char *path, const char *text, int seconds)
{
    static char buf[1 << 16];
    for (int k = 0; k < 10 * seconds; k++) {
        slurp(path, buf, sizeof buf);
        if (strstr(buf, text))
            return true;
        usleep(100000);
    }
    return false;
}

static inline bool wait_for(const char *path, const char *text) { return wait_for_long(path, text, 60); }

/* Waits (up to 60 s) until summary.json at `path` has a time_ms > 0. */
static inline bool wait_for_time(const char *path)
{
    static char buf[1 << 14];
    for (int k = 0; k < 600; k++) {
        slurp(path, buf, sizeof buf);
        const char *t = strstr(buf, "\"time_ms\": ");
        if (t && atof(t + 11) > 0)
            return true;
        usleep(100000);
    }
    return false;
}

#endif
