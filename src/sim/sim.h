/*
 * sim.h - the functions of sim/: building the network, the pieces of one
 * simulation step (docs/architecture.md, "The step"), and the network
 * object that owns and frees every part.
 */
#ifndef AX_SIM_H
#define AX_SIM_H

#include "net/net.h"

/* Windows never exceed this much simulated time (ms), even with long
 * delays or none: states are checked, progress reported and interrupts
 * honoured at least this often. */
#define AX_MAX_WINDOW_MS 1.0

/* duration.c: refuses a run of duration_ms from the network's time that
 * is not > 0, finite, a multiple of dt and within the clock's range; the
 * message starts with caller ("run") when it is not empty. */
ax_status ax_duration_check(ax_network *net, double duration_ms, const char *caller);

/* warnings.c: after a run from step t0 that was to reach t_end, the
 * warnings it shows (and those of the declared network, which may have
 * changed) */
void ax_warnings_after_run(ax_network *net, int64_t t0, int64_t t_end);

/* gap.c: gap junctions */
ax_status ax_gap_build(ax_network *net);
void ax_gap_start_run(ax_network *net, int64_t step);
void ax_gap_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_gap_store(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_gap_free(ax_network *net);
/* The coupling table made again with projection proj's conductances
 * w[0 .. n) (n == 1: one for all), before it is put in place (swap: the
 * old one comes back in *t, to be freed) - so that a change of weights
 * that runs out of memory changes nothing. */
typedef struct ax_gap_table {
    uint64_t *row;
    uint32_t *partner;
    double *g;
    uint64_t *avg_row;      /* the averaged gaps' table (averaged_gap.c) */
    uint32_t *avg_src, *avg_proj, *avg_q;
    double *avg_w;
    uint64_t *avg_loc;
    uint64_t *chem_row;     /* the averaged chemical table (averaged_chemical.c) */
    uint32_t *chem_proj, *chem_src;
    double *chem_w;
    uint64_t *chem_loc;
} ax_gap_table;
ax_status ax_gap_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *out);
void ax_gap_table_swap(ax_network *net, ax_gap_table *t);
void ax_gap_table_free(ax_gap_table *t);
ax_status ax_shared_v_alloc(ax_network *net);

/* synapses.c: projection p's synapses as global ids and weights, for the
 * per-neuron tables of gap.c, averaged_gap.c and graded.c - projection
 * `proj`'s weights replaced by w_new[0 .. n_new) (n_new == 1: one for all;
 * single precision, as the synapses hold them) when w_new is given - and,
 * for averaged couplings (whose learned weights go back to the synapses),
 * where each is stored (ax_synapse_locations).  Under MPI the arrays hold
 * this rank's p->n_synapses synapses, in the global order, and w_new holds
 * all ranks' n_total values (net/synapse_order.h).  On failure (`what`
 * names it) nothing is left to free. */
typedef struct ax_global_synapses {
    uint32_t *src, *tgt;
    double *w;
    uint64_t *loc;          /* averaged projections only; else NULL */
} ax_global_synapses;
ax_status ax_synapses_global(ax_network *net, const ax_projection_data *p, uint32_t proj, const double *w_new,
                             size_t n_new, const char *what, ax_global_synapses *out);
void ax_global_synapses_free(ax_global_synapses *s);
/* Where each synapse of p is stored, in the order of
 * ax_projection_get_synapses: part << AX_LOC_SHIFT | index in the part. */
#define AX_LOC_SHIFT 54
void ax_synapse_locations(const ax_network *net, const ax_projection_data *p, uint64_t *loc);

/* averaged_gap.c: the seed's averaged lattice coupling (with gap.c) */
#define AX_NEVER INT64_MIN   /* no spike yet */
ax_status ax_averaged_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *t);
ax_status ax_averaged_build(ax_network *net);
void ax_averaged_reset(ax_network *net);
void ax_averaged_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_averaged_store_spikes(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e,
                              int64_t step);
struct ax_writer;
struct ax_reader;
void ax_averaged_save(const ax_network *net, struct ax_writer *w);
ax_status ax_averaged_load(ax_network *net, struct ax_reader *r, bool apply);
void ax_averaged_free(ax_network *net);

/* averaged_chemical.c: the seed's averaged chemical coupling (with gap.c) */
ax_status ax_chemical_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *t);
ax_status ax_chemical_build(ax_network *net);
void ax_chemical_reset(ax_network *net);
void ax_chemical_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_chemical_release(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_chemical_save(const ax_network *net, struct ax_writer *w);
ax_status ax_chemical_load(ax_network *net, struct ax_reader *r, bool apply);
void ax_chemical_free(ax_network *net);

/* averaged_stdp.c: the seed's STDP on the averaged couplings' weights */
ax_status ax_averaged_stdp_build(ax_network *net);
void ax_averaged_learn(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_averaged_learning_flush(ax_network *net);
ax_status ax_averaged_keep_initial(ax_network *net, ax_projection_data *p);
void ax_averaged_weights_set(ax_network *net, ax_projection_data *p);
void ax_averaged_stdp_reset(ax_network *net);
void ax_averaged_weights_save(const ax_network *net, struct ax_writer *w);
ax_status ax_averaged_weights_load(ax_network *net, struct ax_reader *r, bool apply);

/* graded.c: graded transmitter release */
ax_status ax_graded_build(ax_network *net);
void ax_graded_inputs(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step);
void ax_graded_free(ax_network *net);
/* The same for graded release's table (weights, fractions of T_max). */
typedef struct ax_graded_table {
    uint64_t *row;
    uint32_t *src, *rec;
    double *w, *vp, *inv_kp;
} ax_graded_table;
ax_status ax_graded_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_graded_table *out);
void ax_graded_table_swap(ax_network *net, ax_graded_table *t);
void ax_graded_table_free(ax_graded_table *t);

/* inputs.c */
void ax_input_data_free(ax_input_data *in);
void ax_inputs_currents(const ax_network *net, ax_population_data *p, uint32_t begin, uint32_t end, int64_t step);
/* Adds the Poisson drives of window [w0, w1) of this thread's neurons to
 * their ring slots. */
void ax_inputs_drives(const ax_network *net, const ax_thread *th, int64_t w0, int64_t w1);

/* team.c: the OS threads that run the network's parts - set at the
 * network's creation from the threads asked for (0: chosen by timing the
 * first windows; AXON_TEAM overrides); the team for the next piece of a
 * run and its length in steps (*piece 0: the rest of the run, the choice
 * is made); a piece's wall time, for the choice. */
void ax_team_init(ax_network *net, int threads_asked);
int ax_team_next(ax_network *net, int64_t *piece);
void ax_team_timed(ax_network *net, int size, int64_t steps, double wall);

/* ranks.c: the split of the neurons over ranks (rank_first) by estimated
 * cost; the neurons [*b, *e) of population p this rank owns; every rank's
 * slice of base[g] (elem[g] bytes per neuron; NULL: none) gathered on
 * every rank; after a chunk, every neuron's state and the counts of
 * spikes and events on every rank; the spikes of population g so far;
 * a status agreed by all ranks (the lowest failing rank's, with its
 * message): every call that may fail on one rank alone before a
 * collective agrees first, so that no rank waits in a collective the
 * others left. */
ax_status ax_ranks_split(ax_network *net);
void ax_ranks_own(const ax_network *net, const ax_population_data *p, uint32_t *b, uint32_t *e);
ax_status ax_ranks_gather_arrays(ax_network *net, char *const *base, const size_t *elem);
ax_status ax_ranks_chunk_done(ax_network *net);
uint64_t ax_population_spikes(const ax_network *net, uint32_t g);
ax_status ax_ranks_agree(ax_network *net, ax_status st);
bool ax_ranks_any(const ax_network *net, bool x);   /* x on some rank */
/* Every rank's n items of `size` bytes, in rank order, in one new array
 * (the caller frees it) of *total items. */
void *ax_ranks_gather_items(const ax_network *net, const void *mine, uint64_t n, size_t size, uint64_t *total);

/* checkpoint_ranks.c: checkpoints split over ranks (docs/checkpoints.md,
 * "Under MPI"), for checkpoint.c: this rank's file (PATH, or
 * PATH.rank<r>of<R>); the save's id (collective; 0 with one rank); the
 * rank section of a part; its checks (the count before the build, the
 * split after it); whether every part belongs to the same save (agreed);
 * the parts written under temporary names and renamed when every rank
 * wrote its own (agreed); the restored spike counts summed over the ranks
 * (agreed).  Flag AX_CKPT_RANKS in the header marks a part. */
#define AX_CKPT_RANKS 1u
ax_status ax_ckpt_part_path(const ax_network *net, const char *path, char *buf, size_t len, const char *caller);
uint64_t ax_ckpt_save_id(const ax_network *net);
void ax_ckpt_put_ranks(const ax_network *net, ax_writer *w, uint64_t id);
ax_status ax_ckpt_check_count(ax_network *net, const char *path, uint32_t flags, ax_reader *r);
ax_status ax_ckpt_check_split(ax_network *net, const char *path, ax_reader *r, uint64_t *id);
ax_status ax_ckpt_same_save(ax_network *net, ax_status st, uint64_t id, const char *path);
ax_status ax_ckpt_write(const ax_network *net, const char *path, ax_status st, const void *buf, size_t n);
ax_status ax_ckpt_counts_total(ax_network *net, ax_status st);

/* exchange.c: the spike lists delivery walks (net->lists) and, with more
 * than one rank, the exchange buffers; what each rank reports with its
 * window's spikes; the window [w0, w1)'s exchange (thread 0, after the
 * window's barrier): rep holds this rank's report and comes back with
 * all ranks' (the lowest bad neuron, the first reason to stop). */
typedef struct ax_exchange_report {
    uint32_t error_gid;      /* UINT32_MAX: none */
    int32_t error_var;
    int32_t stop;
    double error_value;
    int64_t error_from;
} ax_exchange_report;
ax_status ax_exchange_build(ax_network *net);
void ax_exchange_free(ax_network *net);
int ax_exchange_window(ax_network *net, int parity, int64_t w0, int64_t w1, ax_exchange_report *rep);
void ax_exchange_get_counts(const ax_network *net, uint64_t *bytes, uint64_t *windows, uint64_t *second);

/* deliver.c: thread k delivers the spikes emitted at step s of the window
 * starting at w0 (spike lists of buffer `parity`) to the targets it owns;
 * returns the synaptic events. */
uint64_t ax_deliver_step(const ax_network *net, int k, int parity, int64_t w0, int64_t s);
/* Where the rings together take more than this, those that receive
 * synapses with delays that differ are filled through delay buckets
 * (population by_delay): 8 MB, a quarter of this machine's last-level
 * cache, where direct random writes start to miss. */
#define AX_BY_DELAY_RING_BYTES (8.0 * 1024 * 1024)
/* Frees thread th's delay buckets (made by ax_deliver_step). */
void ax_deliver_free_buckets(ax_thread *th, uint32_t n_pops);

/* synapses.c: a hash of a built projection's synapses in the order of
 * ax_projection_get_synapses (source, target, delay and, unless plastic or
 * an averaged projection that learns, weight): checkpoints compare it to
 * know the connectivity is the same.  Under MPI it is collective (every
 * rank calls it for the same projection) and every rank gets the value
 * one process gets. */
uint64_t ax_projection_hash(const ax_network *net, const ax_projection_data *p);

/* synapse_order.c: the global order of the synapses over the ranks
 * (net/synapse_order.h), counted after the build agreed on the counts
 * (collective; nothing with one rank), and freed. */
ax_status ax_synapse_order_build(ax_network *net);
void ax_synapse_order_free(ax_network *net);

/* failure.c: a run that failed or stopped: the network marked failed, the
 * failure kept for ax_network_get_failure, its message (with the likely
 * cause of a NaN or infinite state of global neuron gid); a status from
 * elsewhere noted as the failure; a stop on request; clearing before a run. */
ax_status ax_run_failed(ax_network *net, uint32_t gid, int var, double value, int64_t from, int64_t to);
ax_status ax_run_note(ax_network *net, ax_status st);
ax_status ax_run_stopped(ax_network *net, bool interrupted, int64_t t_end);
void ax_run_failure_clear(ax_network *net);

/* table.c: the synapse tables (ax_projection_get_table) that may no
 * longer hold the synapses as they are: dropped, of plastic projections
 * only (a run) or of all (a reset, a restore); of one projection. */
void ax_tables_drop(ax_network *net, bool plastic_only);
void ax_table_drop(ax_projection_data *p);

/* set_weights.c: what ax_projection_set_weights and _set_delays check
 * first - the handle, `values` (named `noun` when NULL), the build, n (1 or
 * one per synapse), finite values - with *name set to "<verb> of
 * projection 2 (E -> I)" for their messages. */
ax_status ax_synapse_values_check(ax_network *net, ax_projection proj, const double *values, size_t n,
                                  const char *verb, const char *noun, ax_projection_data **out, char *name, size_t len);

/* projection_info.c: how messages name projection proj, "graded release 3
 * (A -> B)" (ax_projection_label_format, core/error.h); "projection <proj>"
 * for an unknown handle, whose lookup leaves its message in net. */
const char *ax_projection_label(const ax_network *net, uint32_t proj, char *buf, size_t len);

/* reset.c: keeps, once, what ax_network_reset returns to (the state
 * before any model prepared, the plastic weights); before the first run. */
ax_status ax_state_keep_initial(ax_network *net);

/* Rebuilds the per-population lists of inputs and recorders (they may be
 * added between runs). */
ax_status ax_link_population_lists(ax_network *net);

#endif
