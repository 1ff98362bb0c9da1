/*
 * stream.c - recorders that write to their files during a run.
 *
 * A streamed recorder keeps in memory only what it recorded since its
 * last write.  ax_network_run cuts a run into chunks (ax_record_chunk_end
 * chooses where, so that the held recordings stay within the network's
 * record buffer, and the loop also ends a chunk after AX_CHUNK_WALL_S of
 * wall time); after each chunk every streamed recorder appends its rows
 * to its file with the same writer as a whole file (write.c), flushes it
 * and drops them.  The files are therefore complete and valid at every
 * chunk boundary: CSV rows are whole lines, and an NPY file's header,
 * rewritten in place after the rows are appended, never counts a row that
 * is not there yet.  Chunks are like consecutive runs, which give the
 * same results as one run, so streaming changes nothing but memory.
 *
 * Under MPI every rank holds the whole recording after each chunk
 * (ranks.c), and rank 0 alone opens and writes the files; every rank
 * returns rank 0's status.  The chunk ends follow from the merged
 * recordings, hence are the same on every rank.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "record/record.h"

/* A chunk never starts with more than this many steps before the
 * recordings' rate is known; each chunk may be at most 4 times the last. */
#define FIRST_CHUNK_MS 10.0
#define CHUNK_GROWTH 4

void ax_stream_free(ax_stream *s)
{
    if (!s)
        return;
    if (s->f)
        fclose(s->f);
    if (s->times)
        fclose(s->times);
    free(s->path);
    free(s->times_path);
    free(s);
}

/* (Re)creates the stream's files, empty: they get their header when a
 * run starts (a weight recorder's columns are known after the build). */
static ax_status stream_create(const ax_network *net, ax_stream *s, const char *caller)
{
    const char *paths[2] = {s->path, s->times_path};
    FILE **files[2] = {&s->f, &s->times};
    for (int k = 0; k < 2 && paths[k] && net->rank == 0; k++) {
        if (*files[k])
            fclose(*files[k]);
        *files[k] = fopen(paths[k], "wb");
        if (!*files[k]) {
            int e = errno;
            return ax_fail(net, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "%s: cannot create %s: %s", caller,
                           paths[k], strerror(e));
        }
    }
    s->headed = false;
    s->rows = 0;
    s->failed = false;
    return AX_OK;
}

static ax_status stream_to(ax_network *net, ax_recorder rec, const char *path, const char *times_path, bool npy)
{
    const char *caller = npy ? "stream recording (NPY)" : "stream recording (CSV)";
    ax_recorder_data *r = ax_recorder_lookup(net, rec, caller);
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!path || (npy && !times_path))
        return ax_fail_null(net, caller, !path ? (npy ? "values_path" : "path") : "times_path");
    ax_status st = npy ? ax_recorder_check_npy(net, r, caller) : AX_OK;
    if (st)
        return st;
    if (r->stream)
        return ax_fail(net, AX_ERR_STATE, "%s: recorder %u already streams to %s", caller, rec, r->stream->path);
    ax_stream *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path)) || (npy && !(s->times_path = strdup(times_path)))) {
        ax_stream_free(s);
        return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", caller);
    }
    s->npy = npy;
    if ((st = ax_record_agree_root(net, stream_create(net, s, caller)))) {
        ax_stream_free(s);
        return st;
    }
    r->stream = s;
    net->n_streams++;
    return AX_OK;
}

ax_status ax_recorder_stream_csv(ax_network *net, ax_recorder rec, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    return stream_to(net, rec, path, NULL, false);
}

ax_status ax_recorder_stream_npy(ax_network *net, ax_recorder rec, const char *values_path, const char *times_path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    return stream_to(net, rec, values_path, times_path, true);
}

ax_status ax_network_set_record_buffer(ax_network *net, size_t bytes)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (bytes < 1024)
        return ax_fail(net, AX_ERR_ARGUMENT, "set record buffer: %zu bytes is not allowed: must be >= 1024", bytes);
    net->record_buffer = bytes;
    return AX_OK;
}

/* The NPY header as it stands after `rows` rows, written in place. */
static void npy_headers(ax_stream *s, size_t cols)
{
    long end = ftell(s->f), tend = ftell(s->times);
    fseek(s->f, 0, SEEK_SET);
    ax_write_npy_header(s->f, s->rows, cols, 1);
    fseek(s->times, 0, SEEK_SET);
    ax_write_npy_header(s->times, s->rows, 0, 0);
    if (end > AX_NPY_HEADER)
        fseek(s->f, end, SEEK_SET);
    if (tend > AX_NPY_HEADER)
        fseek(s->times, tend, SEEK_SET);
}

/* Flushes both files; a message naming the file when something failed. */
static ax_status stream_sync(const ax_network *net, ax_stream *s)
{
    const char *paths[2] = {s->path, s->times_path};
    FILE *files[2] = {s->f, s->times};
    for (int k = 0; k < 2 && files[k]; k++)
        if (fflush(files[k]) != 0 || ferror(files[k])) {
            s->failed = true;
            return ax_fail(net, AX_ERR_IO, "run: could not write the recording %s: %s", paths[k], strerror(errno));
        }
    return AX_OK;
}

void ax_record_stream_begin(ax_network *net)
{
    for (uint32_t k = 0; net->n_streams && k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        ax_stream *s = r->stream;
        if (!s || s->headed)
            continue;
        s->headed = true;
        if (!s->f)
            continue;   /* another rank than 0: rank 0 writes */
        if (s->npy)
            npy_headers(s, ax_recorder_columns(r));
        else
            ax_write_csv_header(s->f, r);
    }
}

ax_status ax_record_flush(ax_network *net)
{
    ax_status first = AX_OK;
    for (uint32_t k = 0; net->n_streams && k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        ax_stream *s = r->stream;
        if (!s)
            continue;
        if (s->failed) {
            if (!first)
                first = ax_fail(net, AX_ERR_IO, "run: the recording %s could not be written earlier; it is "
                                "incomplete", s->path);
            continue;
        }
        if (!s->f) {
            /* another rank than 0: it holds what rank 0 writes, and drops it too */
        } else if (s->npy) {
            ax_write_npy_rows(s->f, s->times, r);
            s->rows += r->n_samples;
            if (fflush(s->f) == 0 && fflush(s->times) == 0)   /* the rows are there before the header counts them */
                npy_headers(s, ax_recorder_columns(r));
        } else {
            ax_write_csv_rows(s->f, net, r);
        }
        ax_status st = s->f ? stream_sync(net, s) : AX_OK;
        if (st && !first)
            first = st;
        /* what was written is dropped; the sample rows go on from here */
        r->n_spikes = 0;
        if (r->var == AX_VAR_WEIGHTS)
            r->w->skipped += r->n_samples;
        r->n_samples = 0;
    }
    return net->n_streams ? ax_record_agree_root(net, first) : first;
}

ax_status ax_record_stream_restart(ax_network *net)
{
    for (uint32_t k = 0; net->n_streams && k < net->n_recs; k++) {
        ax_stream *s = net->recs[k]->stream;
        ax_status st = s ? ax_record_agree_root(net, stream_create(net, s, "restart recording")) : AX_OK;
        if (st)
            return st;
    }
    return AX_OK;
}

/* Bytes a recorder holds for each step it records (spikes: estimated from
 * the rate so far, 24 bytes a spike in the threads' chunks and merged). */
static double bytes_per_step(const ax_network *net, const ax_recorder_data *r)
{
    if (r->var == AX_VAR_SPIKES)
        return 24.0 * r->stream->spikes_per_step;
    if (r->var != AX_VAR_WEIGHTS)
        return 8.0 * (r->sel.n + 1) / r->interval;
    const ax_weight_recorder *w = r->w;
    double cols = w->bins ? (double)w->bins * (net->threads + 1) : (double)w->n_syn;
    return w->interval ? 8.0 * (cols + 1) / (double)w->interval : 0.0;   /* at given times: few */
}

int64_t ax_record_chunk_end(ax_network *net, int64_t t0, int64_t t_end)
{
    if (!net->n_streams)
        return t_end;
    double per_step = 0;
    for (uint32_t k = 0; k < net->n_recs; k++)
        if (net->recs[k]->stream)
            per_step += bytes_per_step(net, net->recs[k]);
    double steps = per_step > 0 ? (double)net->record_buffer / per_step : (double)(t_end - t0);
    double first = FIRST_CHUNK_MS / net->dt;
    double cap = net->last_chunk_steps ? (double)net->last_chunk_steps * CHUNK_GROWTH : first;
    if (steps > cap)
        steps = cap;
    const int64_t W = net->window;
    int64_t end = steps >= (double)(t_end - t0) ? t_end : ((t0 + (int64_t)steps) / W) * W;
    if (end <= t0)   /* at least to the next window boundary */
        end = (t0 / W + 1) * W;
    return end < t_end ? end : t_end;
}

void ax_record_chunk_done(ax_network *net, int64_t t0, int64_t t1)
{
    if (!net->n_streams || t1 <= t0)
        return;
    net->last_chunk_steps = t1 - t0;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        if (r->stream && r->var == AX_VAR_SPIKES) {
            /* what it holds now came in this chunk (the last one was
             * written); twice its rate leaves room for the rate to rise */
            r->stream->spikes_per_step = 2.0 * (double)r->n_spikes / (double)(t1 - t0);
        }
    }
}
