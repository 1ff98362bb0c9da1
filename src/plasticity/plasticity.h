/*
 * plasticity.h - plastic synapses (docs/architecture.md, "Plasticity").
 *
 * What depends only on the presynaptic train lives per source neuron
 * (its last spike, the pre traces, Tsodyks-Markram's u and x); what
 * depends only on the postsynaptic train per target neuron (a history of
 * its spikes with the post traces just after each); per synapse only the
 * weight.  Weights change lazily, as in NEST: when a presynaptic spike is
 * delivered, the synapse first applies the potentiation of the
 * postsynaptic spikes that reached it since its previous presynaptic
 * spike (in time order), then the depression of this spike, then sends
 * the new weight.  A postsynaptic spike never visits the incoming
 * synapses.  Traces decay exactly between spikes, so the result depends
 * on dt only through the spike times.
 *
 * Threads own targets (their part of every projection), so a target's
 * history and its incoming synapses belong to one thread; every thread
 * keeps its own copy of the per-source state, updated identically at
 * every spike of the source.  The weights are the same for any number of
 * threads.
 *
 * A history entry can go when every incoming synapse has read it and it
 * is older than the longest delay (NEST's rule); the entry before the
 * oldest kept one stays as `base` for the trace at earlier times.  A
 * source that stays silent would keep its targets' histories growing (as
 * in NEST), so every AX_CATCH_UP_MS the synapses of sources not brought up
 * to date within that time are (ax_plastic_catch_up): the same steps as at
 * their next spike, applied earlier.
 */
#ifndef AX_PLASTICITY_H
#define AX_PLASTICITY_H

#include "net/net.h"

typedef struct ax_post_event {
    int64_t step;            /* the spike's step */
    double k_minus;          /* fast post trace (tau_minus) just after the spike */
    union {                  /* by rule (32-byte events: two per cache line) */
        double k_y;          /* triplet: slow post trace (tau_y) just before the spike */
        double theta;        /* BCM: the sliding threshold at the spike (Hz) */
    };
    uint32_t access;         /* incoming synapses that have applied it */
} ax_post_event;

typedef struct ax_post_hist {
    ax_post_event *ev;       /* ring of cap entries, oldest at head */
    uint32_t head, n, cap;
    ax_post_event base;      /* the latest pruned entry (step INT64_MIN: none) */
} ax_post_hist;

/* Postsynaptic spikes waiting to enter the stepped post trace. */
typedef struct ax_post_queue {
    struct { int64_t step; uint32_t target; } *at;
    size_t head, n, cap;
} ax_post_queue;

#define AX_RECENT_PRE 8

typedef struct ax_pre_state {
    int64_t last;            /* step of the latest spike (INT64_MIN: none yet) */
    int64_t upto;            /* its synapses were brought up to this step by a flush or catch-up
                                (INT64_MIN: never) */
    int64_t recent[AX_RECENT_PRE];   /* anti-Hebbian: the latest spikes, newest at recent[0] */
    double k_plus;           /* fast pre trace just after it */
    double k_x;              /* slow pre trace (triplet's tau_x) just after it */
    double u, x;             /* Tsodyks-Markram, as used by that spike */
} ax_pre_state;

typedef struct ax_plastic {
    ax_plasticity rule;
    bool on;
    double rate;             /* learning-rate factor */
    int64_t *flushed;        /* [thread]: the latest whole flush (every source's upto is at least this) */
    float **elig;            /* [thread][synapse]: eligibility traces of reward-modulated STDP */
    int threads;
    uint32_t n_from, n_to;
    uint32_t max_delay;      /* steps */
    ax_pre_state **pre;      /* [thread][source] */
    ax_post_hist *post;      /* [target] */
    uint32_t *n_in;          /* incoming synapses of each target */
    double *decay_pre;       /* [n < AX_DECAY_STEPS]: exp(-n dt / tau) of the fast pre trace */
    double *decay_post;      /* the same for the fast post trace (may be decay_pre) */
    /* Spike-pair, Vogels and triplet rules with one delay d: every synapse
     * onto a target that a spike of step s reaches reads the target's post
     * trace at s - d, so it is kept per target and stepped
     * (ax_plastic_step) instead of being computed from the history per
     * synapse. */
    bool stepped;
    double *y;               /* [target]: the fast post trace at step y_at (spikes before it) */
    int64_t *y_at;           /* [thread] */
    ax_post_queue *queue;    /* [thread]: its targets' spikes not yet in y, in step order */
    float **w_initial;       /* [thread][synapse]: the weights when the first run started (reset) */
    /* AX_STDP_EQUATIONS (equations.c).  Made when the projection is
     * declared (ax_eqr_attach; kept by ax_plastic_unbuild, freed by
     * ax_eqr_free): the rule, its parameters (values by symbol), the
     * traces' decay rates (1/ms: pre 0, 1, post 0, 1), the compiled code
     * and what it reads.  Made at the build (ax_eqr_build; freed by
     * ax_eqr_release): the register files, decay tables, the compile. */
    const struct eq_rule *eqr;
    char *eq_rule_params;        /* the projection's own copy of rule.rule_params (rule.rule_params points here) */
    double *eq_params;
    double eq_rate[4];
    struct eq_scalar *eq_code;   /* [6]: the new w on pre, on post; the new traces (pre 0, 1, post 0, 1) */
    double **eq_regs;            /* [thread]: 6 register files of EQ_SCALAR_REGS, constants in place */
    /* the new w on pre, on post compiled (equations/jit.h, started by
     * ax_eqr_build): NULL until the compile ends, or without libgccjit,
     * where eq_code runs (the same bits) */
    double (*eq_fn[2])(double pre0, double pre1, double post0, double post1, double w);
    struct eq_jit_job *eq_job;
    bool eq_reads_pre[2], eq_reads_post[2];   /* whether each reads the pre, the post traces */
    bool eq_has[6];
    double *eq_decay[4];         /* [trace][n < AX_DECAY_STEPS]: exp(-rate n dt), shared when rates agree */
} ax_plastic;

/* The fast traces decay by whole steps between spikes: a table of
 * exp(-n dt / tau) for the usual lags (409.6 ms at dt 0.1 ms) replaces an
 * exponential per synapse and event; longer lags call exp. */
#define AX_DECAY_STEPS 4096

/* Reward-modulated synapses are brought up to date every this many
 * milliseconds (rounded up to whole windows), so that the modulator
 * histories stay short. */
#define AX_REWARD_FLUSH_MS 1000.0

/* Rules written as equations (equations.c). */
ax_status ax_eqr_attach(ax_network *net, ax_plastic *pl);
int ax_eqr_build(ax_plastic *pl, int threads, double dt);   /* tables, registers; ax_eqr_release frees them */
void ax_eqr_release(ax_plastic *pl);
void ax_eqr_free(ax_plastic *pl);                /* and what attach made */
void ax_eqr_finish_pre(const ax_plastic *pl, int k, ax_pre_state *pre, const ax_pre_state *old, int64_t s, double dt);
void ax_eqr_post_event(const ax_plastic *pl, int k, const ax_post_event *prev, ax_post_event *e, double dt);
/* The stepped post trace (plasticity.h's `stepped`) of a rule with one
 * post trace: whether it applies, its decay over one step, its value
 * after a spike from the value before. */
bool ax_eqr_steppable(const ax_plastic *pl);
/* The rule's texts and this projection's parameter values, hashed (a
 * checkpoint's projection section); the bytes of the engine's state
 * besides traces and histories (decay tables, code, registers). */
uint64_t ax_eqr_fingerprint(const ax_plastic *pl);
uint64_t ax_eqr_bytes(const ax_plastic *pl, int threads);
double ax_eqr_step_decay(const ax_plastic *pl);
double ax_eqr_step_spike(const ax_plastic *pl, int k, double before);
/* Thread k delivers source i's spike of step s through projection p of a
 * rule written as equations: the row's weights updated one synapse at a
 * time, by the compiled rule once it is ready (old: the source's state
 * before the spike). */
void ax_eqr_deliver_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s,
                        const ax_pre_state *old, double factor);
/* The postsynaptic spikes of h reaching the synapse (step + d) in (lo, hi]
 * applied to w (on_post), in order; `old` the source's state (before the
 * spike being delivered). */
double ax_eqr_advance(const ax_plastic *pl, int k, ax_post_hist *h, double w, const ax_pre_state *old, int64_t lo,
                      int64_t hi, uint32_t d, bool count, double dt);

/* Neuromodulators (modulator.c). */
double ax_modulator_level_at(const ax_network *net, const ax_modulator_data *mod, const ax_modulator_history *h, int64_t t);
void ax_modulator_collect(ax_network *net, int k, int parity, int64_t w0, int64_t w1);
void ax_modulator_prune(const ax_network *net, int k, int64_t upto);
void ax_modulator_data_free(ax_network *net);

/* Thread k after delivering the window ending at w1: the periodic
 * flush of reward-modulated projections. */
void ax_reward_periodic(const ax_network *net, int k, int64_t w1);

/* Sources whose synapses have not been brought up to date for this many
 * milliseconds are, at this period (rounded up to whole windows). */
#define AX_CATCH_UP_MS 1000.0

/* Thread k after delivering the window ending at w1: every AX_CATCH_UP_MS,
 * the synapses of the sources not up to date since AX_CATCH_UP_MS before
 * are brought up to step w1 - 1, so that their targets' histories can be
 * pruned. */
void ax_plastic_catch_up(const ax_network *net, int k, int64_t w1);

/* Bytes of a built plastic projection's state besides the weights:
 * per-source traces, per-target histories, eligibilities, stepped traces. */
uint64_t ax_plastic_bytes(const ax_projection_data *p);

/* Whether the post trace is stepped (ax_plastic's `stepped`) for this
 * rule when the projection has one delay (fixed_delay) or not: the build
 * and ax_projection_set_delays choose alike. */
bool ax_plastic_steppable(const ax_plastic *pl, bool fixed_delay);

/* After the build of projection p: the per-source and per-target state.
 * Checks that the initial weights lie within the bounds. */
ax_status ax_plastic_build(ax_network *net, ax_projection_data *p);
void ax_plastic_free(ax_plastic *pl);
void ax_plastic_unbuild(ax_plastic *pl);   /* after a failed build: back to the declared rule */

/* The state over the network's life (state.c).  Clear: no spike seen
 * yet (after the build, and at a reset); keep_initial: copies the weights
 * at the first run; reset: back to them, cleared.  A checkpoint section of
 * one projection, in the order of ax_projection_get_synapses for what is
 * per synapse and from thread 0 for the per-source state that every
 * thread keeps alike; load checks (apply = false) or stores. */
void ax_plastic_clear(const ax_network *net, ax_projection_data *p);
ax_status ax_plastic_keep_initial(ax_network *net, ax_projection_data *p);
void ax_plastic_reset(const ax_network *net, ax_projection_data *p);
void ax_plastic_save(const ax_network *net, const ax_projection_data *p, ax_writer *w);
ax_status ax_plastic_load(ax_network *net, ax_projection_data *p, ax_reader *r, bool apply);

/* Modulators' histories (state.c): cleared at a reset, and their
 * checkpoint section (one copy; every thread keeps the same). */
void ax_modulators_reset(ax_network *net);
void ax_modulators_save(const ax_network *net, ax_writer *w);
ax_status ax_modulators_load(ax_network *net, ax_reader *r, bool apply);

/* Thread k, before delivering window [w0, w1): appends its neurons'
 * spikes of the window to the histories of the plastic projections onto
 * them. */
void ax_plastic_record_post(ax_network *net, int k, int parity, int64_t w0, int64_t w1);

/* Thread k, before delivering the spikes of step s: the stepped post
 * traces of its targets brought to s - d. */
void ax_plastic_step(ax_network *net, int k, int64_t s);

/* Thread k delivers source i's spike of step s through plastic
 * projection p: updates the weights of the row and adds them to the
 * targets' ring slots. */
void ax_plastic_deliver_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s);

/* Spike-pair rows, and Vogels and triplet rows after the source's first
 * spike, while learning, without reward (pair.c): thread k
 * delivers source i's spike of step s, its state before the spike `old`,
 * the delivered weights scaled by `factor` (Tsodyks-Markram). */
void ax_pair_deliver(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s,
                     const ax_pre_state *old, double factor);

/* Brings every synapse up to step `now` (counted like spike steps: the
 * end of step now): the potentiation of the postsynaptic spikes that
 * reached it, for reward-modulated STDP the integration of dw = c d.
 * Before a change of the rule's settings, so that pairs completed earlier
 * keep the old ones. */
void ax_plastic_flush(const ax_network *net, ax_projection_data *p, int64_t now);

/* The weight of synapse q of thread k's part, row of source i, at step
 * boundary `now`, with the potentiation pending up to then applied (read
 * only).  Right when the spikes emitted before `now` have been delivered
 * and those from `now` on have not: after a run ending at `now` (now =
 * net->step), or during delivery, before the spikes of step `now` (the
 * weight recorders).  Only the thread that owns part k may call it during
 * a run. */
double ax_plastic_weight(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, uint64_t q, int64_t now);

#endif
