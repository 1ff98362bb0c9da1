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

#endif
