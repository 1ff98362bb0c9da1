/*
 * optimizer_io.c - an optimiser's whole state in a file, and back.
 *
 * Format (little-endian, whatever the machine): "AXONOPT\0"; u64 version
 * (1); u64 counts of the integer and real scalars; the scalars
 * (AX_OPT_U64_FIELDS, AX_OPT_F64_FIELDS: doubles as their bits); u64 n_mem
 * and mem's doubles; u64 FNV-1a hash of every byte before it.  Written to
 * path + ".tmp", flushed to disk, then renamed over path (atomic on POSIX
 * file systems), so a crash leaves the old file or the new one, never half.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fit/fit.h"

#define MAGIC "AXONOPT"   /* 8 bytes with its NUL */
#define VERSION 1
#define N_U64 (0 AX_OPT_U64_FIELDS(COUNT))
#define N_F64 (0 AX_OPT_F64_FIELDS(COUNT))
#define COUNT(f) +1
#define MAX_FILE ((size_t)1 << 34)

typedef struct buf {
    unsigned char *p;
    size_t len, at;
} buf;

static void put64(buf *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b->p[b->at++] = (unsigned char)(v >> (8 * i));
}

static uint64_t get64(buf *b)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)b->p[b->at++] << (8 * i);
    return v;
}

static uint64_t bits_of(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return v;
}

static double double_of(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* magic, version, the 2 counts, the scalars, n_mem, mem, the hash */
static size_t file_size(size_t n_mem) { return 8 * (6 + N_U64 + N_F64 + n_mem); }

ax_status ax_optimizer_save(const ax_optimizer *opt, const char *path, ax_error *err)
{
    static const char *caller = "ax_optimizer_save";
    if (!opt)
        return ax_error_null(err, caller, "opt");
    if (!path)
        return ax_error_null(err, caller, "path");
    if (!*path)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: path is empty", caller);
    buf b = {.len = file_size(opt->n_mem)};
    b.p = malloc(b.len);
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!b.p || !tmp) {
        free(b.p);
        free(tmp);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bytes", caller, b.len);
    }
    memcpy(b.p, MAGIC, 8);
    b.at = 8;
    put64(&b, VERSION);
    put64(&b, N_U64);
    put64(&b, N_F64);
#define PUT_U64(f) put64(&b, opt->f);
#define PUT_F64(f) put64(&b, bits_of(opt->f));
    AX_OPT_U64_FIELDS(PUT_U64)
    AX_OPT_F64_FIELDS(PUT_F64)
    put64(&b, opt->n_mem);
    for (size_t i = 0; i < opt->n_mem; i++)
        put64(&b, bits_of(opt->mem[i]));
    put64(&b, fnv1a(b.p, b.at));
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    ax_status st = AX_OK;
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(b.p, 1, b.len, f) == b.len && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int e = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok || rename(tmp, path) != 0) {
        e = ok ? errno : e;
        if (f)
            remove(tmp);
        st = ax_error_fail(err, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "%s: cannot write '%s'%s: %s", caller,
                              ok ? path : tmp, ok ? " (renaming the temporary)" : "", strerror(e));
    }
    free(b.p);
    free(tmp);
    if (!st)
        ax_error_ok(err);
    return st;
}

static ax_status corrupt(ax_error *err, const char *path, const char *what)
{
    return ax_error_fail(err, AX_ERR_IO, "ax_optimizer_load: '%s' %s", path, what);
}

/* Reads the whole file into *b (at most MAX_FILE bytes). */
static ax_status read_all(const char *path, buf *b, ax_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return ax_error_fail(err, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "ax_optimizer_load: cannot open '%s': %s",
                                path, strerror(e));
    }
    size_t cap = 4096;
    b->p = malloc(cap);
    b->len = b->at = 0;
    while (b->p) {
        b->len += fread(b->p + b->len, 1, cap - b->len, f);
        if (b->len < cap || cap >= MAX_FILE)
            break;
        unsigned char *q = realloc(b->p, cap * 2);
        if (!q) {
            free(b->p);
            b->p = NULL;
            break;
        }
        b->p = q;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!b->p)
        return ax_error_fail(err, AX_ERR_MEMORY, "ax_optimizer_load: out of memory reading '%s'", path);
    if (bad) {
        free(b->p);
        b->p = NULL;
        return corrupt(err, path, "could not be read");
    }
    return AX_OK;
}

ax_status ax_optimizer_load(const char *path, ax_optimizer **out, ax_error *err)
{
    static const char *caller = "ax_optimizer_load";
    if (!out)
        return ax_error_null(err, caller, "out");
    *out = NULL;
    if (!path)
        return ax_error_null(err, caller, "path");
    buf b = {0};
    ax_status st = read_all(path, &b, err);
    if (st)
        return st;
    ax_optimizer *o = NULL;
    char what[200];
    if (b.len < file_size(0) || memcmp(b.p, MAGIC, 8) != 0) {
        st = corrupt(err, path, "is not an optimizer state written by ax_optimizer_save");
        goto done;
    }
    b.at = 8;
    uint64_t version = get64(&b), nu = get64(&b), nf = get64(&b);
    if (version != VERSION || nu != N_U64 || nf != N_F64) {
        snprintf(what, sizeof what, "has format version %llu: this axon reads version %d",
                 (unsigned long long)version, VERSION);
        st = corrupt(err, path, what);
        goto done;
    }
    if (fnv1a(b.p, b.len - 8) != (b.at = b.len - 8, get64(&b))) {
        st = corrupt(err, path, "is damaged or cut short (its checksum does not match)");
        goto done;
    }
    b.at = 32;
    o = calloc(1, sizeof *o);
    if (!o) {
        st = ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory", caller);
        goto done;
    }
#define GET_U64(f) o->f = get64(&b);
#define GET_F64(f) o->f = double_of(get64(&b));
    AX_OPT_U64_FIELDS(GET_U64)
    AX_OPT_F64_FIELDS(GET_F64)
    uint64_t n_mem = get64(&b);
    /* the sizes first, so that nothing below allocates what a damaged file says */
    if (o->kind > AX_OPTIMIZER_CMA_ES || o->n < 1 || o->n > 10000 || o->pop < 2 || o->pop > 1000000 ||
        o->n_bits > 52 || o->asked > 1 || o->n_asked > o->pop || o->phase > 1 || o->has_best > 1) {
        st = corrupt(err, path, "holds sizes or flags out of range");
        goto done;
    }
    size_t want = ax_opt_state_size(o);
    if (n_mem != want || b.len != file_size(want)) {   /* before allocating what the sizes say */
        st = corrupt(err, path, "does not hold the state its sizes call for");
        goto done;
    }
    if (ax_opt_alloc(o)) {
        st = ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the state in '%s'", caller, path);
        goto done;
    }
    for (size_t i = 0; i < o->n_mem; i++)
        o->mem[i] = double_of(get64(&b));
    int *logs = malloc(o->n * sizeof *logs);
    if (!logs) {
        st = ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory", caller);
        goto done;
    }
    for (size_t i = 0; i < o->n; i++)
        logs[i] = o->logs[i] != 0;
    ax_optimizer_options op = {.kind = (ax_optimizer_kind)o->kind, .n_params = o->n, .lower = o->rlo,
                               .upper = o->rhi, .log_scale = logs, .pop_size = o->pop, .tournament =
                               (unsigned)o->tournament, .r_cross = o->r_cross, .r_mut = o->r_mut,
                               .elites = o->elites, .n_bits = (unsigned)o->n_bits, .eta_cross = o->eta_cross,
                               .eta_mut = o->eta_mut, .de_f = o->de_f, .de_cr = o->de_cr, .sigma0 = o->sigma0};
    char prefix[1100];
    snprintf(prefix, sizeof prefix, "%s: '%s'", caller, path);
    st = ax_opt_check(&op, o->pop, prefix, err);
    free(logs);
    if (st && err)   /* the file is at fault, not an argument */
        err->status = AX_ERR_IO;
    if (st)
        st = AX_ERR_IO;
done:
    free(b.p);
    if (st) {
        ax_optimizer_free(o);
        return st;
    }
    *out = o;
    ax_error_ok(err);
    return AX_OK;
}
