/*
 * projection_export.c - a projection's connectivity to a file
 * (ax_projection_export): a CSV edge list that a model file's from_list
 * reads back, a dense NumPy matrix, or a sparse CSR matrix in the layout
 * of scipy.sparse.save_npz.
 *
 * Every format is written from the synapses as ax_projection_get_synapses
 * gives them (by source, then target), so the three files and the C API
 * agree by construction.  Like the recordings, each file is written under
 * "<path>.partial" and renamed when complete.  The .npz container is a zip
 * archive of .npy members, stored uncompressed as save_npz(compressed=False)
 * does; libzip writes it (its CRCs and, past 4 GiB, ZIP64 records), so that
 * no hand-written zip layer has to be trusted.  Under MPI the call is
 * collective: every rank gathers the synapses in the global order and
 * rank 0 writes the file (its failure is every rank's).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/error.h"
#include "record/record.h"
#include "sim/sim.h"

/* The synapses of p, copied (as ax_projection_write_csv does). */
typedef struct edges {
    uint64_t n;
    uint32_t *src, *tgt;
    double *w, *d;
} edges;

static void edges_free(edges *e)
{
    free(e->src);
    free(e->tgt);
    free(e->w);
    free(e->d);
}

static ax_status edges_get(ax_network *net, ax_projection proj, const char *verb, edges *e)
{
    memset(e, 0, sizeof *e);
    e->n = ax_projection_get_size(net, proj);
    uint64_t planned = net->core.memory_planned;
    ax_status st = ax_plan_memory(net, 24.0 * (double)e->n, verb);
    net->core.memory_planned = planned;   /* freed when written: counted only while they exist */
    size_t m = e->n ? (size_t)e->n : 1;
    if (!st) {
        e->src = malloc(m * sizeof *e->src);
        e->tgt = malloc(m * sizeof *e->tgt);
        e->w = malloc(m * sizeof *e->w);
        e->d = malloc(m * sizeof *e->d);
        if (!e->src || !e->tgt || !e->w || !e->d)
            st = ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for %llu synapses", verb, (unsigned long long)e->n);
    }
    if ((st = ax_ranks_agree(net, st)))   /* gathering them is collective */
        return st;
    return ax_projection_get_synapses(net, proj, e->src, e->tgt, e->w, e->d);
}

ax_status ax_graph_format_from_path(ax_network *net, const char *path, ax_graph_format *out)
{
    if (!path || !out)
        return net ? ax_fail_null(net, "graph format", path ? "out" : "path") : AX_ERR_ARGUMENT;
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash)) {
        static const char *const ext[] = {".csv", ".npy", ".npz"};
        for (int k = 0; k < 3; k++)
            if (strcasecmp(dot, ext[k]) == 0) {
                *out = (ax_graph_format)k;
                return AX_OK;
            }
    }
    return net ? ax_fail(net, AX_ERR_ARGUMENT, "graph format: '%s' does not end in .csv, .npy or .npz (the format "
                         "is taken from the extension)", path)
               : AX_ERR_ARGUMENT;
}

/* A NumPy format 1.0 header for `descr` and `shape` (e.g. "(3, 4)") into
 * buf: magic, length, the dict padded with spaces to a multiple of 64
 * bytes with its newline.  Returns its length. */
static size_t npy_header(char *buf, size_t len, const char *descr, const char *shape)
{
    char dict[256];
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape);
    size_t total = (10 + (size_t)n + 1 + 63) / 64 * 64;
    if (total > len)
        return 0;
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    uint16_t h = (uint16_t)(total - 10);
    buf[8] = (char)(h & 0xff);
    buf[9] = (char)(h >> 8);
    memcpy(buf + 10, dict, (size_t)n);
    memset(buf + 10 + n, ' ', total - 10 - (size_t)n - 1);
    buf[total - 1] = '\n';
    return total;
}

static ax_status write_csv(ax_network *net, const edges *e, bool delays, const char *path)
{
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, path);
    if (st)
        return st;
    int dec = ax_time_decimals(ax_network_get_dt(net));
    fputs(delays ? "pre,post,weight,delay\n" : "pre,post,weight\n", o.f);
    for (uint64_t q = 0; q < e->n; q++) {
        if (delays)
            fprintf(o.f, "%u,%u,%.17g,%.*f\n", e->src[q], e->tgt[q], e->w[q], dec, e->d[q]);
        else
            fprintf(o.f, "%u,%u,%.17g\n", e->src[q], e->tgt[q], e->w[q]);
    }
    return ax_out_close(net, &o);
}

/* Row by row, so that the matrix is never held whole: row i is the
 * synapses of source i, which come together. */
/* The largest dense matrix written: 2^31 elements, 16 GiB - beyond it a
 * sparse projection would fill a disk with zeros. */
#define DENSE_MAX_ELEMENTS (UINT64_C(1) << 31)

static ax_status write_dense(ax_network *net, const edges *e, uint32_t n_pre, uint32_t n_post, const char *verb,
                             const char *path)
{
    uint64_t elements = (uint64_t)n_pre * n_post;
    if (elements > DENSE_MAX_ELEMENTS)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: a dense matrix of %u x %u = %llu weights would take %.0f GiB (at "
                       "most 2^31 = %llu weights, 16 GiB, are written dense); write NPZ (sparse) or CSV instead",
                       verb, n_pre, n_post, (unsigned long long)elements, (double)elements * 8.0 / 1073741824.0,
                       (unsigned long long)DENSE_MAX_ELEMENTS);
    double *row = calloc(n_post ? n_post : 1, sizeof *row);
    if (!row)
        return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for a row of %u weights", verb, n_post);
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, path);
    if (st) {
        free(row);
        return st;
    }
    char head[256], shape[64];
    snprintf(shape, sizeof shape, "(%u, %u)", n_pre, n_post);
    fwrite(head, 1, npy_header(head, sizeof head, "<f8", shape), o.f);
    uint64_t q = 0;
    for (uint32_t i = 0; i < n_pre; i++) {
        uint64_t first = q;
        for (; q < e->n && e->src[q] == i; q++)
            row[e->tgt[q]] += e->w[q];   /* several synapses of a pair: their sum */
        fwrite(row, sizeof *row, n_post, o.f);   /* x86-64 and arm64 are little-endian, as '<f8' says */
        for (uint64_t r = first; r < q; r++)
            row[e->tgt[r]] = 0;
    }
    free(row);
    return ax_out_close(net, &o);
}

/* One .npy member of the archive, built in memory: header then data. */
typedef struct member {
    const char *name;
    unsigned char *bytes;
    size_t len;
} member;

static bool member_make(member *m, const char *name, const char *descr, const char *shape, const void *data,
                        size_t len)
{
    char head[256];
    size_t h = npy_header(head, sizeof head, descr, shape);
    m->name = name;
    m->len = h + len;
    m->bytes = malloc(m->len);
    if (!m->bytes)
        return false;
    memcpy(m->bytes, head, h);
    if (len)
        memcpy(m->bytes + h, data, len);
    return true;
}

/* The CSR arrays of scipy.sparse.csr_matrix: data, indices (targets) and
 * indptr (where each source's row starts), one entry per synapse. */
static bool csr_members(const edges *e, uint32_t n_pre, uint32_t n_post, member m[5])
{
    bool wide = e->n > 2147483647u || n_post > 2147483647u;   /* scipy's rule: int32 while it fits */
    size_t isz = wide ? 8 : 4;
    unsigned char *indices = malloc((e->n ? e->n : 1) * isz), *indptr = malloc(((size_t)n_pre + 1) * isz);
    bool ok = indices && indptr;
    for (uint64_t q = 0; ok && q < e->n; q++) {
        int64_t v = e->tgt[q];
        int32_t v32 = (int32_t)v;
        memcpy(indices + q * isz, wide ? (void *)&v : (void *)&v32, isz);
    }
    uint64_t q = 0;
    for (uint32_t i = 0; ok && i <= n_pre; i++) {
        while (q < e->n && e->src[q] < i)
            q++;
        int64_t v = (int64_t)q;
        int32_t v32 = (int32_t)q;
        memcpy(indptr + (size_t)i * isz, wide ? (void *)&v : (void *)&v32, isz);
    }
    char n_shape[64], p_shape[64];
    snprintf(n_shape, sizeof n_shape, "(%llu,)", (unsigned long long)e->n);
    snprintf(p_shape, sizeof p_shape, "(%llu,)", (unsigned long long)n_pre + 1);
    int64_t shape[2] = {n_pre, n_post};
    /* format: a 0-d array of 3 bytes, as save_npz writes it (format.encode('ascii')) */
    const char csr[3] = {'c', 's', 'r'};
    ok = ok && member_make(&m[0], "indices.npy", wide ? "<i8" : "<i4", n_shape, indices, (size_t)e->n * isz) &&
         member_make(&m[1], "indptr.npy", wide ? "<i8" : "<i4", p_shape, indptr, ((size_t)n_pre + 1) * isz) &&
         member_make(&m[2], "format.npy", "|S3", "()", csr, sizeof csr) &&
         member_make(&m[3], "shape.npy", "<i8", "(2,)", shape, sizeof shape) &&
         member_make(&m[4], "data.npy", "<f8", n_shape, e->w, (size_t)e->n * sizeof *e->w);
    free(indices);
    free(indptr);
    return ok;
}

static ax_status write_npz(ax_network *net, const edges *e, uint32_t n_pre, uint32_t n_post, const char *verb,
                           const char *path)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp)
        return ax_fail(net, AX_ERR_IO, "%s: the path '%.80s...' is too long", verb, path);
    member m[5] = {{0}};
    ax_status st = AX_OK;
    if (!csr_members(e, n_pre, n_post, m))
        st = ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for the arrays of %llu synapses", verb,
                     (unsigned long long)e->n);
    int zerr = 0;
    zip_t *z = st ? NULL : zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!st && !z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        st = ax_fail(net, AX_ERR_IO, "%s: cannot create %s: %s", verb, tmp, zip_error_strerror(&ze));
        zip_error_fini(&ze);
    }
    for (int k = 0; z && !st && k < 5; k++) {
        zip_source_t *src = zip_source_buffer(z, m[k].bytes, m[k].len, 0);
        zip_int64_t at = src ? zip_file_add(z, m[k].name, src, ZIP_FL_OVERWRITE) : -1;
        if (at < 0) {
            zip_source_free(src);
            st = ax_fail(net, AX_ERR_IO, "%s: cannot add %s to %s: %s", verb, m[k].name, tmp, zip_strerror(z));
        } else if (zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0) != 0) {
            st = ax_fail(net, AX_ERR_IO, "%s: %s: %s", verb, tmp, zip_strerror(z));
        }
    }
    if (z && !st && zip_close(z) != 0) {
        st = ax_fail(net, AX_ERR_IO, "%s: could not write %s: %s", verb, tmp, zip_strerror(z));
        zip_discard(z);
    } else if (z && st) {
        zip_discard(z);
    }
    if (!st && rename(tmp, path) != 0)
        st = ax_fail(net, AX_ERR_IO, "%s: could not write %s: %s", verb, path, strerror(errno));
    if (st)
        remove(tmp);
    for (int k = 0; k < 5; k++)
        free(m[k].bytes);
    return st;
}

ax_status ax_projection_export(ax_network *net, ax_projection proj, const char *path, ax_graph_format format)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_projection_info info;
    ax_status st = ax_projection_get_info(net, proj, &info);
    if (st)
        return st;
    if (!path)
        return ax_fail_null(net, "export", "path");
    char verb[300];
    ax_population_info a, b;
    ax_population_get_info(net, info.from, &a);
    ax_population_get_info(net, info.to, &b);
    bool spiking = info.kind == AX_PROJECTION_STATIC || info.kind == AX_PROJECTION_PLASTIC;
    char label[256];
    ax_projection_label_format(label, sizeof label, proj, info.kind, a.name, b.name);
    snprintf(verb, sizeof verb, "export %s to %s", label, path);
    if (format != AX_GRAPH_CSV && format != AX_GRAPH_NPY && format != AX_GRAPH_NPZ)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: format %d is not one of AX_GRAPH_CSV, AX_GRAPH_NPY, AX_GRAPH_NPZ",
                       verb, (int)format);
    if (!net->core.built)
        return ax_fail(net, AX_ERR_STATE, "%s: the network is not built yet (call ax_network_build or ax_network_run "
                       "first)", verb);
    edges e;
    st = edges_get(net, proj, verb, &e);
    if (!st && net->rank == 0)   /* under MPI every rank gathers the synapses, rank 0 writes */
        st = format == AX_GRAPH_CSV ? write_csv(net, &e, spiking, path)
             : format == AX_GRAPH_NPY ? write_dense(net, &e, a.size, b.size, verb, path)
                                      : write_npz(net, &e, a.size, b.size, verb, path);
    edges_free(&e);
    return ax_ranks_agree(net, st);   /* rank 0's failure to write, on every rank */
}
