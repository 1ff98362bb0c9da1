/*
 * record.h - the functions of record/: spike, state and weight recorders
 * as the step loop feeds them, and the files they are written to.
 */
#ifndef AX_RECORD_H
#define AX_RECORD_H

#include <stdio.h>

#include "net/net.h"

/* record.c: before a run, room for the samples of steps up to t_end;
 * after it, the threads' spikes merged in time order (AX_ERR_MEMORY, and
 * the network marked failed, when a recorder could not keep them).  During
 * the run, thread `thread` keeps a spike (returns -1 when out of memory)
 * and takes the state samples of neurons [begin, end) at `step`. */
ax_status ax_record_prepare_run(ax_network *net, int64_t t0, int64_t t_end);
ax_status ax_record_finish_run(ax_network *net, int64_t t0, int64_t t_stop);
/* Drops every recording: the recorders start again at `step` (0 after a
 * reset, a checkpoint's time after a restore), where their sample times
 * follow from the clock; streamed files are created again, empty. */
ax_status ax_record_restart(ax_network *net, int64_t step);
int ax_record_spike(ax_recorder_data *rec, int thread, int64_t step, uint32_t neuron);
void ax_record_sample(const ax_network *net, ax_recorder_data *rec, const ax_population_data *p, uint32_t begin,
                      uint32_t end, int64_t step);
void ax_recorder_data_free(ax_recorder_data *r, int threads);

/* ranks.c: recordings under MPI (each collective when net->ranks > 1,
 * nothing with one rank).  After a chunk: the spikes r holds from index
 * `from` on (this rank's) replaced by every rank's, merged in (step,
 * index) order (-1, and the chunk dropped on every rank, when out of
 * memory on some rank - `failed` says this one already is); the sample
 * rows [row0, row0 + rows) completed with the other ranks' columns (-1
 * when out of memory on some rank).  A status every rank returns: the
 * lowest failing rank's (with its message), or rank 0's (for what rank 0
 * alone did, such as writing files). */
int ax_record_gather_spikes(const ax_network *net, ax_recorder_data *r, size_t from, bool failed);
int ax_record_gather_rows(const ax_network *net, ax_recorder_data *r, size_t row0, size_t rows);
ax_status ax_record_agree(const ax_network *net, ax_status st);
ax_status ax_record_agree_root(const ax_network *net, ax_status st);

/* weights.c: weight recorders.  After the build: resolves the
 * selections (which synapses each thread samples).  Before a run: the same
 * if not done, and allocates the samples of steps up to t_end; the
 * next sample step after `after` (INT64_MAX: none); thread k takes the
 * samples due at step boundary T for its own synapses; after the run. */
ax_status ax_weights_resolve(ax_network *net);
ax_status ax_weights_prepare_run(ax_network *net, int64_t t0, int64_t t_end);
int64_t ax_weights_next_step(const ax_network *net, int64_t after);
void ax_weights_sample(const ax_network *net, int k, int64_t T);
void ax_weights_finish_run(ax_network *net, int64_t t_stop);
void ax_weights_restart(ax_network *net, int64_t step);
void ax_weight_recorder_free(ax_weight_recorder *w, int threads);

/* Recorder `rec`, or NULL with an error that names `caller` and the
 * handle; the same when it is not of that kind, naming what it records. */
ax_recorder_data *ax_recorder_lookup(const ax_network *net, ax_recorder rec, const char *caller);
ax_recorder_data *ax_recorder_lookup_kind(const ax_network *net, ax_recorder rec, ax_recorder_kind kind,
                                          const char *caller);

/* signal.c: population signals.  Before a run: EEG coefficients and the
 * accumulators; thread k adds the terms of its neurons [b, e) at step s;
 * thread 0 writes the samples of window [w0, w1) after its barrier. */
ax_status ax_signal_prepare(ax_network *net);
void ax_signal_add(const ax_network *net, const ax_recorder_data *rec, const ax_population_data *p, int k,
                   uint32_t b, uint32_t e, int64_t s);
void ax_signal_window(const ax_network *net, int64_t w0, int64_t w1);
void ax_signal_free(ax_signal_data *g);
/* After a reset or restore: the LFP's delayed term starts again from 0. */
void ax_signal_restart(ax_signal_data *g);
/* checkpoints: the LFP recorders' delayed sums (an optional section) */
struct ax_writer;
struct ax_reader;
void ax_signals_save(const ax_network *net, struct ax_writer *w);
ax_status ax_signals_load(ax_network *net, struct ax_reader *r, bool apply);

/* stream.c: a recorder written to its file(s) during runs. */
struct ax_stream {
    FILE *f, *times;         /* CSV, or NPY values and times */
    char *path, *times_path;
    bool npy;
    bool headed;             /* the header is written (when a run starts) */
    bool failed;             /* a write failed: the file is incomplete */
    uint64_t rows;           /* NPY: rows in the file */
    double spikes_per_step;  /* spikes: expected rate (bytes held per chunk) */
};
/* Before a run's first chunk: the header of new streams; the end of the
 * next chunk of a run from t0 to t_end (t_end when nothing streams);
 * after a chunk (before ax_record_flush): what it tells about the rates;
 * after each chunk: every stream's rows appended and dropped from memory;
 * after a reset or restore: the files started again; freeing one. */
void ax_record_stream_begin(ax_network *net);
int64_t ax_record_chunk_end(ax_network *net, int64_t t0, int64_t t_end);
void ax_record_chunk_done(ax_network *net, int64_t t0, int64_t t1);
ax_status ax_record_flush(ax_network *net);
ax_status ax_record_stream_restart(ax_network *net);
void ax_stream_free(ax_stream *s);
/* Wall seconds after which a chunk ends at the next window. */
#define AX_CHUNK_WALL_S 2.0
/* Default of ax_network_set_record_buffer. */
#define AX_RECORD_BUFFER_DEFAULT ((size_t)16 << 20)

/* write.c: one writer per format, for whole files and streamed chunks:
 * the CSV header of a recorder and the rows it holds; an NPY header (always
 * AX_NPY_HEADER bytes, room for any shape) and the rows held (values and
 * times); the columns of a row; NPY refused for spikes and histograms. */
#define AX_NPY_HEADER 128
size_t ax_recorder_columns(const ax_recorder_data *r);
void ax_write_csv_header(FILE *f, const ax_recorder_data *r);
void ax_write_csv_rows(FILE *f, const ax_network *net, const ax_recorder_data *r);
/* Spike rows "time,neuron\n", times with dec decimals: the text of
 * fprintf's "%.*f,%u\n", formatted faster. */
void ax_write_spike_rows(FILE *f, const double *times, const uint32_t *ids, size_t n, int dec);
void ax_write_npy_header(FILE *f, uint64_t rows, uint64_t cols, int two_d);
void ax_write_npy_rows(FILE *values, FILE *times, const ax_recorder_data *r);
ax_status ax_recorder_check_npy(const ax_network *net, const ax_recorder_data *r, const char *caller);

/* write.c: a file written under "<path>.partial" and renamed over <path>
 * only when complete (ax_out_close), so a file with the final name is
 * never a partial one; decimals that print every multiple of dt exactly. */
typedef struct ax_out_file {
    FILE *f;
    char tmp[4096];
    const char *path;
} ax_out_file;
ax_status ax_out_open(const ax_network *net, ax_out_file *o, const char *path);
ax_status ax_out_close(const ax_network *net, ax_out_file *o);
int ax_time_decimals(double dt);

#endif
