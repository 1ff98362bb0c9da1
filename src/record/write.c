/*
 * write.c - recordings to files (docs/model-file.md, "Outputs").
 *
 * One writer for each format, used both for a whole recording written at
 * once (ax_recorder_write_csv/_npy) and for the chunks a streamed
 * recorder appends during a run (stream.c): a header, then the rows the
 * recorder holds.  A whole file goes to "<path>.partial" first and is
 * renamed over <path> only when written and closed without error: an
 * interrupted or failed write never leaves a file that looks complete.
 * Under MPI every rank holds the whole recording (ranks.c) and rank 0
 * alone writes it; every rank returns rank 0's status.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "record/record.h"

ax_status ax_out_open(const ax_network *net, ax_out_file *o, const char *path)
{
    o->path = path;
    if (snprintf(o->tmp, sizeof o->tmp, "%s.partial", path) >= (int)sizeof o->tmp)
        return ax_fail(net, AX_ERR_IO, "write: the path '%.80s...' is too long (%zu characters)", path, strlen(path));
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        int e = errno;   /* fopen allocates its buffer: it can run out of memory */
        return ax_fail(net, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "write: cannot create %s: %s", o->tmp,
                       e == ENOMEM ? "out of memory" : strerror(e));
    }
    return AX_OK;
}

ax_status ax_out_close(const ax_network *net, ax_out_file *o)
{
    int bad = ferror(o->f);
    bad |= fclose(o->f) != 0;
    if (bad || rename(o->tmp, o->path) != 0) {
        int e = errno;
        remove(o->tmp);
        return ax_fail(net, AX_ERR_IO, "write: could not write %s: %s", o->path, strerror(e));
    }
    return AX_OK;
}

/* Decimals that print every multiple of dt exactly (0.1 -> 1, 0.025 -> 3). */
int ax_time_decimals(double dt)
{
    for (int d = 0; d < 12; d++) {
        double scaled = dt * pow(10, d);
        if (fabs(scaled - round(scaled)) < 1e-9 * scaled)
            return d;
    }
    return 12;
}

size_t ax_recorder_columns(const ax_recorder_data *r)
{
    return r->var == AX_VAR_SPIKES ? 2 : r->var != AX_VAR_WEIGHTS ? r->sel.n : r->w->bins ? r->w->bins : r->w->n_syn;
}

/* ---- CSV ---- */

void ax_write_csv_header(FILE *f, const ax_recorder_data *r)
{
    if (r->var == AX_VAR_SPIKES) {
        fputs("time_ms,neuron\n", f);
        return;
    }
    if (r->var == AX_VAR_WEIGHTS && r->w->bins) {
        fputs("time_ms,low,high,count\n", f);
        return;
    }
    fputs("time_ms", f);
    if (r->var == AX_VAR_WEIGHTS)   /* synapse positions */
        for (uint64_t c = 0; c < r->w->n_syn; c++)
            fprintf(f, ",%llu", (unsigned long long)r->w->ids[c]);
    else if (r->sig)                /* a population signal: its name */
        fprintf(f, ",%s", r->sig->name);
    else                            /* neuron indices */
        for (uint32_t c = 0; c < r->sel.n; c++)
            fprintf(f, ",%u", ax_selection_at(&r->sel, c));
    fputc('\n', f);
}

/* Spike rows "time,neuron\n" formatted here rather than by fprintf's
 * "%.*f,%u\n", which cost ~150 ns a row: on Brunel's 466,000 spikes a
 * second, a third of the run's time at two threads went to it (the rows
 * are written while the run goes on).  The same text: a time t whose t x
 * 10^dec lies within 0.25 of an integer n (every multiple of dt, dec =
 * ax_time_decimals) rounds to n at dec decimals, whatever the rounding of
 * the product; a row with any other time goes through fprintf. */
static char *put_uint(char *p, uint64_t v)
{
    char digits[20];
    int n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = digits[--n];
    return p;
}

/* NULL where t is not such a time. */
static char *put_time(char *p, double t, int dec)
{
    static const double pow10[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double y = dec >= 0 && dec < 16 ? t * pow10[dec] : -1.0;
    double n = nearbyint(y);
    if (!(!signbit(y) && y < 0x1p50 && fabs(y - n) < 0.25))   /* not negative (nor -0.0), finite, near n */
        return NULL;
    uint64_t v = (uint64_t)n, scale = (uint64_t)pow10[dec];
    p = put_uint(p, v / scale);
    if (dec > 0) {
        *p++ = '.';
        uint64_t frac = v % scale;
        for (int k = dec - 1; k >= 0; k--, frac /= 10)
            p[k] = (char)('0' + frac % 10);
        p += dec;
    }
    return p;
}

void ax_write_spike_rows(FILE *f, const double *times, const uint32_t *ids, size_t n, int dec)
{
    char buf[1 << 16];
    char *p = buf;
    for (size_t k = 0; k < n; k++) {
        if (p > buf + sizeof buf - 64) {   /* a row is at most 16 + 1 + 15 + 1 + 10 + 1 characters */
            fwrite(buf, 1, (size_t)(p - buf), f);
            p = buf;
        }
        char *q = put_time(p, times[k], dec);
        if (!q) {
            fwrite(buf, 1, (size_t)(p - buf), f);
            p = buf;
            fprintf(f, "%.*f,%u\n", dec, times[k], ids[k]);
            continue;
        }
        p = q;
        *p++ = ',';
        p = put_uint(p, ids[k]);
        *p++ = '\n';
    }
    fwrite(buf, 1, (size_t)(p - buf), f);
}

/* The rows of a sampled recorder (states or weights): time, then `cols` values. */
static void write_samples(FILE *f, const ax_recorder_data *r, size_t cols, int time_dec, int digits)
{
    for (size_t s = 0; s < r->n_samples; s++) {
        fprintf(f, "%.*f", time_dec, r->times[s]);
        const double *row = r->values + s * cols;
        for (size_t c = 0; c < cols; c++)
            fprintf(f, ",%.*g", digits, row[c]);
        fputc('\n', f);
    }
}

void ax_write_csv_rows(FILE *f, const ax_network *net, const ax_recorder_data *r)
{
    int dec = ax_time_decimals(net->dt);
    if (r->var == AX_VAR_SPIKES) {
        ax_write_spike_rows(f, r->spike_times, r->spike_idx, r->n_spikes, dec);
    } else if (r->var != AX_VAR_WEIGHTS) {
        write_samples(f, r, r->sel.n, dec, 10);
    } else if (!r->w->bins) {
        write_samples(f, r, r->w->n_syn, dec, 9);   /* single-precision weights: 9 digits are exact */
    } else {
        const ax_weight_recorder *w = r->w;
        for (size_t s = 0; s < r->n_samples; s++)
            for (uint32_t b = 0; b < w->bins; b++)
                fprintf(f, "%.*f,%.10g,%.10g,%llu\n", dec, r->times[s], w->edges[b], w->edges[b + 1],
                        (unsigned long long)w->counts[s * w->bins + b]);
    }
}

/* ---- NPY ---- */

/* NPY format 1.0: magic, version, little-endian header length, a Python
 * dict literal padded with spaces, then data.  The header always has room
 * for the largest shapes (AX_NPY_HEADER bytes), so that a streamed file
 * can rewrite it in place as rows are appended. */
void ax_write_npy_header(FILE *f, uint64_t rows, uint64_t cols, int two_d)
{
    char dict[AX_NPY_HEADER];
    int n = two_d ? snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%llu, %llu), }",
                             (unsigned long long)rows, (unsigned long long)cols)
                  : snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%llu,), }",
                             (unsigned long long)rows);
    uint16_t hlen = AX_NPY_HEADER - 10;
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    unsigned char len[2] = {(unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    fwrite(len, 1, 2, f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t k = 10 + (size_t)n; k < AX_NPY_HEADER - 1; k++)
        fputc(' ', f);
    fputc('\n', f);
}

/* x86-64 and arm64 are little-endian, as the header says. */
void ax_write_npy_rows(FILE *values, FILE *times, const ax_recorder_data *r)
{
    fwrite(r->values, sizeof(double), r->n_samples * ax_recorder_columns(r), values);
    fwrite(r->times, sizeof(double), r->n_samples, times);
}

/* ---- whole recordings ---- */

/* The recorder `rec` for writing it whole, or NULL (with a message): a
 * streamed recorder's data is in its files, not in memory. */
static ax_status whole(ax_network *net, ax_recorder rec, const ax_recorder_data **out)
{
    const ax_recorder_data *r = *out = ax_recorder_lookup(net, rec, "write recording");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (r->stream)
        return ax_fail(net, AX_ERR_STATE, "write recording: recorder %u streams to %s during runs; its data is there",
                       rec, r->stream->path);
    return AX_OK;
}

ax_status ax_recorder_write_csv(ax_network *net, ax_recorder rec, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r;
    ax_status st = whole(net, rec, &r);
    if (st)
        return st;
    if (!path)
        return ax_fail_null(net, "write recording", "path");
    ax_out_file o;
    if (net->rank == 0 && !(st = ax_out_open(net, &o, path))) {
        ax_write_csv_header(o.f, r);
        ax_write_csv_rows(o.f, net, r);
        st = ax_out_close(net, &o);
    }
    return ax_record_agree_root(net, st);
}

static ax_status write_npy(const ax_network *net, const ax_recorder_data *r, const char *values_path,
                           const char *times_path);

/* Spikes and histograms are CSV only. */
ax_status ax_recorder_check_npy(const ax_network *net, const ax_recorder_data *r, const char *caller)
{
    if (r->var == AX_VAR_SPIKES || (r->var == AX_VAR_WEIGHTS && r->w->bins))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: recorder %u holds %s, which is written as CSV only; NPY takes "
                       "state traces and weights", caller, r->index,
                       r->var == AX_VAR_SPIKES ? "spikes" : "a weight histogram");
    return AX_OK;
}

ax_status ax_recorder_write_npy(ax_network *net, ax_recorder rec, const char *values_path, const char *times_path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r;
    ax_status st = whole(net, rec, &r);
    if (st)
        return st;
    if (!values_path || !times_path)
        return ax_fail_null(net, "write recording", !values_path ? "values_path" : "times_path");
    if ((st = ax_recorder_check_npy(net, r, "write recording")))
        return st;
    return ax_record_agree_root(net, net->rank == 0 ? write_npy(net, r, values_path, times_path) : AX_OK);
}

/* The two NPY files of a whole recording. */
static ax_status write_npy(const ax_network *net, const ax_recorder_data *r, const char *values_path,
                           const char *times_path)
{
    ax_status st;
    ax_out_file v, t;
    if ((st = ax_out_open(net, &v, values_path)))
        return st;
    if ((st = ax_out_open(net, &t, times_path))) {
        fclose(v.f);
        remove(v.tmp);
        return st;
    }
    ax_write_npy_header(v.f, r->n_samples, ax_recorder_columns(r), 1);
    ax_write_npy_header(t.f, r->n_samples, 0, 0);
    ax_write_npy_rows(v.f, t.f, r);
    st = ax_out_close(net, &v);
    ax_status st2 = ax_out_close(net, &t);
    return st ? st : st2;
}
