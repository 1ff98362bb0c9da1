/*
 * write.c - recordings to files (docs/model-file.md, "Outputs").
 *
 * Every file goes to "<path>.partial" first and is renamed over <path>
 * only when written and closed without error: an interrupted or failed
 * write never leaves a file that looks complete.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static ax_status write_spikes_csv(ax_network *net, const ax_recorder_data *r, const char *path)
{
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, path);
    if (st)
        return st;
    int dec = ax_time_decimals(net->dt);
    fputs("time_ms,neuron\n", o.f);
    for (size_t k = 0; k < r->n_spikes; k++)
        fprintf(o.f, "%.*f,%u\n", dec, r->spike_times[k], r->spike_idx[k]);
    return ax_out_close(net, &o);
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

static ax_status write_trace_csv(ax_network *net, const ax_recorder_data *r, const char *path)
{
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, path);
    if (st)
        return st;
    int dec = ax_time_decimals(net->dt);
    fputs("time_ms", o.f);
    for (uint32_t c = 0; c < r->sel.n; c++)
        fprintf(o.f, ",%u", ax_selection_at(&r->sel, c));
    fputc('\n', o.f);
    write_samples(o.f, r, r->sel.n, dec, 10);
    return ax_out_close(net, &o);
}

/* NPY format 1.0: magic, version, little-endian header length, a Python
 * dict literal padded with spaces to a multiple of 64 bytes, then data. */
static void npy_header(FILE *f, size_t rows, size_t cols, int two_d)
{
    char dict[128];
    int n = two_d ? snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu, %zu), }",
                             rows, cols)
                  : snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu,), }",
                             rows);
    size_t total = 10 + (size_t)n + 1, padded = (total + 63) / 64 * 64;
    uint16_t hlen = (uint16_t)(padded - 10);
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    unsigned char len[2] = {(unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    fwrite(len, 1, 2, f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t k = total; k < padded; k++)
        fputc(' ', f);
    fputc('\n', f);
}

/* The samples of a sampled recorder as two NPY files: values (samples x
 * cols) and times. */
static ax_status write_samples_npy(ax_network *net, const ax_recorder_data *r, size_t cols, const char *values_path,
                                   const char *times_path)
{
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, values_path);
    if (st)
        return st;
    npy_header(o.f, r->n_samples, cols, 1);
    fwrite(r->values, sizeof(double), r->n_samples * cols, o.f);   /* x86-64 and arm64 are little-endian */
    if ((st = ax_out_close(net, &o)))
        return st;
    if ((st = ax_out_open(net, &o, times_path)))
        return st;
    npy_header(o.f, r->n_samples, 0, 0);
    fwrite(r->times, sizeof(double), r->n_samples, o.f);
    return ax_out_close(net, &o);
}

/* ---- weights (record/weights.c) ---- */

static ax_status write_weights_csv(ax_network *net, const ax_recorder_data *r, const char *path)
{
    const ax_weight_recorder *w = r->w;
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, path);
    if (st)
        return st;
    int dec = ax_time_decimals(net->dt);
    fputs("time_ms", o.f);
    for (uint64_t c = 0; c < w->n_syn; c++)
        fprintf(o.f, ",%llu", (unsigned long long)w->ids[c]);
    fputc('\n', o.f);
    write_samples(o.f, r, w->n_syn, dec, 9);   /* single-precision weights: 9 digits are exact */
    return ax_out_close(net, &o);
}

static ax_status write_histogram_csv(ax_network *net, const ax_recorder_data *r, const char *path)
{
    const ax_weight_recorder *w = r->w;
    ax_out_file o;
    ax_status st = ax_out_open(net, &o, path);
    if (st)
        return st;
    int dec = ax_time_decimals(net->dt);
    fputs("time_ms,low,high,count\n", o.f);
    for (size_t s = 0; s < r->n_samples; s++)
        for (uint32_t b = 0; b < w->bins; b++)
            fprintf(o.f, "%.*f,%.10g,%.10g,%llu\n", dec, r->times[s], w->edges[b], w->edges[b + 1],
                    (unsigned long long)w->counts[s * w->bins + b]);
    return ax_out_close(net, &o);
}

ax_status ax_recorder_write_csv(ax_network *net, ax_recorder rec, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r = ax_recorder_lookup(net, rec, "write recording");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!path)
        return ax_fail_null(net, "write recording", "path");
    if (r->var == AX_VAR_SPIKES)
        return write_spikes_csv(net, r, path);
    if (r->var != AX_VAR_WEIGHTS)
        return write_trace_csv(net, r, path);
    return r->w->bins ? write_histogram_csv(net, r, path) : write_weights_csv(net, r, path);
}

ax_status ax_recorder_write_npy(ax_network *net, ax_recorder rec, const char *values_path, const char *times_path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r = ax_recorder_lookup(net, rec, "write recording");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!values_path || !times_path)
        return ax_fail_null(net, "write recording", !values_path ? "values_path" : "times_path");
    if (r->var == AX_VAR_SPIKES || (r->var == AX_VAR_WEIGHTS && r->w->bins))
        return ax_fail(net, AX_ERR_ARGUMENT, "write recording: recorder %u holds %s, which is written as CSV only "
                       "(ax_recorder_write_csv); NPY takes state traces and weights", rec,
                       r->var == AX_VAR_SPIKES ? "spikes" : "a weight histogram");
    return write_samples_npy(net, r, r->var == AX_VAR_WEIGHTS ? r->w->n_syn : r->sel.n, values_path, times_path);
}

