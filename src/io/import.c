/*
 * import.c - weights (and delays) of a built projection from a file
 * (ax_projection_import): a CSV edge list, a dense NumPy matrix or a
 * SciPy CSR .npz, as ax_projection_export writes them.
 *
 * It lives with the loader because it reads files the loader's way - the
 * CSV through the one text-table reader (io/table.h), so an edge list is
 * checked exactly as a from_list file is - and it is a layer over the
 * public API like the loader: the file's entries are matched against
 * ax_projection_get_synapses and the result is handed to
 * ax_projection_set_weights / _set_delays, which own every rule about
 * values (signs, plastic bounds, the window, plastic delays only at t = 0)
 * and every effect (plastic flush, gap and graded tables).  So an imported
 * weight is checked and stored exactly as a set one.
 *
 * Nothing changes before the whole file is read and matched.  The delays
 * are set before the weights because they are refused more often for the
 * state of the network (t > 0 of a plastic projection); when the weights
 * are refused after the delays changed, the old delays are put back (the
 * same call accepted delays a moment ago, so it accepts them again).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/error.h"
#include "io/table.h"

/* The projection's synapses, the values read for them, and the line (or
 * entry) each was read from. */
typedef struct target_set {
    ax_network *net;
    const char *path;
    char name[600];          /* "import into projection 0 (E -> I) from PATH" */
    char what[300];          /* "projection 0 (E -> I)" */
    ax_projection proj;
    bool spiking;
    uint32_t n_pre, n_post;
    uint64_t n;
    uint32_t *src, *tgt;
    double *w, *d;           /* current, then the new values */
    double *old_d;
    uint64_t *off;           /* off[i] .. off[i + 1]: the synapses of source i */
    uint64_t *from;          /* line (CSV) or entry + 1 (NPZ) that set synapse q; 0: none */
    bool delays;             /* the file gives delays */
} target_set;

static void target_free(target_set *s)
{
    free(s->src);
    free(s->tgt);
    free(s->w);
    free(s->d);
    free(s->old_d);
    free(s->off);
    free(s->from);
}

static ax_status target_make(target_set *s)
{
    size_t m = s->n ? (size_t)s->n : 1;
    s->src = malloc(m * sizeof *s->src);
    s->tgt = malloc(m * sizeof *s->tgt);
    s->w = malloc(m * sizeof *s->w);
    s->d = malloc(m * sizeof *s->d);
    s->old_d = malloc(m * sizeof *s->old_d);
    s->off = calloc((size_t)s->n_pre + 1, sizeof *s->off);
    s->from = calloc(m, sizeof *s->from);
    if (!s->src || !s->tgt || !s->w || !s->d || !s->old_d || !s->off || !s->from)
        return ax_fail(s->net, AX_ERR_MEMORY, "%s: out of memory for %llu synapses", s->name, (unsigned long long)s->n);
    ax_status st = ax_projection_get_synapses(s->net, s->proj, s->src, s->tgt, s->w, s->d);
    if (st)
        return st;
    memcpy(s->old_d, s->d, m * sizeof *s->d);
    for (uint64_t q = 0; q < s->n; q++)
        s->off[s->src[q] + 1]++;
    for (uint32_t i = 0; i < s->n_pre; i++)
        s->off[i + 1] += s->off[i];
    return AX_OK;
}

/* The first synapse (i, j) not set yet, or UINT64_MAX; *pairs gets how
 * many synapses the pair has. */
static uint64_t match(const target_set *s, uint32_t i, uint32_t j, uint64_t *pairs)
{
    uint64_t lo = s->off[i], hi = s->off[i + 1];
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (s->tgt[mid] < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint64_t found = UINT64_MAX;
    *pairs = 0;
    for (uint64_t q = lo; q < s->off[i + 1] && s->tgt[q] == j; q++) {
        (*pairs)++;
        if (found == UINT64_MAX && !s->from[q])
            found = q;
    }
    return found;
}

/* Entry (i, j, w[, d]) read at `place` (a line, or an entry + 1): into
 * the synapse it names; otherwise a message that says why, in *why. */
static bool take(target_set *s, uint32_t i, uint32_t j, double w, double d, uint64_t place, char *why, size_t len)
{
    uint64_t pairs;
    uint64_t q = match(s, i, j, &pairs);
    if (q == UINT64_MAX) {
        if (!pairs)
            snprintf(why, len, "no synapse from source %u to target %u in %s", i, j, s->what);
        else
            snprintf(why, len, "source %u and target %u have %llu synapse%s, all set by earlier entries", i, j,
                     (unsigned long long)pairs, pairs == 1 ? "" : "s");
        return false;
    }
    s->w[q] = w;
    if (s->delays)
        s->d[q] = d;
    s->from[q] = place;
    return true;
}

/* ---- CSV ---- */

static ax_status read_csv(target_set *s)
{
    ax_table t;
    char sources[200], targets[200], why[400];
    ax_projection_info info;
    ax_population_info a, b;
    ax_projection_get_info(s->net, s->proj, &info);
    ax_population_get_info(s->net, info.from, &a);
    ax_population_get_info(s->net, info.to, &b);
    snprintf(sources, sizeof sources, "sources (neurons of '%.80s')", a.name);
    snprintf(targets, sizeof targets, "targets (neurons of '%.80s')", b.name);
    ax_status st = ax_table_open(&t, s->path, AX_TABLE_MAX_BYTES, AX_TABLE_MAYBE_HEADER | AX_TABLE_COMMENTS);
    int cols = 0, r = 0;
    while (!st && (r = ax_table_next(&t)) > 0) {
        if (!cols && (t.n_fields < 3 || t.n_fields > 4)) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "%zu fields; expected pre,post,weight[,delay]", t.n_fields);
            break;
        }
        if (!cols && t.n_fields == 4 && !s->spiking) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, 3, "%s has no delays (gap junctions, averaged gaps and graded release act "
                          "every step); give pre,post,weight", s->what);
            break;
        }
        cols = (int)t.n_fields;
        s->delays = cols == 4;
        uint32_t i, j;
        double w = 0, d = 0;
        if (ax_table_index(&t, 0, s->n_pre, sources, &i) || ax_table_index(&t, 1, s->n_post, targets, &j) ||
            ax_table_number(&t, 2, &w) || (cols > 3 && ax_table_number(&t, 3, &d)))
            break;
        if (!take(s, i, j, w, d, t.line, why, sizeof why)) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "%s", why);
            break;
        }
    }
    st = t.status ? ax_fail(s->net, t.status, "%s: %s", s->name, t.message) : AX_OK;
    ax_table_close(&t);
    return st;
}

/* ---- NumPy ---- */

/* A .npy header: descr, fortran_order and shape (at most 2 dimensions;
 * ndim 0 for a scalar); *data where the data starts.  NULL, or why not. */
typedef struct npy_info {
    char descr[8];
    int ndim;
    uint64_t shape[2];
    size_t data;
} npy_info;

static const char *npy_parse(const unsigned char *b, size_t len, npy_info *out)
{
    if (len < 10 || memcmp(b, "\x93NUMPY", 6) != 0)
        return "not a NumPy .npy file (no \\x93NUMPY magic)";
    int major = b[6];
    size_t hlen, at;
    if (major == 1) {
        hlen = (size_t)b[8] | (size_t)b[9] << 8;
        at = 10;
    } else if ((major == 2 || major == 3) && len >= 12) {
        hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
        at = 12;
    } else {
        return "an unknown .npy format version";
    }
    if (hlen > 65536 || at + hlen > len)
        return "a .npy header that is cut off or too long";
    char h[65537];
    memcpy(h, b + at, hlen);
    h[hlen] = 0;
    out->data = at + hlen;
    const char *dp = strstr(h, "'descr':"), *fp = strstr(h, "'fortran_order':"), *sp = strstr(h, "'shape':");
    if (!dp || !fp || !sp)
        return "a .npy header without descr, fortran_order and shape";
    if (sscanf(dp + 8, " '%7[^']'", out->descr) != 1)
        return "a .npy header whose descr cannot be read";
    fp += 16;
    while (*fp == ' ')
        fp++;
    if (strncmp(fp, "False", 5) != 0)
        return "a matrix in Fortran order (save it in C order)";
    sp = strchr(sp, '(');
    if (!sp)
        return "a .npy header whose shape cannot be read";
    out->ndim = 0;
    for (sp++; *sp && *sp != ')';) {
        while (*sp == ' ' || *sp == ',')
            sp++;
        if (*sp == ')')
            break;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(sp, &end, 10);
        if (end == sp || errno || out->ndim == 2)
            return "a .npy shape of more than 2 dimensions or not whole numbers";
        out->shape[out->ndim++] = v;
        sp = end;
    }
    return NULL;
}

/* The element size of a descr this reader takes, 0 otherwise. */
static size_t npy_size(const char *descr, const char *const *allowed)
{
    for (int k = 0; allowed[k]; k++)
        if (!strcmp(descr, allowed[k]))
            return descr[1] == 'U' ? 4 * (size_t)(descr[2] - '0') : (size_t)(descr[2] - '0');   /* UTF-32 */
    return 0;
}

static ax_status read_npy(target_set *s)
{
    FILE *f = fopen(s->path, "rb");
    if (!f) {
        int e = errno;   /* fopen allocates its buffer: it can run out of memory */
        return ax_fail(s->net, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "%s: cannot open %s: %s", s->name, s->path,
                       e == ENOMEM ? "out of memory" : strerror(e));
    }
    unsigned char *head = malloc(65536 + 12);
    size_t got = head ? fread(head, 1, 65536 + 12, f) : 0;
    npy_info ni;
    const char *why = !head ? "out of memory" : npy_parse(head, got, &ni);
    static const char *const f8[] = {"<f8", NULL};
    char buf[200];
    if (!why && !npy_size(ni.descr, f8)) {
        snprintf(buf, sizeof buf, "dtype '%s'; expected float64 ('<f8')", ni.descr);
        why = buf;
    }
    if (!why && (ni.ndim != 2 || ni.shape[0] != s->n_pre || ni.shape[1] != s->n_post)) {
        snprintf(buf, sizeof buf, "a matrix of shape (%llu%s%llu); expected (%u, %u): sources x targets", 
                 (unsigned long long)(ni.ndim > 0 ? ni.shape[0] : 0), ni.ndim > 1 ? ", " : "",
                 (unsigned long long)(ni.ndim > 1 ? ni.shape[1] : 0), s->n_pre, s->n_post);
        why = buf;
    }
    ax_status st = AX_OK;
    if (why)
        st = ax_fail(s->net, head ? AX_ERR_ARGUMENT : AX_ERR_MEMORY, "%s: %s: %s", s->name, s->path, why);
    free(head);
    double *row = st ? NULL : malloc(((size_t)s->n_post ? s->n_post : 1) * sizeof *row);
    if (!st && !row)
        st = ax_fail(s->net, AX_ERR_MEMORY, "%s: out of memory for a row of %u values", s->name, s->n_post);
    if (!st && fseek(f, (long)ni.data, SEEK_SET) != 0)
        st = ax_fail(s->net, AX_ERR_IO, "%s: %s: %s", s->name, s->path, strerror(errno));
    for (uint32_t i = 0; !st && i < s->n_pre; i++) {
        if (fread(row, sizeof *row, s->n_post, f) != s->n_post) {
            st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: the data end at row %u of %u (a cut file?)", s->name, s->path,
                         i, s->n_pre);
            break;
        }
        uint64_t q = s->off[i];
        for (uint32_t j = 0; !st && j < s->n_post; j++) {
            uint64_t first = q;
            while (q < s->off[i + 1] && s->tgt[q] == j)
                q++;
            if (!isfinite(row[j]))
                st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: element [%u, %u] is %g, not a finite number", s->name,
                             s->path, i, j, row[j]);
            else if (q == first && row[j] != 0)
                st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: element [%u, %u] is %.17g, but there is no synapse from "
                             "source %u to target %u (only synapses can be given weights; 0 where there is none)",
                             s->name, s->path, i, j, row[j], i, j);
            else if (q - first > 1)
                st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: element [%u, %u]: source %u has %llu synapses to target "
                             "%u, and a dense matrix holds one weight per pair (import a CSV or NPZ file instead)",
                             s->name, s->path, i, j, i, (unsigned long long)(q - first), j);
            else if (q > first) {
                s->w[first] = row[j];
                s->from[first] = (uint64_t)i * s->n_post + j + 1;
            }
        }
    }
    free(row);
    fclose(f);
    return st;
}

/* Member `name` of the archive, read whole into *out (*len bytes). */
static ax_status zip_member(target_set *s, zip_t *z, const char *name, unsigned char **out, size_t *len)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat(z, name, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
        return ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s has no member %s (a scipy.sparse.save_npz file holds data, "
                       "indices, indptr, format and shape)", s->name, s->path, name);
    if (zs.size > ((uint64_t)1 << 40))
        return ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: member %s is too large (%llu bytes)", s->name, s->path, name,
                       (unsigned long long)zs.size);
    *len = (size_t)zs.size;
    *out = malloc(*len ? *len : 1);
    if (!*out)
        return ax_fail(s->net, AX_ERR_MEMORY, "%s: out of memory for %s (%zu bytes)", s->name, name, *len);
    zip_file_t *zf = zip_fopen(z, name, 0);
    zip_int64_t r = zf ? zip_fread(zf, *out, *len) : -1;
    if (zf)
        zip_fclose(zf);
    if (r < 0 || (size_t)r != *len)
        return ax_fail(s->net, AX_ERR_IO, "%s: %s: cannot read member %s: %s", s->name, s->path, name, zip_strerror(z));
    return AX_OK;
}

/* A 1-d array member of the descrs allowed, with n elements (0: any). */
typedef struct npz_array {
    unsigned char *bytes;
    size_t len;
    npy_info ni;
    size_t size;             /* bytes per element */
} npz_array;

static ax_status npz_array_read(target_set *s, zip_t *z, const char *name, const char *const *allowed, npz_array *a)
{
    ax_status st = zip_member(s, z, name, &a->bytes, &a->len);
    if (st)
        return st;
    const char *why = npy_parse(a->bytes, a->len, &a->ni);
    if (why)
        return ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: member %s: %s", s->name, s->path, name, why);
    a->size = npy_size(a->ni.descr, allowed);
    if (!a->size)
        return ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: member %s has dtype '%s'; expected %s%s%s", s->name, s->path,
                       name, a->ni.descr, allowed[0], allowed[1] ? " or " : "", allowed[1] ? allowed[1] : "");
    uint64_t n = a->ni.ndim == 1 ? a->ni.shape[0] : a->ni.ndim == 0 ? 1 : 0;
    if (a->ni.ndim > 1 || a->len - a->ni.data != n * a->size)
        return ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: member %s holds %zu bytes of data for shape (%llu,)", s->name,
                       s->path, name, a->len - a->ni.data, (unsigned long long)n);
    return AX_OK;
}

static int64_t npz_int(const npz_array *a, uint64_t k)
{
    const unsigned char *p = a->bytes + a->ni.data + k * a->size;
    if (a->size == 4) {
        int32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    int64_t v;
    memcpy(&v, p, 8);
    return v;
}

static double npz_double(const npz_array *a, uint64_t k)
{
    const unsigned char *p = a->bytes + a->ni.data + k * a->size;
    if (a->size == 4) {
        float v;
        memcpy(&v, p, 4);
        return v;
    }
    double v;
    memcpy(&v, p, 8);
    return v;
}

static ax_status read_npz(target_set *s)
{
    int zerr = 0;
    zip_t *z = zip_open(s->path, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        ax_status st = ax_fail(s->net, zerr == ZIP_ER_MEMORY ? AX_ERR_MEMORY : zerr == ZIP_ER_NOZIP ? AX_ERR_ARGUMENT
                               : AX_ERR_IO, "%s: cannot open %s: %s", s->name, s->path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    static const char *const ints[] = {"<i4", "<i8", NULL}, *const reals[] = {"<f8", "<f4", NULL},
                             *const str[] = {"|S3", "<U3", NULL};   /* bytes (save_npz) or str */
    npz_array fmt = {0}, shape = {0}, indptr = {0}, indices = {0}, data = {0};
    ax_status st = npz_array_read(s, z, "format.npy", str, &fmt);
    if (!st && (fmt.ni.ndim != 0 ||
                memcmp(fmt.bytes + fmt.ni.data, fmt.size == 3 ? "csr" : "c\0\0\0s\0\0\0r\0\0\0", fmt.size) != 0))
        st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: format is not 'csr' (save a scipy.sparse.csr_matrix: "
                     "save_npz(path, m.tocsr()))", s->name, s->path);
    if (!st)
        st = npz_array_read(s, z, "shape.npy", ints, &shape);
    if (!st && (shape.ni.shape[0] != 2 || npz_int(&shape, 0) != s->n_pre || npz_int(&shape, 1) != s->n_post))
        st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: a matrix of shape (%lld, %lld); expected (%u, %u): sources x "
                     "targets", s->name, s->path, shape.ni.shape[0] > 0 ? (long long)npz_int(&shape, 0) : -1LL,
                     shape.ni.shape[0] > 1 ? (long long)npz_int(&shape, 1) : -1LL, s->n_pre, s->n_post);
    if (!st)
        st = npz_array_read(s, z, "indptr.npy", ints, &indptr);
    if (!st)
        st = npz_array_read(s, z, "indices.npy", ints, &indices);
    if (!st)
        st = npz_array_read(s, z, "data.npy", reals, &data);
    uint64_t nnz = indices.ni.shape[0];
    if (!st && (indptr.ni.shape[0] != (uint64_t)s->n_pre + 1 || data.ni.shape[0] != nnz || npz_int(&indptr, 0) != 0 ||
                npz_int(&indptr, s->n_pre) != (int64_t)nnz))
        st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: not a CSR matrix of %u rows: indptr has %llu entries from %lld "
                     "to %lld, indices %llu, data %llu", s->name, s->path, s->n_pre,
                     (unsigned long long)indptr.ni.shape[0], (long long)npz_int(&indptr, 0),
                     indptr.ni.shape[0] ? (long long)npz_int(&indptr, indptr.ni.shape[0] - 1) : 0LL,
                     (unsigned long long)nnz, (unsigned long long)data.ni.shape[0]);
    char why[400];
    for (uint32_t i = 0; !st && i < s->n_pre; i++) {
        int64_t a = npz_int(&indptr, i), b = npz_int(&indptr, i + 1);
        if (a < 0 || b < a || b > (int64_t)nnz) {
            st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: indptr[%u] = %lld, indptr[%u] = %lld do not increase "
                         "within 0 .. %llu", s->name, s->path, i, (long long)a, i + 1, (long long)b,
                         (unsigned long long)nnz);
            break;
        }
        for (int64_t k = a; !st && k < b; k++) {
            int64_t j = npz_int(&indices, (uint64_t)k);
            double w = npz_double(&data, (uint64_t)k);
            if (j < 0 || j >= (int64_t)s->n_post)
                st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: entry %lld (row %u): column %lld is outside 0 .. %u",
                             s->name, s->path, (long long)k, i, (long long)j, s->n_post - 1);
            else if (!isfinite(w))
                st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: entry %lld (row %u, column %lld) is %g, not a finite "
                             "number", s->name, s->path, (long long)k, i, (long long)j, w);
            else if (!take(s, i, (uint32_t)j, w, 0, (uint64_t)k + 1, why, sizeof why))
                st = ax_fail(s->net, AX_ERR_ARGUMENT, "%s: %s: entry %lld (row %u, column %lld): %s", s->name, s->path,
                             (long long)k, i, (long long)j, why);
        }
    }
    free(fmt.bytes);
    free(shape.bytes);
    free(indptr.bytes);
    free(indices.bytes);
    free(data.bytes);
    zip_discard(z);   /* opened read-only: nothing to write */
    return st;
}

/* A message of ax_projection_set_weights / _set_delays that names
 * "(value k)": the place in the file that gave value k added. */
static ax_status placed(target_set *s, ax_status st, ax_graph_format format)
{
    const char *msg = ax_network_get_error(s->net), *v = strstr(msg, "(value ");
    unsigned long long k;
    if (!v || sscanf(v, "(value %llu)", &k) != 1 || k >= s->n || !s->from[k])
        return ax_fail(s->net, st, "%s: %s", s->name, msg);
    char copy[1100];
    snprintf(copy, sizeof copy, "%s", msg);
    uint64_t at = s->from[k];
    if (format == AX_GRAPH_CSV)
        return ax_fail(s->net, st, "%s: %s:%llu: %s", s->name, s->path, (unsigned long long)at, copy);
    if (format == AX_GRAPH_NPZ)
        return ax_fail(s->net, st, "%s: %s: entry %llu: %s", s->name, s->path, (unsigned long long)at - 1, copy);
    return ax_fail(s->net, st, "%s: %s: element [%llu, %llu]: %s", s->name, s->path,
                   (unsigned long long)(at - 1) / s->n_post, (unsigned long long)(at - 1) % s->n_post, copy);
}

/* Delays if they change, then weights; the old delays back when the
 * weights are refused. */
static ax_status apply(target_set *s, ax_graph_format format)
{
    /* compared in steps: a delay written with the decimals of dt is the
     * same delay, and a plastic projection refuses new delays after t = 0 */
    bool new_delays = false;
    double dt = ax_network_get_dt(s->net);
    for (uint64_t q = 0; s->delays && q < s->n; q++)
        new_delays |= !(round(s->d[q] / dt) == round(s->old_d[q] / dt));
    ax_status st = AX_OK;
    if (new_delays && (st = ax_projection_set_delays(s->net, s->proj, s->d, (size_t)s->n)))
        return placed(s, st, format);
    if (s->n && (st = ax_projection_set_weights(s->net, s->proj, s->w, (size_t)s->n))) {
        st = placed(s, st, format);
        if (new_delays) {
            char keep[1100];
            snprintf(keep, sizeof keep, "%s", ax_network_get_error(s->net));
            ax_projection_set_delays(s->net, s->proj, s->old_d, (size_t)s->n);
            ax_fail(s->net, st, "%s", keep);
        }
    }
    return st;
}

ax_status ax_projection_import(ax_network *net, ax_projection proj, const char *path, ax_graph_format format)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_projection_info info;
    ax_status st = ax_projection_get_info(net, proj, &info);
    if (st)
        return st;
    if (!path)
        return ax_fail_null(net, "import", "path");
    target_set s = {.net = net, .path = path, .proj = proj};
    ax_population_info a, b;
    ax_population_get_info(net, info.from, &a);
    ax_population_get_info(net, info.to, &b);
    s.n_pre = a.size;
    s.n_post = b.size;
    s.spiking = info.kind == AX_PROJECTION_STATIC || info.kind == AX_PROJECTION_PLASTIC;
    ax_projection_label_format(s.what, sizeof s.what, proj, info.kind, a.name, b.name);
    snprintf(s.name, sizeof s.name, "import into %s from %.280s", s.what, path);
    if (format != AX_GRAPH_CSV && format != AX_GRAPH_NPY && format != AX_GRAPH_NPZ)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: format %d is not one of AX_GRAPH_CSV, AX_GRAPH_NPY, AX_GRAPH_NPZ",
                       s.name, (int)format);
    ax_network_info ni;
    ax_network_get_info(net, &ni);
    if (!ni.built)
        return ax_fail(net, AX_ERR_STATE, "%s: the network is not built yet (call ax_network_build or ax_network_run "
                       "first; the file sets the values of synapses that exist)", s.name);
    s.n = info.size;
    st = target_make(&s);
    if (!st)
        st = format == AX_GRAPH_CSV ? read_csv(&s) : format == AX_GRAPH_NPY ? read_npy(&s) : read_npz(&s);
    if (ni.ranks > 1) {
        /* every rank read the file: a file that one node lacks stops them
         * all here, before the collective calls that change the synapses */
        ax_error e = {.status = st};
        snprintf(e.message, sizeof e.message, "%s", st ? ax_network_get_error(net) : "");
        if ((st = ax_mpi_agree(st, &e)))
            ax_fail(net, st, "%s", e.message);
    }
    if (!st)
        st = apply(&s, format);
    target_free(&s);
    return st;
}
