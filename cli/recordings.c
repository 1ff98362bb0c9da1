/*
 * recordings.c - reading back the files of `axon run`, checked, with a
 * bounded sample of huge ones (recordings.h).
 */
#include "recordings.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/table.h"

/* ---- an evenly spread sample ----
 *
 * Row i (counted among those that qualify) is kept when i is a multiple of
 * `stride`; when `budget` rows are kept, every other one is dropped and the
 * stride doubles.  The sample is every stride-th row, whatever the total. */
typedef struct sampler {
    uint64_t seen, stride;
    size_t kept, budget;
} sampler;

static bool sample_take(sampler *s)
{
    return s->seen++ % s->stride == 0;
}

/* After keeping a row: true when the sample must be halved (keep rows 0, 2, 4, ...). */
static bool sample_full(sampler *s)
{
    if (++s->kept < s->budget)
        return false;
    s->kept = (s->kept + 1) / 2;
    s->stride *= 2;
    return true;
}

static void copy_err(char *err, size_t len, const char *msg) { snprintf(err, len, "%s", msg); }

/* ---- spikes ---- */

void rec_spikes_free(rec_spikes *s)
{
    free(s->t);
    free(s->id);
    free(s->counts);
    memset(s, 0, sizeof *s);
}

static int spikes_fail(ax_table *t, rec_spikes *out, char *err, size_t len)
{
    copy_err(err, len, t->message);
    ax_table_close(t);
    rec_spikes_free(out);
    return -1;
}

int rec_read_spikes(const char *path, const char *pop, uint32_t n_neurons, const rec_window *w, rec_spikes *out,
                    char *err, size_t len)
{
    memset(out, 0, sizeof *out);
    size_t budget = w->budget < 2 ? 2 : w->budget;
    ax_table t;
    if (ax_table_open(&t, path, AX_TABLE_ANY_SIZE, AX_TABLE_HEADER | AX_TABLE_MAY_BE_CUT))
        return spikes_fail(&t, out, err, len);
    if (t.n_columns && (t.n_columns != 2 || strcmp(ax_table_column(&t, 0), "time_ms") ||
                        strcmp(ax_table_column(&t, 1), "neuron"))) {
        ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "the header is not 'time_ms,neuron': this is no spike recording of axon run");
        return spikes_fail(&t, out, err, len);
    }
    size_t cap = budget < 4096 ? budget : 4096;
    out->t = malloc(cap * sizeof *out->t);
    out->id = malloc(cap * sizeof *out->id);
    out->counts = calloc(w->n_bins ? w->n_bins : 1, sizeof *out->counts);
    if (!out->t || !out->id || !out->counts) {
        rec_spikes_free(out);
        ax_table_close(&t);
        snprintf(err, len, "%s: out of memory", path);
        return -1;
    }
    char what[200];
    snprintf(what, sizeof what, "the neurons of '%.100s'", pop);
    uint64_t limit = n_neurons ? n_neurons : (uint64_t)UINT32_MAX + 1;
    sampler s = {0, 1, 0, budget};
    double prev = 0;
    int r;
    while ((r = ax_table_next(&t)) > 0) {
        double time;
        uint32_t id;
        if (ax_table_time(&t, 0, &time) || ax_table_index(&t, 1, limit, what, &id))
            return spikes_fail(&t, out, err, len);
        if (time < prev) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, 0, "%s ms is before the previous spike's %g ms: spikes are in time order",
                          ax_table_field(&t, 0), prev);
            return spikes_fail(&t, out, err, len);
        }
        prev = time;
        out->total++;
        out->last_t = time;
        if (id >= out->n_ids)
            out->n_ids = id + 1;
        if (time > w->t0 && time <= w->t1 && w->n_bins) {   /* spike times are step ends: (t0, t1] */
            size_t b = (size_t)((time - w->t0 - 1e-9) / w->bin_ms);
            out->counts[b < w->n_bins ? b : w->n_bins - 1] += 1;
        }
        if (time < w->t0 || time > w->t1)
            continue;
        out->in_range++;
        if (!sample_take(&s))
            continue;
        if (out->n == cap) {
            cap = cap * 2 < budget ? cap * 2 : budget;
            double *tt = realloc(out->t, cap * sizeof *tt);
            if (tt)
                out->t = tt;
            uint32_t *ii = realloc(out->id, cap * sizeof *ii);
            if (ii)
                out->id = ii;
            if (!tt || !ii) {
                rec_spikes_free(out);
                ax_table_close(&t);
                snprintf(err, len, "%s: out of memory", path);
                return -1;
            }
        }
        out->t[out->n] = time;
        out->id[out->n++] = id;
        if (sample_full(&s)) {
            for (size_t k = 0; 2 * k < out->n; k++) {
                out->t[k] = out->t[2 * k];
                out->id[k] = out->id[2 * k];
            }
            out->n = (out->n + 1) / 2;
        }
    }
    if (r < 0)
        return spikes_fail(&t, out, err, len);
    out->cut = t.cut;
    ax_table_close(&t);
    return 0;
}

/* ---- tables ---- */

void rec_table_free(rec_table *t)
{
    free(t->data);
    free(t->ids);
    memset(t, 0, sizeof *t);
}

static const char *const expected_header[] = {"time_ms", "time_ms,low,high,count", "source,target,weight,delay"};

static int table_fail(ax_table *t, rec_table *out, char *err, size_t len)
{
    copy_err(err, len, t->message);
    ax_table_close(t);
    rec_table_free(out);
    return -1;
}

static bool header_ok(const ax_table *t, rec_kind kind)
{
    if (kind == REC_SAMPLES)
        return t->n_columns >= 1 && !strcmp(ax_table_column(t, 0), "time_ms");
    char joined[64] = "";
    for (size_t k = 0; k < t->n_columns && strlen(joined) + strlen(ax_table_column(t, k)) + 2 < sizeof joined; k++)
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", k ? "," : "", ax_table_column(t, k));
    return !strcmp(joined, expected_header[kind]);
}

/* Checks row `t` as a row of `kind`, its values to row[0 .. cols). */
static bool check_row(ax_table *t, rec_kind kind, double *row, size_t cols, double *prev_time)
{
    double x;
    for (size_t k = 0; k < t->n_fields; k++) {
        ax_status st;
        if (kind == REC_SYNAPSES && k < 2) {
            uint32_t id;
            st = ax_table_index(t, k, (uint64_t)UINT32_MAX + 1, k ? "targets" : "sources", &id);
            x = id;
        } else if (kind != REC_SYNAPSES && k == 0) {
            st = ax_table_time(t, 0, &x);
            if (!st && x < *prev_time)
                st = ax_table_fail(t, AX_ERR_ARGUMENT, 0, "%s ms is before the previous row's %g ms: rows are in time order",
                                   ax_table_field(t, 0), *prev_time);
            *prev_time = x;
        } else if (kind == REC_SAMPLES) {
            st = ax_table_value(t, k, &x);   /* a run that blew up records nan */
        } else {
            st = ax_table_number(t, k, &x);
        }
        if (!st && kind == REC_HISTOGRAM && k == 3 && (x < 0 || x != floor(x)))
            st = ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%s' is not a count (a whole number >= 0)", ax_table_field(t, k));
        if (!st && kind == REC_HISTOGRAM && k == 2 && !(x > row[1]))
            st = ax_table_fail(t, AX_ERR_ARGUMENT, k, "the bin's high edge %s is not above its low edge %g", ax_table_field(t, k),
                               row[1]);
        if (!st && kind == REC_SYNAPSES && k == 3 && x < 0)
            st = ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%s' is not allowed: delays are >= 0 ms", ax_table_field(t, k));
        if (st)
            return false;
        if (k < cols)
            row[k] = x;
    }
    return true;
}

int rec_read_csv(const char *path, rec_kind kind, size_t max_cols, size_t budget, rec_table *out, char *err,
                 size_t len)
{
    memset(out, 0, sizeof *out);
    budget = budget < 2 ? 2 : budget;
    ax_table t;
    if (ax_table_open(&t, path, AX_TABLE_ANY_SIZE, AX_TABLE_HEADER | AX_TABLE_MAY_BE_CUT))
        return table_fail(&t, out, err, len);
    if (t.n_columns == 0) {   /* empty, or stopped before its header was complete */
        ax_table_close(&t);
        return 0;
    }
    if (!header_ok(&t, kind)) {
        ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "the header does not start '%s': this is no recording of axon run",
                      expected_header[kind]);
        return table_fail(&t, out, err, len);
    }
    out->file_cols = t.n_columns;
    out->cols = t.n_columns < max_cols ? t.n_columns : max_cols;
    out->ids = malloc(out->cols * sizeof *out->ids);
    size_t cap = budget < 1024 ? budget : 1024;
    out->data = malloc(cap * out->cols * sizeof *out->data);
    double *row = malloc(out->cols * sizeof *row);
    if (!out->ids || !out->data || !row) {
        free(row);
        ax_table_close(&t);
        rec_table_free(out);
        snprintf(err, len, "%s: out of memory", path);
        return -1;
    }
    for (size_t c = 0; c < out->cols; c++) {
        char *end;
        const char *name = ax_table_column(&t, c);
        out->ids[c] = strtod(name, &end);
        if (end == name || *end)
            out->ids[c] = NAN;
    }
    sampler s = {0, 1, 0, budget};
    double prev = 0;
    int r;
    while ((r = ax_table_next(&t)) > 0) {
        if (!check_row(&t, kind, row, out->cols, &prev))
            break;
        out->total++;
        if (!sample_take(&s))
            continue;
        if (out->rows == cap) {
            cap = cap * 2 < budget ? cap * 2 : budget;
            double *d = realloc(out->data, cap * out->cols * sizeof *d);
            if (!d) {
                ax_table_fail(&t, AX_ERR_MEMORY, SIZE_MAX, "out of memory");
                break;
            }
            out->data = d;
        }
        memcpy(out->data + out->rows++ * out->cols, row, out->cols * sizeof *row);
        if (sample_full(&s)) {
            for (size_t k = 0; 2 * k < out->rows; k++)
                memmove(out->data + k * out->cols, out->data + 2 * k * out->cols, out->cols * sizeof *row);
            out->rows = (out->rows + 1) / 2;
        }
    }
    free(row);
    if (t.status)
        return table_fail(&t, out, err, len);
    out->cut = t.cut;
    ax_table_close(&t);
    return 0;
}

/* ---- NPY ---- */

typedef struct npy {
    int fd;
    uint64_t rows, cols;     /* cols = 1 for a 1-d array */
    uint64_t data_at;        /* offset of the data */
    int dims;
} npy;

/* Opens an NPY file as axon writes it: version 1 or 2, '<f8', C order,
 * 1 or 2 dimensions, as many data bytes as the shape needs (or more: a
 * stopped run may have written part of the next rows). */
static int npy_open(const char *path, npy *n, char *err, size_t len)
{
    memset(n, 0, sizeof *n);
    n->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (n->fd < 0 || fstat(n->fd, &st) != 0) {
        snprintf(err, len, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, len, "%s: is not a regular file: give the NPY file axon run wrote", path);
        return -1;
    }
    unsigned char head[12];
    ssize_t got = pread(n->fd, head, sizeof head, 0);
    if (got < 10 || memcmp(head, "\x93NUMPY", 6) || (head[6] != 1 && head[6] != 2)) {
        snprintf(err, len, "%s: not an NPY file (version 1 or 2): the first bytes are not \\x93NUMPY", path);
        return -1;
    }
    uint64_t hlen = head[6] == 1 ? (uint64_t)head[8] | (uint64_t)head[9] << 8
                                 : (uint64_t)head[8] | (uint64_t)head[9] << 8 | (uint64_t)head[10] << 16 |
                                       (uint64_t)head[11] << 24;
    uint64_t at = head[6] == 1 ? 10 : 12;
    char dict[4096];
    if (hlen == 0 || hlen >= sizeof dict || at + hlen > (uint64_t)st.st_size ||
        pread(n->fd, dict, hlen, (off_t)at) != (ssize_t)hlen) {
        snprintf(err, len, "%s: the NPY header is %llu bytes, in a file of %lld bytes: the file is damaged", path,
                 (unsigned long long)hlen, (long long)st.st_size);
        return -1;
    }
    dict[hlen] = '\0';
    if (!strstr(dict, "'descr': '<f8'") || !strstr(dict, "'fortran_order': False")) {
        snprintf(err, len, "%s: the NPY data is not float64 ('<f8') in C order: this is no recording of axon run",
                 path);
        return -1;
    }
    const char *shape = strstr(dict, "'shape': (");
    unsigned long long r = 0, c = 1;
    int dims = 0;
    char close1 = 0;
    if (shape) {
        int k = sscanf(shape, "'shape': (%llu, %llu%c", &r, &c, &close1);
        if (k == 3 && close1 == ')')
            dims = 2;
        else if (sscanf(shape, "'shape': (%llu,%c", &r, &close1) == 2 && close1 == ')')
            dims = 1, c = 1;
    }
    if (!dims) {
        snprintf(err, len, "%s: the NPY header has no shape of 1 or 2 dimensions: %.200s", path, dict);
        return -1;
    }
    n->rows = r;
    n->cols = c;
    n->dims = dims;
    n->data_at = at + hlen;
    uint64_t data = (uint64_t)st.st_size - n->data_at;
    if (c && r > data / 8 / c) {
        snprintf(err, len, "%s: the shape (%llu, %llu) needs %llu bytes of data; the file has %llu: it is cut short",
                 path, r, c, (unsigned long long)(r * c * 8), (unsigned long long)data);
        return -1;
    }
    return 0;
}

static bool npy_read(const npy *n, uint64_t row, double *out, uint64_t count)
{
    size_t bytes = (size_t)count * 8;
    return pread(n->fd, out, bytes, (off_t)(n->data_at + row * n->cols * 8)) == (ssize_t)bytes;
}

int rec_read_npy(const char *values_path, const char *times_path, size_t max_cols, size_t budget, rec_table *out,
                 char *err, size_t len)
{
    memset(out, 0, sizeof *out);
    budget = budget < 2 ? 2 : budget;
    npy v, tm;
    int status = npy_open(values_path, &v, err, len);
    if (!status)
        status = npy_open(times_path, &tm, err, len);
    else
        tm.fd = -1;
    if (!status && (v.dims != 2 || tm.dims != 1)) {
        snprintf(err, len, "%s: expected values of 2 dimensions (samples x columns) and times of 1", values_path);
        status = -1;
    }
    double *row = NULL;
    if (!status) {
        uint64_t rows = v.rows < tm.rows ? v.rows : tm.rows;   /* a stopped run: the common part */
        uint64_t stride = 1;
        while (rows / stride > budget)
            stride *= 2;
        out->total = rows;
        out->file_cols = (size_t)v.cols + 1;
        out->cols = out->file_cols < max_cols ? out->file_cols : max_cols;
        out->rows = (size_t)((rows + stride - 1) / stride);
        out->data = malloc((out->rows ? out->rows : 1) * out->cols * sizeof *out->data);
        out->ids = malloc(out->cols * sizeof *out->ids);
        row = malloc((v.cols ? v.cols : 1) * sizeof *row);
        if (!out->data || !out->ids || !row) {
            snprintf(err, len, "%s: out of memory", values_path);
            status = -1;
        }
        for (size_t c = 0; !status && c < out->cols; c++)
            out->ids[c] = NAN;
        double prev = 0;
        /* every time is checked; the values of the rows kept */
        for (uint64_t r = 0; !status && r < rows; r++) {
            double time;
            if (!npy_read(&tm, r, &time, 1)) {
                snprintf(err, len, "%s: read error", times_path);
                status = -1;
            } else if (!isfinite(time) || time < 0 || time < prev) {
                snprintf(err, len, "%s: sample %llu: time %g ms is not allowed: times are finite, >= 0 and in order",
                         times_path, (unsigned long long)r, time);
                status = -1;
            }
            prev = time;
            if (status || r % stride)
                continue;
            double *dst = out->data + (r / stride) * out->cols;
            dst[0] = time;
            if (!npy_read(&v, r, row, v.cols)) {
                snprintf(err, len, "%s: read error", values_path);
                status = -1;
            } else if (out->cols > 1) {
                memcpy(dst + 1, row, (out->cols - 1) * sizeof *row);
            }
        }
    }
    free(row);
    if (v.fd >= 0)
        close(v.fd);
    if (tm.fd >= 0)
        close(tm.fd);
    if (status)
        rec_table_free(out);
    return status;
}

int rec_scan_npy(const char *values_path, const char *times_path, rec_row_fn fn, void *ctx, char *err, size_t len)
{
    npy v, tm;
    int status = npy_open(values_path, &v, err, len);
    if (!status)
        status = npy_open(times_path, &tm, err, len);
    else
        tm.fd = -1;
    if (!status && (v.dims != 2 || tm.dims != 1)) {
        snprintf(err, len, "%s: expected values of 2 dimensions (samples x columns) and times of 1", values_path);
        status = -1;
    }
    double *row = status ? NULL : malloc((v.cols ? v.cols : 1) * sizeof *row);
    if (!status && !row) {
        snprintf(err, len, "%s: out of memory", values_path);
        status = -1;
    }
    uint64_t rows = status ? 0 : v.rows < tm.rows ? v.rows : tm.rows;   /* a stopped run: the common part */
    double prev = 0;
    for (uint64_t r = 0; !status && r < rows; r++) {
        double time;
        if (!npy_read(&tm, r, &time, 1) || !npy_read(&v, r, row, v.cols)) {
            snprintf(err, len, "%s: read error", values_path);
            status = -1;
        } else if (!isfinite(time) || time < 0 || time < prev) {
            snprintf(err, len, "%s: sample %llu: time %g ms is not allowed: times are finite, >= 0 and in order",
                     times_path, (unsigned long long)r, time);
            status = -1;
        } else {
            prev = time;
            status = fn(ctx, time, row, (size_t)v.cols);
        }
    }
    free(row);
    if (v.fd >= 0)
        close(v.fd);
    if (tm.fd >= 0)
        close(tm.fd);
    return status;
}
