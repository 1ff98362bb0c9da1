/*
 * axon.h - the public C API of axon, a spiking neural network simulator.
 *
 * This is the only header a user includes.  The model-file loader, the
 * `axon` command and the Python package are thin layers over these calls.
 *
 * A session looks like this:
 *
 *     ax_error err;
 *     ax_network *net = ax_network_create(0.1, 1234, 0, &err);   // dt, seed, threads
 *     ax_population E, I;
 *     ax_population_add(net, "E", "IF_curr_exp", 3200, &E);
 *     ax_population_set_param(net, E, "tau_m", ax_value_constant(20.0));
 *     ax_population_set_state(net, E, "v", ax_value_uniform(-60.0, -50.0));
 *     ax_connector c = ax_connector_fixed_probability(0.02);
 *     ax_projection_add(net, E, E, &c, "excitatory", ax_value_constant(0.08), ax_value_constant(0.1), NULL);
 *     ax_recorder r;
 *     ax_recorder_add_spikes(net, E, AX_ALL_NEURONS, &r);
 *     if (ax_network_run(net, 1000.0) != AX_OK) fprintf(stderr, "%s\n", ax_network_get_error(net));
 *     ax_network_free(net);
 *
 * Conventions
 *   - Units are PyNN's: ms, mV, nA, nF, uS, Hz.
 *   - Every function that can fail returns an ax_status (0 = AX_OK, negative
 *     = error).  The message, naming the call, the argument, the value and
 *     what is allowed, is then available from ax_network_get_error(net).
 *     The library never prints, never exits and never aborts, and a bad
 *     argument never crashes it.  A failed call leaves the network as it was,
 *     except a run that fails on its way (a NaN state, memory running out
 *     mid-run): the network then refuses to run on, and says why.
 *   - A NULL network (or model file) has nowhere to hold a message: calls
 *     given one return AX_ERR_ARGUMENT, getters return 0, NULL or NaN, and
 *     calls that return nothing do nothing.  Calls without a network report
 *     elsewhere: ax_network_create and ax_modelfile_load* in *err,
 *     ax_model_validate in msg, ax_receptor_kind_get_info by status alone.
 *   - A pointer a call needs that is NULL (a name, a spec, an out-parameter
 *     of a getter) fails with AX_ERR_ARGUMENT and "<call>: the argument
 *     '<name>' is NULL".  The `out` handle of the ..._add calls may be NULL
 *     when the handle is not wanted.
 *   - A handle that does not exist fails with AX_ERR_NOT_FOUND and a message
 *     with the handle ("population handle 7 does not exist"); getters that
 *     return no status (ax_model_get, ax_model_find, ax_projection_get_size)
 *     set the message too and return NULL or 0.
 *   - When memory runs out, a call returns AX_ERR_MEMORY with what it was
 *     allocating, and frees what it had made.
 *   - Time is discrete: dt is fixed when the network is created, spikes fall
 *     on the dt grid.  A neuron that spikes during step t (the interval
 *     [t*dt, (t+1)*dt)) reports the spike at time (t+1)*dt, as NEST does.
 *   - Randomness comes from counter-based streams keyed by the seed and the
 *     ids of the objects involved, so results are bit-identical for any
 *     number of threads, and a run of 2T equals two runs of T.
 *   - Handles (ax_population, ax_projection, ...) are small integers, valid for the
 *     life of their network.
 */
#ifndef AXON_H
#define AXON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AX_VERSION "0.1.0"

/* Marks the functions of this header: the only symbols libaxon.so exports
 * (the library is built with -fvisibility=hidden). */
#if defined(__GNUC__)
#define AX_API __attribute__((visibility("default")))
#else
#define AX_API
#endif

/* ------------------------------------------------------------------ */
/* Status codes and errors                                              */
/* ------------------------------------------------------------------ */

typedef enum ax_status {
    AX_OK = 0,
    AX_ERR_ARGUMENT = -1,    /* a value outside what is allowed */
    AX_ERR_NOT_FOUND = -2,   /* unknown model, population, parameter, ... */
    AX_ERR_MEMORY = -3,      /* out of memory, or over the memory limit */
    AX_ERR_STATE = -4,       /* not allowed now (e.g. new projection after the build) */
    AX_ERR_NUMERIC = -5,     /* NaN or infinite state during a run */
    AX_ERR_IO = -6,          /* a file could not be read or written */
    AX_ERR_INTERRUPTED = -7  /* the progress callback asked to stop */
} ax_status;

/* A short constant name for a status, e.g. "argument error". */
AX_API const char *ax_status_name(ax_status status);

/* Where ax_network_create() reports why it failed (no network exists yet). */
typedef struct ax_error {
    ax_status status;
    char message[1024];
} ax_error;

typedef struct ax_network ax_network;

/* Handles. */
typedef uint32_t ax_population;
typedef uint32_t ax_projection;
typedef uint32_t ax_recorder;
typedef uint32_t ax_input;
typedef uint32_t ax_modulator;

/* ------------------------------------------------------------------ */
/* Network                                                              */
/* ------------------------------------------------------------------ */

/* Create an empty network.
 *   dt_ms   time step in ms, > 0 and <= 10 (e.g. 0.1)
 *   seed    seed of every random draw in this network
 *   threads worker threads, at most 1024; 0 = the network in one part per available core,
 *           run by as many threads as ran its first windows fastest (1 .. cores: small
 *           networks with one-step windows run faster on one; ax_stats.threads_used says
 *           which).  Results are the same bits for any count.
 * Returns NULL when an argument is not allowed or memory is short; the
 * reason is then in *err (err may be NULL). */
AX_API ax_network *ax_network_create(double dt_ms, uint64_t seed, int threads, ax_error *err);

/* Free a network and everything it owns.  NULL is allowed. */
AX_API void ax_network_free(ax_network *net);

/* The message of the last failed call on this network ("" if none). */
AX_API const char *ax_network_get_error(const ax_network *net);

AX_API double ax_network_get_dt(const ax_network *net);             /* ms */
AX_API uint64_t ax_network_get_seed(const ax_network *net);
AX_API int ax_network_get_threads(const ax_network *net);           /* parts (threads, or cores for 0) */
AX_API double ax_network_get_time(const ax_network *net);           /* simulated time so far, ms */

/* Refuse to allocate more than this many bytes for the network's
 * populations, synapses and buffers (default: the machine's physical
 * memory, shared by the ranks mpirun started on it; under MPI the limit
 * is each rank's).  Sizes are estimated and refused before anything is allocated. */
AX_API ax_status ax_network_set_memory_limit(ax_network *net, uint64_t bytes);

/* Where a network stands: built or still being declared, and its memory
 * account. */
typedef struct ax_network_info {
    bool built;                 /* synapses and buffers exist (ax_network_build or the first
                                   run): nothing structural (populations, projections) may
                                   be added or removed */
    uint64_t memory_limit;      /* bytes (ax_network_set_memory_limit) */
    uint64_t memory_planned;    /* bytes estimated so far for what is declared and built,
                                   which ax_network_set_memory_limit's limit bounds */
    int rank, ranks;            /* this process is MPI rank `rank` of `ranks` (0 of 1 without mpirun) */
    uint32_t first_owned;       /* after the build: the global ids [first_owned, end_owned) this rank */
    uint32_t end_owned;         /* owns - updates, and stores the synapses onto (all of them with one rank) */
} ax_network_info;

/* MPI (docs/mpi.md).  A build with Debian's Open MPI (`make` finds it
 * through pkg-config) splits every network over the ranks of the job it
 * was started in by mpirun: each rank updates a contiguous range of the
 * neurons and stores only the synapses onto them, and the results - spikes,
 * states, recordings, weights - are the same, bit for bit, as one process
 * gives for any number of ranks and threads.  MPI is started by the first
 * call that needs it (ax_network_create, or this one) when the process
 * was launched by mpirun with more than one rank, or was started by the
 * caller (MPI_Init before any axon call); it is finalised at exit.  Every
 * rank must then make the same calls on its networks in the same order.
 * *info: whether MPI is built in, the ranks of the job and this one's. */
typedef struct ax_mpi_info {
    bool built;                 /* the library was built with MPI */
    int ranks;                  /* 1 when not started by mpirun (or without MPI) */
    int rank;
} ax_mpi_info;
AX_API ax_status ax_mpi_get_info(ax_mpi_info *info, ax_error *err);
/* Collective (every rank of the job calls it, in the same order as its
 * other axon calls; with one rank it only returns): agrees on the outcome
 * of a step that may fail on some ranks only (a file missing on one node,
 * memory running out on one), so that no rank goes on into a collective
 * that a failed rank will never join.  `status` is this rank's outcome and
 * err->message its message (err may be NULL: the message is then
 * "status N").  Returns AX_OK when every rank gave AX_OK; else the status
 * of the lowest failing rank, whose message it copies into *err on every
 * rank, prefixed "rank R of N: " when some ranks did not fail (when all
 * failed, rank 0's message as it is). */
AX_API ax_status ax_mpi_agree(ax_status status, ax_error *err);
/* Collective: fails on every rank with AX_ERR_ARGUMENT, naming the first
 * rank whose `bytes` bytes at `data` differ from rank 0's, when they do
 * not hash alike (64-bit FNV-1a of the bytes and their count):
 * "rank R's WHAT differs from rank 0's (hash H_R vs H_0): every rank must
 * give the same".  AX_OK with one rank.  data may be NULL when bytes is 0;
 * `what` names the data in the message (rank 0's `what`, so that the
 * message is the same on every rank; NULL: "data"). */
AX_API ax_status ax_mpi_check_same(const void *data, size_t bytes, const char *what, ax_error *err);
AX_API ax_status ax_network_get_info(const ax_network *net, ax_network_info *info);

/* ------------------------------------------------------------------ */
/* Values: one number, one per neuron/synapse, or a distribution        */
/* ------------------------------------------------------------------ */

typedef enum ax_value_kind {
    AX_VALUE_CONSTANT,        /* a: the value */
    AX_VALUE_ARRAY,           /* array[n]: one value per neuron (or per synapse) */
    AX_VALUE_UNIFORM,         /* a = low, b = high (low <= high) */
    AX_VALUE_NORMAL,          /* a = mean, b = standard deviation (>= 0) */
    AX_VALUE_NORMAL_CLIPPED,  /* a = mean, b = sd, c = low, d = high: redrawn until low <= x <= high */
    AX_VALUE_LOGNORMAL,       /* a = mu, b = sigma of the underlying normal: x = exp(N(mu, sigma)) */
    AX_VALUE_EXPONENTIAL,     /* a = mean (> 0) */
    AX_VALUE_EXPRESSION       /* expr: an expression of the synapse's distance d, dx, dy, dz
                                 (the weight or delay of a projection with a distance
                                 connector, which gives the displacement; copied by the
                                 call that takes it) */
} ax_value_kind;

typedef struct ax_value {
    ax_value_kind kind;
    double a, b, c, d;
    const double *array;   /* AX_VALUE_ARRAY only; copied by the call that takes it */
    size_t n;
    const char *expr;      /* AX_VALUE_EXPRESSION only */
} ax_value;

static inline ax_value ax_value_constant(double x)
{ ax_value v = {AX_VALUE_CONSTANT, x, 0, 0, 0, NULL, 0, NULL}; return v; }
static inline ax_value ax_value_array(const double *values, size_t n)
{ ax_value v = {AX_VALUE_ARRAY, 0, 0, 0, 0, values, n, NULL}; return v; }
static inline ax_value ax_value_uniform(double low, double high)
{ ax_value v = {AX_VALUE_UNIFORM, low, high, 0, 0, NULL, 0, NULL}; return v; }
static inline ax_value ax_value_normal(double mean, double sd)
{ ax_value v = {AX_VALUE_NORMAL, mean, sd, 0, 0, NULL, 0, NULL}; return v; }
static inline ax_value ax_value_normal_clipped(double mean, double sd, double low, double high)
{ ax_value v = {AX_VALUE_NORMAL_CLIPPED, mean, sd, low, high, NULL, 0, NULL}; return v; }
static inline ax_value ax_value_lognormal(double mu, double sigma)
{ ax_value v = {AX_VALUE_LOGNORMAL, mu, sigma, 0, 0, NULL, 0, NULL}; return v; }
static inline ax_value ax_value_exponential(double mean)
{ ax_value v = {AX_VALUE_EXPONENTIAL, mean, 0, 0, 0, NULL, 0, NULL}; return v; }
/* e.g. "5 * exp(-2 * d^2 / 1200) - 0.3" (a weight), "0.5 + d / 2.0" (a delay in ms) */
static inline ax_value ax_value_expression(const char *text)
{ ax_value v = {AX_VALUE_EXPRESSION, 0, 0, 0, 0, NULL, 0, text}; return v; }

/* A selection of neurons of one population.
 *   list == NULL, n == 0: all neurons
 *   list == NULL, n >  0: the first n neurons
 *   list != NULL:         the n indices in list (0-based, within the population) */
typedef struct ax_neurons {
    const uint32_t *list;
    size_t n;
} ax_neurons;

static inline ax_neurons ax_neurons_first(size_t n) { ax_neurons s = {NULL, n}; return s; }
static inline ax_neurons ax_neurons_list(const uint32_t *list, size_t n) { ax_neurons s = {list, n}; return s; }
#define AX_ALL_NEURONS (ax_neurons_first(0))

/* ------------------------------------------------------------------ */
/* Model descriptors                                                    */
/* ------------------------------------------------------------------ */

/* Allowed range flags of a parameter. */
enum {
    AX_PARAM_GT_MIN = 1u << 0,      /* value > min (default: value >= min) */
    AX_PARAM_LT_MAX = 1u << 1       /* value < max (default: value <= max) */
};

typedef struct ax_param_info {
    const char *name;       /* e.g. "tau_m" */
    const char *unit;       /* e.g. "ms"; "" for dimensionless */
    double value;           /* default */
    double min, max;        /* allowed range (use -INFINITY / INFINITY when open) */
    unsigned flags;         /* AX_PARAM_GT_MIN, AX_PARAM_LT_MAX */
    const char *doc;        /* one line */
} ax_param_info;

typedef struct ax_var_info {
    const char *name;       /* e.g. "v" */
    const char *unit;
    double value;           /* default initial value */
    const char *doc;
} ax_var_info;

/* Receptor flags. */
enum {
    AX_RECEPTOR_NONNEGATIVE = 1u << 0,  /* weights must be >= 0 (conductances) */
    AX_RECEPTOR_TRANSMITTER = 1u << 1,  /* binds transmitter: graded release can drive it */
    /* The sign convention of a receptor whose weights may have either sign
     * (currents, voltage jumps): a weight of the other sign is allowed but
     * draws a warning (AX_WARNING_WEIGHT_SIGN). */
    AX_RECEPTOR_EXPECTS_POSITIVE = 1u << 2,   /* e.g. "excitatory" of IF_curr_exp */
    AX_RECEPTOR_EXPECTS_NEGATIVE = 1u << 3    /* e.g. "inhibitory" of IF_curr_exp */
};

typedef struct ax_receptor_info {
    const char *name;       /* e.g. "excitatory" */
    const char *weight_unit;/* what a weight means here: "nA", "uS", "mV" */
    unsigned flags;         /* AX_RECEPTOR_NONNEGATIVE */
    const char *doc;
} ax_receptor_info;

/* Model flags. */
enum {
    AX_MODEL_SPIKE_SOURCE = 1u << 0,  /* a generator: takes no synapses or currents */
    AX_MODEL_SPIKE_TIMES = 1u << 1,   /* takes per-neuron spike times (ax_population_set_spike_times) */
    AX_MODEL_CLEARS_INPUT = 1u << 2   /* update() sets input[r][i] = 0 after reading it, so
                                         the engine need not clear the slot (saves a pass) */
};

/* What a model's functions see of one population.  Arrays are struct-of-
 * arrays: state[v][i] is state variable v of neuron i. */
typedef struct ax_population_view {
    uint32_t size;              /* neurons in the population */
    uint32_t first_id;          /* global id of neuron 0 (key of its random streams) */
    double dt;                  /* ms */
    uint64_t seed;              /* the network seed */
    int64_t step;               /* prepare(): the step the next run starts with */
    bool uniform;               /* true when every parameter has one value */
    double *const *state;       /* state[v][i] */
    const double *const *param; /* param[k][0], or param[k][i] if per_neuron[k] */
    const bool *per_neuron;     /* per_neuron[k]: param[k] holds one value per neuron */
    double *const *input;       /* update(): input[r][i] = summed weights arriving at
                                   receptor r this step; the engine clears it afterwards
                                   unless the model has AX_MODEL_CLEARS_INPUT */
    const double *current;      /* update(): injected current in nA, constant over
                                   the step (never NULL) */
    uint32_t *spiked;            /* update(): set spiked[i] = 1 when neuron i fires */
    void *data;                 /* what prepare() made */
    const uint32_t *seq_offset; /* AX_MODEL_SPIKE_TIMES: neuron i's times are */
    const double *seq_values;   /* seq_values[seq_offset[i] .. seq_offset[i+1]), ms */
    const struct ax_model *model; /* the population's model descriptor */
    const double *const *graded;  /* update(): NULL, or graded[r] NULL or, for receptors
                                     driven by graded release (ax_projection_add_graded), the
                                     summed w S(v_pre) of this step per neuron */
} ax_population_view;

/* The value of parameter k for neuron i. */
#define AX_PARAM(view, k, i) ((view)->param[k][(view)->per_neuron[k] ? (i) : 0])

/* A neuron or generator model.  Built-in models are descriptors like this,
 * listed by ax_model_count() / ax_model_get(); users register theirs with
 * ax_model_register().  The strings and tables must outlive the network. */
typedef struct ax_model {
    const char *name;                   /* e.g. "IF_curr_exp" */
    const char *doc;                    /* one paragraph: equations, method, reference */
    const ax_param_info *params;
    uint32_t n_params;
    const ax_var_info *vars;            /* state variables */
    uint32_t n_vars;
    const ax_receptor_info *receptors;
    uint32_t n_receptors;
    unsigned flags;                     /* AX_MODEL_* */

    /* Optional: checks relations between parameters (each parameter was
     * already checked against its range).  Returns 0 when fine, otherwise
     * writes a message naming the parameter(s) into msg and returns -1. */
    int (*check)(const ax_population_view *pop, char *msg, size_t len);

    /* Optional: (re)computes what update() needs from the parameters
     * (propagators, ...), before the first run and before any run that
     * follows a parameter change.  *data is NULL the first time and what
     * the previous call stored afterwards.  May also set state (e.g. a
     * generator's next event).  Returns 0, or with a message: -1
     * (AX_ERR_ARGUMENT) when the parameters cannot be used, AX_ERR_MEMORY
     * when an allocation failed. */
    int (*prepare)(const ax_population_view *pop, void **data, char *msg, size_t len);

    /* Optional: frees what prepare() stored. */
    void (*release)(void *data);

    /* Required: advances neurons [begin, end) by one step, from time
     * step*dt to (step+1)*dt: integrates, adds this step's input, detects
     * spikes (sets spiked[i]) and resets.  Called concurrently on disjoint
     * ranges; must not allocate or touch neurons outside the range. */
    void (*update)(const ax_population_view *pop, uint32_t begin, uint32_t end, int64_t step);

    /* Optional: what the model's functions need to know of the descriptor
     * itself (e.g. the channel list of a cell built by ax_model_define_cell),
     * reached through pop->model->impl. */
    const void *impl;

    /* Optional: state that lives in what prepare() made rather than in the
     * state variables (e.g. the previous step's v of a two-step method, or
     * transmitter released and not yet bound): part `part` (0, 1, ...) of
     * it as *n doubles at the returned address, NULL after the last part.
     * Checkpoints save and restore these values (ax_network_save_state);
     * a reset (ax_network_reset) releases the data instead, so that
     * prepare() starts afresh.  A model whose data is a pure function of
     * its parameters leaves this NULL. */
    double *(*data_state)(void *data, uint32_t part, size_t *n);

    /* Optional: the injected current (nA, absolute value) above which a
     * drive of this model - a parameter in nA (i_offset), a dc, step, ac
     * or noise input - is almost surely written in another convention, and
     * why (a sentence, e.g. that the Izhikevich paper's I is 1000 times the
     * current in nA).  0 / NULL: no such hint (AX_WARNING_DRIVE_UNITS). */
    double drive_limit;
    const char *drive_hint;
} ax_model;

/* The model catalogue: built-in models followed by those registered on net
 * (net may be NULL for the built-ins only). */
AX_API size_t ax_model_count(const ax_network *net);
AX_API const ax_model *ax_model_get(const ax_network *net, size_t index);
AX_API const ax_model *ax_model_find(const ax_network *net, const char *name);

/* Register a user-defined model on this network.  The descriptor is checked
 * exactly like the built-ins (unique names, defaults within their ranges,
 * an update function) and must stay valid while the network lives. */
AX_API ax_status ax_model_register(ax_network *net, const ax_model *model);

/* ------------------------------------------------------------------ */
/* Cells built from ion channels                                        */

/* An ion channel of the library (`axon channels` lists
 * them): I = g (E - v) with g = gbar x gates, each gate of first-order
 * kinetics in v. */
typedef struct ax_channel_info {
    const char *name;              /* e.g. "Na", "CaT" */
    const char *doc;               /* equations and reference */
    const ax_param_info *params;   /* its parameters, with the defaults a cell gets */
    uint32_t n_params;
    const ax_var_info *gates;      /* its gating variables (state) */
    uint32_t n_gates;
} ax_channel_info;

/* The channel catalogue: the library's channels followed by those defined
 * on net with ax_channel_define (net may be NULL for the library only):
 * count, and channel `index` (0 .. count-1; AX_ERR_ARGUMENT past the end).
 * The strings and tables of net's channels belong to net. */
AX_API size_t ax_channel_count(const ax_network *net);
AX_API ax_status ax_channel_get_info(const ax_network *net, size_t index, ax_channel_info *out);

/* Defines on net a model `name`, a single-compartment cell made of the
 * given channels of the library:
 *     cm dv/dt = sum over channels g_c (E_c - v) + gsyn_exc (e_rev_E - v)
 *                + gsyn_inh (e_rev_I - v) + i_offset + I_inj
 * with exponentially decaying synaptic conductances (receptors
 * "excitatory" and "inhibitory", weights in uS).  Its parameters are cm,
 * i_offset, v_thresh, tau_refrac, e_rev_E, e_rev_I, tau_syn_E, tau_syn_I
 * and the channels' (channels that read a parameter of the same name,
 * such as e_rev_K, share it); its state v, the channels' gates,
 * gsyn_exc, gsyn_inh, refrac.  A spike is an upward crossing of v_thresh.
 * Integration as HodgkinHuxley (staggered exponential, second order).
 * Populations then use it by name like any model. */
AX_API ax_status ax_model_define_cell(ax_network *net, const char *name, const char *const *channels, size_t n_channels);

/* Defines on net a model `name`: the model `base` (any model with a state
 * variable v that takes current input) with receptors with transmitter
 * kinetics attached: "AMPA", "NMDA", "GABAa", "GABAb", or their linear
 * exponential forms "AMPA_exp", "NMDA_exp", "GABAa_exp" (weights in uS,
 * difference-of-exponentials conductances) (`axon models` on
 * the result lists their parameters; equations in docs/models.md).  Each
 * becomes a receptor of the new model that projections name; a spike
 * releases a square pulse of weight x T_max of transmitter, the receptor
 * state (per neuron) follows Destexhe et al.'s kinetics, and the current
 * gmax r (e_rev - v) (NMDA: with the magnesium block; GABAb: through its
 * G protein) is added to the model's injected current.  The parameters
 * and state variables are the base model's followed by the receptors'
 * (named with the receptor as suffix, e.g. gmax_AMPA, r_AMPA). */
AX_API ax_status ax_model_define_with_receptors(ax_network *net, const char *name, const char *base,
                                   const char *const *receptors, size_t n_receptors);

/* ------------------------------------------------------------------ */
/* Models written as equations (docs/equations.md)                      */

/* A neuron model as text.  Each field is lines (a '#' starts a comment; a
 * line continues while a parenthesis is open or it ends with an
 * operator); NULL or "" leaves a field out.
 *
 *   parameters  NAME = VALUE [: UNIT [(BOUNDS)]] [# doc]  e.g. "tau_m = 20 : ms (> 0)";
 *               bounds: > x, >= x, < x, <= x, two with a comma; values set
 *               outside them are refused
 *   state       NAME = VALUE [: UNIT] [# doc]          the default initial value
 *   equations   dX/dt = EXPR [: UNIT] [(unless refractory)]   for a state variable X
 *               NAME = EXPR [: UNIT]                  a named expression
 *               f(x, y) = EXPR                        a function
 *   threshold   a condition: the neuron fires at the end of a step where it holds
 *   reset       statements run when it fires: X = EXPR, X += EXPR (-=, *=, /=),
 *               if COND / elif COND / else / end blocks, ';' between statements
 *   refractory  an expression of parameters (ms, rounded to steps): after a
 *               spike no spike is detected and the variables marked
 *               "(unless refractory)" are held
 *   receptors   NAME: STATEMENTS per line, where `weight` is the summed weight
 *               arriving at the receptor this step, e.g. "excitatory: g_e += weight";
 *               NAME: X is short for X += weight
 *   method      "auto" (default), "exact", "exponential_euler", "euler", "rk2",
 *               "rk4" or "rk45"
 *   detect      "level" (default: the threshold holds) or "crossing" (it holds
 *               now and did not at the start of the step)
 *
 * Expressions: numbers, names, + - * / ^ (**), comparisons < <= > >= == !=,
 * and or not (&& || !), if(cond, a, b), exp log sqrt tanh cosh sinh sin cos
 * abs floor exprel pow min max clip vtrap, rand() (uniform in (0, 1), a new
 * draw per neuron, step and call), and the functions defined.  Names
 * known everywhere: I_inj (the injected current of the step, nA), t and dt
 * (ms), pi; xi and xi_NAME are independent white noises (1/sqrt(ms)).
 * Units are powers of mV, ms, nA, mM (nF, uS, MOhm, 1 also written as such);
 * a bare number takes the unit its place needs.
 *
 * Integration: with "auto", the variables whose equations form a linear
 * system with constant coefficients (and I_inj) are integrated exactly by
 * propagators computed when a population prepares; the others by
 * exponential Euler when each is linear in itself (gates, conductance-
 * based membranes), otherwise by RK4 with the linear ones exact at the
 * stage times.  The model's doc says what was chosen.  Noise terms are
 * added by Euler-Maruyama.  Order within a step: integrate, add the
 * receptors' input, test the threshold, reset.
 *
 * Errors name the field, line and column: "equations:3:14: unknown name
 * 'tua_m' (did you mean 'tau_m'?); names: ...". */
typedef struct ax_equations {
    const char *parameters;
    const char *state;
    const char *equations;
    const char *threshold;
    const char *reset;
    const char *refractory;
    const char *receptors;
    const char *method;
    const char *detect;
    const char *doc;
} ax_equations;

AX_API ax_status ax_model_define_equations(ax_network *net, const char *name, const ax_equations *eq);

/* The receptor kinds ax_model_define_with_receptors knows, described like
 * channels (`gates` are the receptor's state variables). */
AX_API size_t ax_receptor_kind_count(void);
AX_API ax_status ax_receptor_kind_get_info(size_t index, ax_channel_info *out);
/* User-defined ion channels.  A channel is
 *     I = g (E - v),   g = conductance x gate_1^power_1 x ... x gate_k^power_k
 * with E the reversal parameter, and each gate x of first-order kinetics
 * given by expressions of v (mV) and the channel's parameters:
 *   alpha, beta   dx/dt = alpha (1 - x) - beta x        (rates, 1/ms)
 *   inf, tau      dx/dt = (inf - x) / tau              (tau in ms)
 *   inf alone     x = inf(v): an instantaneous gate
 * Syntax: numbers, names, + - * / ^ (or **), parentheses, exp log sqrt
 * tanh cosh abs pow min max, exprel(x) = (exp(x) - 1) / x and
 * vtrap(x, y) = x / (exp(x / y) - 1), both finite at x = 0 (write removable
 * 0/0 forms such as x / (1 - exp(-x / k)) = vtrap(-x, k) with them).
 * Gates are integrated like the library's (staggered exponential Euler,
 * second order); their initial value is the steady state at -65 mV with
 * the default parameters.  At definition every rate function is evaluated
 * at v = -150 .. 100 mV in steps of 0.01 mV with the default parameters,
 * and a channel is refused where one is NaN or infinite (naming the v),
 * a rate is negative or tau is not positive.
 * Once defined, the channel is used by name like a library channel
 * (ax_model_define_cell, `channels = [...]`). */
typedef struct ax_gate_def {
    const char *name;       /* the gate's state variable, e.g. "m" */
    int power;              /* its exponent in the conductance, 1 .. 8 */
    const char *alpha;      /* opening rate (1/ms), with beta; or NULL */
    const char *beta;       /* closing rate (1/ms); or NULL */
    const char *inf;        /* steady state, with tau or alone; or NULL */
    const char *tau;        /* time constant (ms); or NULL */
    const char *doc;        /* one line; NULL for a default */
} ax_gate_def;

typedef struct ax_channel_def {
    const char *name;             /* unique among the library's and net's channels */
    const char *doc;              /* equations and reference; NULL for a default */
    const ax_param_info *params;  /* name, unit, default, allowed range, doc (at most 16) */
    uint32_t n_params;
    const char *conductance;      /* the parameter that is the maximal conductance:
                                     unit "uS", min >= 0 */
    const char *reversal;         /* the parameter that is the reversal potential: unit "mV" */
    const ax_gate_def *gates;     /* at most 4 */
    uint32_t n_gates;
} ax_channel_def;

/* Defines the channel on net; everything is copied.  Errors name the
 * part, as a key path of the model-file table: "define channel 'KA':
 * gates.a.inf: expected ')' at column 15 (the end) of '...'". */
AX_API ax_status ax_channel_define(ax_network *net, const ax_channel_def *def);

/* Checks a descriptor; on failure writes why into msg. */
AX_API ax_status ax_model_validate(const ax_model *model, char *msg, size_t len);

/* ------------------------------------------------------------------ */
/* Populations                                                          */
/* ------------------------------------------------------------------ */

/* Add `size` neurons (1 .. 4294967294 in all) of model `model`. `name` is
 * unique within the network (letters, digits, '_', '-', '.').  Parameters
 * and state start at the model's defaults. */
AX_API ax_status ax_population_add(ax_network *net, const char *name, const char *model,
                            int64_t size, ax_population *out);

/* Take back the population added last, before the build, while nothing
 * refers to it (no projection, input, recorder or modulator source; a
 * gap-junction or graded-release projection is a projection): its memory,
 * its handle and its name are free again, and the network is as it was
 * before its ax_population_add - a later add of the same name gets the
 * same handle, and runs give bit for bit what a network that never had it
 * gives.  Warnings about it are dropped.  Otherwise AX_ERR_STATE, saying
 * what stands in the way.  (For callers that set parameters after the add
 * and want nothing left when one of them fails.) */
AX_API ax_status ax_population_remove(ax_network *net, ax_population pop);

AX_API size_t ax_population_count(const ax_network *net);
AX_API ax_status ax_population_find(const ax_network *net, const char *name, ax_population *out);

typedef struct ax_population_info {
    const char *name;
    const ax_model *model;
    uint32_t size;
    uint32_t first_id;          /* global id of neuron 0 */
} ax_population_info;
AX_API ax_status ax_population_get_info(const ax_network *net, ax_population pop, ax_population_info *info);

/* Set a parameter: one value for all, one value per neuron (AX_VALUE_ARRAY with
 * n == size) or a distribution drawn per neuron from the seed.  Values are
 * checked against the model's allowed range.  Allowed between runs. */
AX_API ax_status ax_population_set_param(ax_network *net, ax_population pop, const char *name, ax_value value);

/* Set a state variable (initial value before the first run, or a new value
 * between runs), with the same kinds of value as ax_population_set_param. */
AX_API ax_status ax_population_set_state(ax_network *net, ax_population pop, const char *var, ax_value value);

/* Copy a parameter or a state variable, one value per neuron, into out[size]. */
AX_API ax_status ax_population_get_values(const ax_network *net, ax_population pop, const char *name, double *out, size_t size);

/* Spike times (ms) of neuron `neuron` of a SpikeSourceArray population:
 * finite, increasing, each >= dt, no two on the same step after rounding to
 * the dt grid.  Replaces earlier times of that neuron. */
AX_API ax_status ax_population_set_spike_times(ax_network *net, ax_population pop, uint32_t neuron,
                             const double *times_ms, size_t n);

/* The spike times (ms) of neuron `neuron` of a SpikeSourceArray population,
 * as they were given: *n times at *times_ms (NULL when *n is 0).  The array
 * belongs to the network and stays valid until the next
 * ax_population_set_spike_times of that neuron or ax_network_free. */
AX_API ax_status ax_population_get_spike_times(const ax_network *net, ax_population pop, uint32_t neuron,
                                               const double **times_ms, size_t *n);

/* ------------------------------------------------------------------ */
/* Space: positions of a population's neurons                           */
/* ------------------------------------------------------------------ */

/* Where a population's neurons are (x, y, z), given by a value like
 * ax_value: made by the constructors below, read by
 * ax_population_set_structure.  Units are the user's (um, grid steps).
 *
 *   GRID           dims = 1, 2 or 3 axes of n[0], n[1], n[2] neurons (the
 *                  unused ones 1), row-major: neuron index
 *                  i = (a * n[1] + b) * n[2] + c for the grid cell (a, b, c)
 *                  (2-D: i = row * cols + col), at
 *                  origin + spacing * (a, b, c): the first axis is x (the
 *                  row of a 2-D grid), the second y, the third z.  The
 *                  product of n must equal the population's size.
 *   RANDOM_BOX     uniform in [low, high] per axis (low <= high; equal
 *                  bounds fix that coordinate, e.g. z of a 2-D sheet)
 *   RANDOM_DISK    uniform in the disk of `radius` around center (x, y) in
 *                  the plane z = center[2]
 *   RANDOM_SPHERE  uniform inside the ball of `radius` around center
 *   POSITIONS      xyz[3 i .. 3 i + 2] for neuron i; n_xyz = 3 * size
 *                  (copied by the call that takes it)
 * Random positions are drawn from the stream (seed, population, neuron), so
 * they are the same for any number of threads and any order of calls. */
typedef enum ax_structure_kind {
    AX_STRUCTURE_GRID,
    AX_STRUCTURE_RANDOM_BOX,
    AX_STRUCTURE_RANDOM_DISK,
    AX_STRUCTURE_RANDOM_SPHERE,
    AX_STRUCTURE_POSITIONS
} ax_structure_kind;

typedef struct ax_structure {
    ax_structure_kind kind;
    int dims;                   /* GRID: 1, 2 or 3 */
    uint64_t n[3];              /* GRID: neurons along each axis */
    double spacing;             /* GRID: distance between neighbours, > 0 */
    double origin[3];           /* GRID: position of neuron 0 */
    double low[3], high[3];     /* RANDOM_BOX */
    double center[3];           /* RANDOM_DISK, RANDOM_SPHERE */
    double radius;              /* RANDOM_DISK, RANDOM_SPHERE: > 0 */
    const double *xyz;          /* POSITIONS */
    size_t n_xyz;
} ax_structure;

/* n has `dims` entries; origin may be NULL (0, 0, 0) or has `dims` entries
 * (the other coordinates 0). */
AX_API ax_structure ax_structure_grid(int dims, const uint64_t *n, double spacing, const double *origin);
AX_API ax_structure ax_structure_random_box(const double low[3], const double high[3]);
AX_API ax_structure ax_structure_random_disk(const double center[3], double radius);
AX_API ax_structure ax_structure_random_sphere(const double center[3], double radius);
AX_API ax_structure ax_structure_from_positions(const double *xyz, size_t n_xyz);

/* Give population `pop` positions, computed here (so that
 * ax_population_get_positions reads them at once): before the build, and
 * again to replace them.  A grid whose size is not the population's, a
 * radius <= 0, a non-finite number or a wrong count of positions fail with
 * AX_ERR_ARGUMENT and change nothing; after the build, AX_ERR_STATE. */
AX_API ax_status ax_population_set_structure(ax_network *net, ax_population pop, const ax_structure *structure);

/* Whether `pop` has positions (false for a bad handle). */
AX_API bool ax_population_has_positions(const ax_network *net, ax_population pop);

/* Copy the positions into xyz[n]: 3 doubles (x, y, z) per neuron, n = 3 *
 * size.  AX_ERR_STATE when the population has no structure. */
AX_API ax_status ax_population_get_positions(const ax_network *net, ax_population pop, double *xyz, size_t n);

/* The positions as a CSV file: header "x,y,z", one row per neuron, 17
 * significant digits (read back, the same doubles).  Written to
 * "<path>.partial" and renamed when complete, like the recordings. */
AX_API ax_status ax_population_write_positions_csv(const ax_network *net, ax_population pop, const char *path);

/* What reaches a population's neurons, as the main seed's per-lattice
 * switches (its Lattice / LatticeNetwork flags electrical_synapse,
 * chemical_synapse, do_plasticity; docs/lattices.md).  electrical: gap
 * junctions and averaged gaps add their currents to its neurons (off: they
 * get none, while their v still reaches their partners); chemical: what
 * arrives at its receptors - spikes through synapses, Poisson drives
 * (ax_input_add), graded release, averaged chemical coupling - reaches them (off: it is dropped on
 * arrival; the spikes were still sent and still count for plasticity);
 * learning: the plastic projections into it learn (set
 * through ax_projection_set_learning on each of those declared so far,
 * and the start of those declared later; a later
 * ax_projection_set_learning overrides it).  All on by default;
 * set at any time between runs, and kept by ax_network_reset (they are
 * settings, like parameters; checkpoints do not carry them). */
typedef struct ax_population_switches {
    bool electrical, chemical, learning;
} ax_population_switches;

AX_API ax_status ax_population_set_switches(ax_network *net, ax_population pop, ax_population_switches switches);
AX_API ax_status ax_population_get_switches(const ax_network *net, ax_population pop, ax_population_switches *out);

/* Freeze (frozen = true) or thaw the chosen neurons of a population: a
 * frozen neuron is not updated - its state stays as it is, it fires no
 * spike, what arrives at it is dropped - and costs almost no time, so
 * that a run can stop neurons whose outcome is decided (the
 * whole-generation evaluator, docs/fitting.md) without a rebuild.  The
 * others run bit for bit as they would without it.  Set at any time
 * between runs; kept by ax_network_reset (a setting, like the switches;
 * checkpoints do not carry it). */
AX_API ax_status ax_population_set_frozen(ax_network *net, ax_population pop, ax_neurons neurons, bool frozen);

/* Copies the frozen flags (1 frozen, 0 not) into out[size], size the
 * population's. */
AX_API ax_status ax_population_get_frozen(const ax_network *net, ax_population pop, uint8_t *out, size_t size);

/* ------------------------------------------------------------------ */
/* Projections                                                          */
/* ------------------------------------------------------------------ */

typedef enum ax_connector_kind {
    AX_CONNECTOR_ALL_TO_ALL,
    AX_CONNECTOR_ONE_TO_ONE,          /* source i -> target i; sizes must be equal */
    AX_CONNECTOR_FIXED_PROBABILITY,   /* each pair independently with probability p */
    AX_CONNECTOR_FIXED_INDEGREE,      /* each target gets exactly n sources */
    AX_CONNECTOR_FIXED_OUTDEGREE,     /* each source gets exactly n targets */
    AX_CONNECTOR_FIXED_TOTAL,         /* n synapses in all */
    AX_CONNECTOR_FROM_LIST,           /* the pairs (sources[k], targets[k]) */
    AX_CONNECTOR_DISTANCE             /* by the distance between positions (below) */
} ax_connector_kind;

/* Distance-dependent connectivity between populations with positions
 * (ax_population_set_structure; source and target may be the same
 * population or two).  The displacement of a pair is (dx, dy, dz) = the
 * target's position minus the source's, with an axis of `periodic[a]` > 0
 * taken as a ring of that length (the nearest image: |dx| <= L / 2), and
 * d = sqrt(dx^2 + dy^2 + dz^2).  Every pair inside the neighbourhood
 * (`shape`) is a candidate, and each candidate is connected independently
 * with the probability of the kernel, one draw from the target's stream
 * per candidate in increasing source order.  A distance within 1e-9
 * (relative) of the radius or extent counts as inside, so that lattice
 * neighbours at exactly the radius are not lost to rounding.  Candidates
 * are found by binning the sources into cells of the neighbourhood's
 * size, so the build takes time proportional to the candidates, never
 * sources x targets.
 *
 * With fixed_indegree (ax_connector_distance_indegree), each target instead
 * gets exactly n synapses, from sources drawn among its candidates with
 * probability proportional to the kernel, which is then a relative
 * weight: p (p0) scales all candidates alike, and an expression's values
 * below 0 count as 0 (not clipped above 1).  Without allow_multiple
 * (the default) n distinct sources are drawn, successively, each with
 * probability proportional to its kernel among those not drawn yet
 * (weighted sampling without replacement; Efraimidis & Spirakis 2006:
 * the n smallest of -log(u) / w, one uniform u per candidate in increasing
 * source order); with allow_multiple, n independent draws from the
 * candidates weighted by the kernel (multapses).  A target with fewer
 * than n candidates of nonzero kernel (none, with allow_multiple) fails
 * the build, naming the target and the count.  Time: proportional to the
 * candidates, plus n log n per target. */
typedef enum ax_distance_shape {
    AX_SHAPE_DISK = 0,      /* Euclidean: d <= radius (a disk in 2-D, a ball in 3-D) */
    AX_SHAPE_BOX,           /* |dx| <= extent[0], |dy| <= extent[1], |dz| <= extent[2] */
    AX_SHAPE_CHEBYSHEV      /* max(|dx|, |dy|, |dz|) <= radius */
} ax_distance_shape;

typedef enum ax_distance_kernel {
    AX_KERNEL_CONSTANT = 0, /* p */
    AX_KERNEL_GAUSSIAN,     /* p exp(-d^2 / (2 width^2)): width = sigma */
    AX_KERNEL_EXPONENTIAL,  /* p exp(-d / width): width = lambda */
    AX_KERNEL_EXPRESSION    /* `probability`, an expression of d, dx, dy, dz (the syntax of
                               user channels, ax_channel_define) clipped to [0, 1]; refused
                               where it is not finite for a distance within the neighbourhood */
} ax_distance_kernel;

typedef struct ax_connector {
    ax_connector_kind kind;
    double p;               /* AX_CONNECTOR_FIXED_PROBABILITY */
    uint64_t n;             /* AX_CONNECTOR_FIXED_INDEGREE / OUTDEGREE / TOTAL; DISTANCE with fixed_indegree */
    bool allow_self;        /* when source and target populations are the same */
    bool allow_multiple;    /* more than one synapse per pair (indegree, outdegree, total, list,
                               distance with fixed_indegree) */
    const uint32_t *sources;/* AX_CONNECTOR_FROM_LIST, copied by ax_projection_add */
    const uint32_t *targets;
    size_t n_pairs;
    /* AX_CONNECTOR_DISTANCE (p: the constant probability, or the kernel's value at d = 0) */
    ax_distance_shape shape;
    double radius;          /* DISK, CHEBYSHEV: > 0 */
    double extent[3];       /* BOX: half-widths per axis, >= 0, at least one > 0 */
    double periodic[3];     /* 0: an open axis; > 0: the axis is a ring of this length */
    ax_distance_kernel kernel;
    double width;           /* GAUSSIAN: sigma; EXPONENTIAL: lambda; > 0 */
    const char *probability;/* EXPRESSION: copied by ax_projection_add */
    bool fixed_indegree;    /* DISTANCE: each target gets exactly n sources drawn by the kernel (below) */
} ax_connector;

/* Constructors that set the defaults of the model-file format:
 * allow_self = true, allow_multiple = false. */
AX_API ax_connector ax_connector_all_to_all(void);
AX_API ax_connector ax_connector_one_to_one(void);
AX_API ax_connector ax_connector_fixed_probability(double p);
AX_API ax_connector ax_connector_fixed_indegree(uint64_t n);
AX_API ax_connector ax_connector_fixed_outdegree(uint64_t n);
AX_API ax_connector ax_connector_fixed_total(uint64_t n);
AX_API ax_connector ax_connector_from_list(const uint32_t *sources, const uint32_t *targets, size_t n_pairs);
/* Every pair within `radius` (Euclidean, no periodic axes) connected with
 * probability p; set shape, extent, periodic, kernel, width and
 * probability of the result for the other rules.  Errors (at
 * ax_projection_add): a radius or extent <= 0, a population without
 * positions, p outside [0, 1], a kernel expression that does not compile
 * or is not finite at some distance in range (the message names it). */
AX_API ax_connector ax_connector_distance(double radius, double p);
/* A distance connector with fixed_indegree: each target gets exactly n
 * sources among those within `radius` (Euclidean, no periodic axes),
 * uniformly (kernel constant, p = 1) and distinct (allow_multiple false);
 * set shape, extent, periodic, kernel, width, probability and
 * allow_multiple of the result as for ax_connector_distance.  Errors (at
 * ax_projection_add): those of ax_connector_distance, n > 2^32 - 1; at
 * ax_network_build: a target with fewer than n candidates whose kernel is
 * > 0 (with allow_multiple: none), naming the target and the count. */
AX_API ax_connector ax_connector_distance_indegree(double radius, uint64_t n);

/* Connect populations `from` -> `to` with static synapses onto `receptor`
 * of the target model.
 *   weight: in the receptor's unit (nA, uS or mV); a constant, a
 *           distribution, or an array with one value per synapse where the
 *           connector fixes the synapse order (all_to_all: source-major
 *           index i*size_to + j; one_to_one: i; from_list: k).
 *   delay:  ms, each >= dt, rounded to the dt grid (same kinds of value;
 *           a distribution must not be able to give a delay below dt, e.g.
 *           use normal_clipped with low >= dt).
 *   With AX_CONNECTOR_DISTANCE, weight and delay may be expressions of the
 *   pair's displacement (ax_value_expression: d, dx, dy, dz), refused at
 *   the call where not finite somewhere in the neighbourhood (naming the
 *   distance); a delay below dt or a negative weight onto a conductance
 *   receptor at a synapse made fails ax_network_build, naming the pair.
 * The synapses are generated when the network is built (first run), each
 * target's (or, for fixed_outdegree, each source's) from its own random
 * stream.  Projections cannot be added after the build. */
AX_API ax_status ax_projection_add(ax_network *net, ax_population from, ax_population to, const ax_connector *connector,
                     const char *receptor, ax_value weight, ax_value delay,
                     ax_projection *out);

/* Electrical synapses (gap junctions) between the pairs the connector
 * makes from a to b (a may be b): each pair (i, j) of conductance g
 * (uS, >= 0, from `conductance` as weights are) couples both ways,
 * I_i = g (v_j - v_i) and I_j = g (v_i - v_j), added to the injected
 * current of both neurons' models (which need a state variable v).  The
 * currents of a step come from v at its start (explicit coupling, first
 * order in dt); a network with gap junctions synchronises its threads
 * every step.  ax_projection_get_synapses lists the pairs as (i, j, g). */
AX_API ax_status ax_projection_add_gap(ax_network *net, ax_population a, ax_population b, const ax_connector *connector,
                         ax_value conductance, ax_projection *out);

/* The seed simulator's lattice coupling (docs/lattices.md): electrical
 * input averaged over each neuron's incoming edges,
 *     I_j = (1/n_j) sum_i w_ij x_i,   x_i = v_i - v_j   (a neuron source)
 *                                      x_i = E(steps since i's last spike)
 *                                                       (a spike source),
 * where n_j counts the averaged-gap synapses onto j over every such
 * projection, and w_ij (uS, signed: negative inhibits) folds in the
 * seed's weight times its gap conductance (the seed's 7 is 0.007 uS).
 * Directional: only the target gets a current.  Spike sources (models
 * without v, e.g. SpikeSourcePoisson) act through a voltage kernel of
 * their last spike, the seed's refractoriness functions, with
 * a = v_max - v_rest and D the steps since the spike,
 *     delta_dirac:  E = a exp(-D^2 / (decay / dt)) + v_rest
 *     exponential:  E = a exp(-D / (decay / dt)) + v_rest
 * and E = v_rest before the first spike.  Inputs of a step come from the
 * state at its start (synchronous, no delays): a spike in step s is seen
 * from step s + 1 with D = 1.  The target needs a state variable v. */
typedef enum ax_spike_kernel_shape {
    AX_SPIKE_KERNEL_DELTA_DIRAC = 0,   /* the seed's DeltaDiracRefractoriness (its default) */
    AX_SPIKE_KERNEL_EXPONENTIAL       /* its ExponentialDecayRefractoriness */
} ax_spike_kernel_shape;

typedef struct ax_spike_kernel {
    ax_spike_kernel_shape shape;
    double v_max, v_rest;   /* mV: the seed's v_th and v_resting of a spike train */
    double decay;           /* the seed's k (its decay factor): the kernel's scale is decay / dt steps */
} ax_spike_kernel;

/* The seed's defaults: delta_dirac, v_max 30 mV, v_rest 0 mV, decay 10000. */
AX_API ax_spike_kernel ax_spike_kernel_defaults(void);

/* Averaged electrical coupling from `from` to `to` (they may be the same
 * population); `kernel` (NULL: the defaults) is used when `from` is a
 * spike source and refused otherwise. */
AX_API ax_status ax_projection_add_averaged_gap(ax_network *net, ax_population from, ax_population to,
                                  const ax_connector *connector, ax_value weight,
                                  const ax_spike_kernel *kernel, ax_projection *out);

/* The seed simulator's chemical lattice coupling (docs/lattices.md), with
 * its default kinetics (approximate transmitter and receptor): each
 * source neuron i holds a transmitter concentration T_i (mM) that a spike
 * fills and clearance empties,
 *     T <- clamp(T - dt c T + [spike] t_max, 0, t_max)   every step,
 * and each target j's receptor of that transmitter opens to the mean over
 * its incoming edges of that transmitter (over every such projection),
 *     r_j = (1/n_j) sum_i w_ij T_i,
 * drawing the current g r_j (e_rev - v_j) - times the magnesium block
 * 1 / (1 + exp(-0.062 v) [Mg] / 3.75) for NMDA.  As in the seed, a
 * neuron's T takes up the spike of the step before (its update comes
 * before its spike test), a spike source's the spike of its own step
 * (sources advance after the cells); inputs of a step come from the state
 * at its start.  w is dimensionless and may be negative; g in uS (the
 * seed's nS: AMPA 1, NMDA 0.6, GABA 1.2 are 0.001, 0.0006, 0.0012).
 * Projections of one transmitter onto one population must agree on g,
 * e_rev and mg. */
typedef enum ax_transmitter {
    AX_TRANSMITTER_AMPA = 0,
    AX_TRANSMITTER_NMDA,
    AX_TRANSMITTER_GABA
} ax_transmitter;

typedef struct ax_averaged_chemical {
    ax_transmitter transmitter;
    double t_max;       /* mM, the concentration a spike sets (1) */
    double clearance;   /* 1/ms: the seed's clearance constant c (0.01) */
    double g;           /* uS, the receptor's conductance */
    double e_rev;       /* mV */
    double mg;          /* mM, NMDA's magnesium (0.3); unused otherwise */
} ax_averaged_chemical;

/* The seed's defaults for a transmitter: t_max 1, clearance 0.01, and
 * AMPA g 0.001 uS, e_rev 0; NMDA g 0.0006, e_rev 0, mg 0.3; GABA g 0.0012,
 * e_rev -80.  A transmitter out of range gives t_max = NaN, which the add
 * refuses. */
AX_API ax_averaged_chemical ax_averaged_chemical_defaults(ax_transmitter transmitter);

AX_API ax_status ax_projection_add_averaged_chemical(ax_network *net, ax_population from, ax_population to,
                                       const ax_connector *connector, ax_value weight,
                                       const ax_averaged_chemical *spec, ax_projection *out);

/* The main seed's STDP on lattice weights (its plasticity module), for
 * averaged couplings (ax_projection_add_averaged_gap, _add_averaged_chemical;
 * docs/lattices.md, Learning).  When a neuron spikes in step s, every edge
 * of a learning projection onto it or out of it changes by
 *     dw = +A_plus  exp(-(t_post - t_pre) dt / tau_plus)    if t_pre < t_post
 *     dw = -A_minus exp(-(t_pre - t_post) dt / tau_minus)   if t_pre > t_post
 * and 0 when they are equal or when either end never spiked; t_pre, t_post
 * are the steps of the last spikes of the edge's source and target (s for
 * the one that spiked; a spike source's last spike before step s - it
 * takes part but triggers no change itself).  The changes of step s are
 * made after every neuron has stepped (the seed's LatticeNetwork) and act
 * from step s + 1; weights have no bounds and stay single precision, as
 * stored.  dw is multiplied by the projection's learning rate, and none is
 * made while its learning is off (ax_projection_set_learning, _rate, and
 * the target population's learning switch).  Defaults: A_plus = A_minus =
 * 2, tau_plus = tau_minus = 4.5 ms. */
typedef struct ax_averaged_stdp {
    double a_plus, a_minus;       /* >= 0, in the weight's unit */
    double tau_plus, tau_minus;   /* ms, > 0 */
} ax_averaged_stdp;
AX_API ax_averaged_stdp ax_averaged_stdp_defaults(void);

/* Makes averaged projection proj learn by `rule` (copied); before the
 * build.  AX_ERR_ARGUMENT for another kind of projection or a rule out of
 * range, AX_ERR_STATE after the build. */
AX_API ax_status ax_projection_set_averaged_stdp(ax_network *net, ax_projection proj, const ax_averaged_stdp *rule);

/* Graded transmitter release (Destexhe, Mainen & Sejnowski 1994): no
 * spikes; every step each synapse releases transmitter continuously as a
 * sigmoid of its presynaptic neuron's v,
 *     T = w T_max / (1 + exp(-(v_pre - v_p) / k_p)),
 * onto `receptor` of the targets, which must bind transmitter (the kinetic
 * receptors of ax_model_define_with_receptors: AMPA, NMDA, GABAa, GABAb, D1,
 * D2; T_max is the receptor's).  Weights: fraction of T_max, >= 0.
 * Destexhe's values: v_p = 2 mV, k_p = 5 mV (k_p > 0).  v_pre is the v at
 * the step's start (explicit, first order in dt); the sums per target are
 * in increasing source id, and threads meet every step as with gap
 * junctions. */
AX_API ax_status ax_projection_add_graded(ax_network *net, ax_population from, ax_population to, const ax_connector *connector,
                            const char *receptor, ax_value weight, double v_p, double k_p, ax_projection *out);

/* ------------------------------------------------------------------ */
/* Plasticity                                                           */

/* How pre- and postsynaptic spike times change a weight. */
typedef enum ax_stdp_timing {
    AX_STDP_NONE = 0,          /* no STDP (short-term plasticity alone) */
    AX_STDP_SPIKE_PAIR,        /* PyNN SpikePairRule: dw+ = A_plus x+ at post, dw- = A_minus y- at pre,
                                  traces of time constants tau_plus, tau_minus; the weight
                                  dependence shapes the steps */
    AX_STDP_VOGELS2011,        /* Vogels et al. 2011 inhibitory rule: |w| += eta x at post and
                                  eta (y - alpha) at pre, alpha = 2 rho tau; symmetric window tau */
    AX_STDP_TRIPLET,           /* Pfister & Gerstner 2006, all-to-all: at post
                                  dw = x (A2_plus + A3_plus y2), at pre dw = -y (A2_minus + A3_minus x2),
                                  x2, y2 slow traces (tau_x, tau_y) taken just before the spike */
    AX_STDP_ANTI_HEBBIAN,      /* the anti-Hebbian rule of spiking-network-simulator (Zadeh): at each
                                  pre or post spike, w += alpha (S - w), S the sum over the other side's
                                  spikes within `window` before it of a target: 2 w0 for post-before-pre,
                                  w0 / 2 for pre-before-post (0 with no partner: w decays) */
    AX_STDP_BCM,               /* BCM with a sliding threshold, spike-based: at each post spike
                                  w += eta x (y - theta), x and y the pre and post rates (Hz) as traces
                                  (tau_plus, tau_minus; y just before the spike), theta following
                                  dtheta/dt = (y^2 / y0 - theta) / tau_theta; clipped to [w_min, w_max] */
    AX_STDP_EQUATIONS          /* a rule written as equations (ax_plasticity_define_equations), named by
                                  `rule`, its parameters changed by `rule_params` */
} ax_stdp_timing;

/* Which spikes pair (spike_pair and triplet's fast traces). */
typedef enum ax_stdp_pairing {
    AX_STDP_ALL_TO_ALL = 0, /* every pre with every post spike: traces add 1 per spike */
    AX_STDP_NEAREST         /* symmetric nearest neighbour (NEST stdp_nn_symm_synapse): each
                                  spike pairs with the latest spike of the other side, traces reset to 1 */
} ax_stdp_pairing;

/* PyNN's weight dependences, on x = (w - w_min) / (w_max - w_min) and
 * clipped to [0, 1]: potentiation by a, depression by b (a = A_plus k,
 * b = A_minus k, k the trace):
 *   additive:        x += a             x -= b
 *   multiplicative:  x += a (1 - x)     x -= b x
 *   additive_potentiation_multiplicative_depression:  x += a,  x -= b x
 *   gutig:           x += a (1 - x)^mu_plus,  x -= b x^mu_minus
 * With w_min = 0 this is NEST's stdp_synapse (lambda = A_plus, alpha =
 * A_minus / A_plus, Wmax = w_max). */
typedef enum ax_stdp_weight {
    AX_STDP_ADDITIVE = 0,
    AX_STDP_MULTIPLICATIVE,
    AX_STDP_ADD_POT_MULT_DEP,
    AX_STDP_GUTIG
} ax_stdp_weight;

/* A plastic synapse type.  Start from ax_plasticity_defaults() (PyNN's
 * defaults) and change what differs.  Delays are dendritic, as in NEST's
 * STDP synapses: a pre spike emitted at t_pre meets the postsynaptic
 * spikes t_post at the synapse as t_post + delay, so a pair's lag is
 * t_post + delay - t_pre. */
typedef struct ax_plasticity {
    ax_stdp_timing timing;
    ax_stdp_pairing pairing;
    ax_stdp_weight weight;
    double tau_plus, tau_minus;       /* ms (spike_pair, triplet) */
    double A_plus, A_minus;           /* spike_pair: step sizes relative to w_max - w_min */
    double w_min, w_max;              /* bounds (spike_pair, triplet; vogels: |w| <= w_max) */
    double mu_plus, mu_minus;         /* gutig exponents */
    double tau, eta, rho;             /* vogels2011: ms, learning rate, target rate (Hz) */
    double tau_x, tau_y;              /* triplet: slow pre and post traces (ms) */
    double w0, alpha, window;         /* anti-Hebbian: reference weight, step per spike, ms */
    double y0, tau_theta;             /* BCM: target rate (Hz), threshold time constant (ms);
                                         eta is the learning rate (weight per Hz^2) */
    double A2_plus, A3_plus, A2_minus, A3_minus;   /* triplet amplitudes (weight units) */
    bool reward;                      /* reward-modulated STDP (Izhikevich 2007): the spike_pair
                                         steps (A_plus, A_minus, tau_plus, tau_minus, pairing) go
                                         into an eligibility trace c, dc/dt = -c / tau_c, and
                                         dw/dt = c d with d the level of `modulator`; w clipped to
                                         [w_min, w_max]; the weight dependence is not used */
    double tau_c;                     /* ms */
    ax_modulator modulator;
    bool tsodyks_markram;             /* short-term plasticity on the delivered weight */
    double U, tau_rec, tau_facil;     /* Tsodyks-Markram: use, recovery and facilitation (ms; 0: none) */
    double release_probability;       /* stochastic release, in [0, 1] (default 1: every spike
                                         transmits); see below */
    const char *rule;                 /* AX_STDP_EQUATIONS: the name of a rule defined on the network */
    const char *rule_params;          /* its parameters changed for this projection, "A = 0.01, tau = 10"
                                         (NULL: the rule's defaults) */
} ax_plasticity;

/* A plasticity rule written as equations (docs/equations.md, "Plasticity
 * rules"); a projection takes it with timing AX_STDP_EQUATIONS and `rule`
 * its name.  Fields are lines, as ax_equations':
 *   parameters  NAME = VALUE [: UNIT [(BOUNDS)]] [# doc]
 *   pre         presynaptic traces, at most 2, one per source neuron:
 *               dX/dt = -X / TAU (TAU an expression of parameters)
 *   post        postsynaptic traces, at most 2, one per target neuron
 *   on_pre      statements when a presynaptic spike reaches the synapse: they
 *               may set the pre traces (from their values just before) and w
 *               (from w, the pre traces and the post traces there)
 *   on_post     the same when a postsynaptic spike reaches it (post traces, w)
 * `w` is the synapse's weight; clip(x, lo, hi) bounds it.  Delays are
 * dendritic (a post spike at t reaches the synapse at t + delay), and the
 * weights change lazily, when a presynaptic spike is delivered, as for the
 * built-in rules; the learning switch and rate apply (the rate scales each
 * change of w). */
typedef struct ax_plasticity_equations {
    const char *parameters;
    const char *pre;
    const char *post;
    const char *on_pre;
    const char *on_post;
    const char *doc;
} ax_plasticity_equations;

AX_API ax_status ax_plasticity_define_equations(ax_network *net, const char *name, const ax_plasticity_equations *eq);

/* Stochastic release (PyNN's SimpleStochasticSynapse, NEST's
 * bernoulli_synapse): each spike delivered through a synapse transmits
 * with probability release_probability, independently per synapse and per
 * spike (a Bernoulli draw); otherwise nothing arrives at the target.  It
 * may be the rule's only part (timing AX_STDP_NONE, no Tsodyks-Markram):
 * a projection of fixed weights that fail at random.  The draw for
 * synapse j of source i's row (j its position in the order of
 * ax_projection_get_synapses among that source's synapses) and i's spike
 * of step s is a pure function of (seed, projection, i, j, s), so results
 * do not depend on the thread count, a reset repeats them and a restored
 * checkpoint continues them (streams are distinct for steps below 2^40
 * and rows below 2^26 synapses).  A failure gates only what reaches the
 * target: STDP rules and Tsodyks-Markram see every presynaptic spike (the
 * weight changes at the spike as without failures, and u and x, which are
 * per source, advance; a transmitted spike delivers w u x). */

/* Izhikevich 2007's values for reward: tau_c 1000 ms (and with it
 * typically A_plus 1, A_minus 1.5 in weight units: set w_min, w_max and
 * the amplitudes relative to their span). */

/* PyNN's defaults: spike_pair, all-to-all, additive, tau 20/20 ms,
 * A 0.01/0.01, w in [0, 1], mu 0.5/0.5; Vogels tau 20 ms, eta 1e-10,
 * rho 3 Hz; triplet (Pfister & Gerstner 2006, visual cortex, minimal
 * all-to-all) tau_plus 16.8, tau_minus 33.7, tau_x 101, tau_y 125 ms,
 * A2_plus 5e-10, A3_plus 6.2e-3, A2_minus 7e-3, A3_minus 0; no
 * Tsodyks-Markram (U 0.5, tau_rec 100 ms, tau_facil 0 when switched on);
 * release_probability 1. */
AX_API ax_plasticity ax_plasticity_defaults(void);

/* Checks a rule as ax_projection_add_plastic does; on failure writes why
 * (the field, its value and what is allowed) into msg and returns
 * AX_ERR_ARGUMENT. */
AX_API ax_status ax_plasticity_validate(const ax_plasticity *rule, char *msg, size_t len);

/* Connect like ax_projection_add, with plastic synapses: each synapse keeps its
 * own weight (single precision), which the rule changes at the spikes
 * (lazily, when a presynaptic spike is delivered; exact exponential
 * traces between spikes).  Weights must lie in [w_min, w_max] (vogels:
 * |w| <= w_max). */
AX_API ax_status ax_projection_add_plastic(ax_network *net, ax_population from, ax_population to, const ax_connector *connector,
                             const char *receptor, ax_value weight, ax_value delay, const ax_plasticity *rule,
                             ax_projection *out);

/* A neuromodulator (dopamine) for reward-modulated STDP: a level d that
 * decays, dd/dt = -d / tau_d, and jumps by `amount` at each spike of a
 * source population (after `delay_ms`), at scheduled times, or when
 * ax_modulator_inject is called between runs.  Izhikevich 2007: tau_d =
 * 200 ms. */
AX_API ax_status ax_modulator_add(ax_network *net, const char *name, double tau_d_ms, ax_modulator *out);
AX_API ax_status ax_modulator_add_source(ax_network *net, ax_modulator m, ax_population source, double amount, double delay_ms);
AX_API ax_status ax_modulator_inject(ax_network *net, ax_modulator m, double amount);   /* now */
AX_API ax_status ax_modulator_get_level(const ax_network *net, ax_modulator m, double *level);   /* d now */
AX_API ax_status ax_modulator_find(const ax_network *net, const char *name, ax_modulator *out);

/* Switch learning of a plastic projection on or off, or scale its rates
 * (A_plus, A_minus, eta, triplet amplitudes; 1 = as given), between runs.
 * A change applies to the spike pairs whose later spike reaches the
 * synapse from now on.  Short-term plasticity is not affected.  Averaged
 * projections that learn (ax_projection_set_averaged_stdp) take both too:
 * from the next step on. */
AX_API ax_status ax_projection_set_learning(ax_network *net, ax_projection proj, bool on);
AX_API ax_status ax_projection_set_learning_rate(ax_network *net, ax_projection proj, double rate);

/* Synapses of a projection (0 before the build). */
AX_API uint64_t ax_projection_get_size(const ax_network *net, ax_projection proj);

/* What a projection carries: the call that added it. */
typedef enum ax_projection_kind {
    AX_PROJECTION_STATIC = 0,   /* ax_projection_add */
    AX_PROJECTION_PLASTIC,      /* ax_projection_add_plastic */
    AX_PROJECTION_GAP,          /* ax_projection_add_gap */
    AX_PROJECTION_GRADED,       /* ax_projection_add_graded */
    AX_PROJECTION_AVERAGED_GAP, /* ax_projection_add_averaged_gap */
    AX_PROJECTION_AVERAGED_CHEMICAL   /* ax_projection_add_averaged_chemical */
} ax_projection_kind;

/* A projection as it was declared, and its learning switches now.  The
 * strings and the connector's lists belong to the network and stay valid
 * while it lives. */
typedef struct ax_projection_info {
    ax_population from, to;     /* gap junctions: a and b */
    const char *receptor;       /* the target model's receptor; NULL for gap junctions */
    ax_projection_kind kind;
    ax_connector connector;     /* as given (from_list: sources and targets are the network's copies) */
    ax_plasticity rule;         /* plastic: the rule as given; otherwise all zero */
    bool learning;              /* plastic or averaged with STDP: learning is on (ax_projection_set_learning);
                                   otherwise false */
    double learning_rate;       /* plastic or averaged with STDP: the factor on its rates
                                   (ax_projection_set_learning_rate); otherwise 0 */
    double v_p, k_p;            /* graded: the release sigmoid (mV); otherwise 0 */
    ax_spike_kernel kernel;     /* averaged gap from a spike source: its kernel; otherwise all zero */
    ax_averaged_chemical chemical;   /* averaged chemical: as declared; otherwise all zero */
    bool averaged_learns;       /* averaged with STDP (ax_projection_set_averaged_stdp) */
    ax_averaged_stdp averaged_stdp;  /* its rule; otherwise all zero */
    uint64_t size;              /* synapses (0 before the build), as ax_projection_get_size */
} ax_projection_info;

/* Projections declared so far; their handles are 0 .. count - 1. */
AX_API size_t ax_projection_count(const ax_network *net);
AX_API ax_status ax_projection_get_info(const ax_network *net, ax_projection proj, ax_projection_info *info);

/* Copy the synapses of a built projection into caller arrays of length
 * ax_projection_get_size(): sources and targets (indices within their
 * populations), weights and delays (ms; gap junctions and graded release:
 * 0).  Any pointer may be NULL.
 * Synapses come ordered by source, then target.  Plastic weights are the
 * current ones (changes pending until the next presynaptic spike
 * included).
 * Under MPI (docs/mpi.md) this and every call that reads or changes
 * synapses by position - ax_projection_get_table, _find_synapse,
 * _set_weights, _set_delays, _set_synapse_weight / _delay, _export,
 * _import, ax_population_get_incoming / _outgoing - is collective: every
 * rank makes the same call with the same arguments (and the same non-NULL
 * arrays), and every rank gets what one process gets: all ranks'
 * synapses, in the same order (ranks own increasing ranges of targets).
 * Files are written by rank 0. */
AX_API ax_status ax_projection_get_synapses(const ax_network *net, ax_projection proj, uint32_t *sources,
                          uint32_t *targets, double *weights, double *delays);

/* The synapses of a built projection as arrays that belong to the network,
 * in the order of ax_projection_get_synapses (by source, then target),
 * without a copy per call: gathered from the threads' synapse storage (in
 * parallel, O(n)) at the first call after the build, a weight or delay
 * change, a run (for plastic projections, whose weights it changes), a
 * reset or a restore; then the same arrays for every call (O(1)).  They
 * stay valid and unchanged until one of those events, ax_projection_take_table
 * or ax_network_free.  Weights are the current ones (gap junctions: the
 * conductances); delays in ms (gap junctions and graded release: 0).
 * AX_ERR_STATE before the build. */
typedef struct ax_synapse_table {
    uint64_t n;
    const uint32_t *sources, *targets;   /* indices within their populations */
    const double *weights;               /* current weights (gap: conductances) */
    const double *delays;                /* ms (gap / graded: 0) */
} ax_synapse_table;
AX_API ax_status ax_projection_get_table(ax_network *net, ax_projection proj, ax_synapse_table *out);

/* Set the weights or the delays of a built projection, between runs: n
 * values in the order of ax_projection_get_synapses, or n == 1 for one
 * value for all.  Checked as at creation: weights finite, |w| <= 1e30,
 * >= 0 for receptors that take conductances and for gap junctions, within
 * [w_min, w_max] for plastic synapses (Vogels: |w| <= w_max); delays >=
 * dt, finite, rounded to the dt grid, and at least the network's window
 * (ax_stats.min_delay_steps * dt, fixed at the build: a smaller one is
 * refused with a message that gives the smallest delay allowed).  Delays
 * longer than the build's longest grow the target's delay buffers,
 * keeping the input waiting in them: spikes already on their way arrive
 * with the delays they left with.  Gap junctions and graded release have
 * no delays (AX_ERR_ARGUMENT).  The delays of a plastic projection with a
 * timing rule change only at t = 0 (after the build or ax_network_reset):
 * later, the spike pairs already timed with the old delays would count
 * twice or not at all.  A run after the change gives what a network built
 * with these weights and delays gives; a reset keeps them (plastic weights
 * return to the values set last).  A failed call changes nothing. */
AX_API ax_status ax_projection_set_weights(ax_network *net, ax_projection proj, const double *weights, size_t n);
AX_API ax_status ax_projection_set_delays(ax_network *net, ax_projection proj, const double *delays, size_t n);

/* ---- The graph after the build: one synapse, a neuron's synapses ---- */

/* One synapse, as ax_projection_find_synapse and the neuron lists give it. */
typedef struct ax_synapse {
    ax_projection projection;
    uint32_t source, target;    /* indices within their populations */
    uint64_t index;             /* position in the order of ax_projection_get_synapses */
    uint32_t count;             /* ax_projection_find_synapse: the synapses between this pair
                                   (more than 1 only with allow_multiple); they are the
                                   positions index .. index + count - 1.  Lists: 1 */
    double weight;              /* the current weight (plastic: pending changes included;
                                   gap junctions: the conductance) */
    double delay;               /* ms (gap junctions, graded release: 0) */
} ax_synapse;

/* The synapse from `source` to `target` (indices within the projection's
 * populations) of a built projection: the first of that pair in the order
 * of ax_projection_get_synapses, with count saying how many there are (read
 * the others from ax_projection_get_synapses or ax_projection_get_table at
 * positions index + 1 ..).  O(threads + log(synapses of the source)).
 * AX_ERR_NOT_FOUND with "no synapse from source i to target j" when the
 * pair is not connected (a bad handle is AX_ERR_NOT_FOUND too, with
 * "projection handle 7 does not exist"); AX_ERR_ARGUMENT for an index
 * outside its population; AX_ERR_STATE before the build. */
AX_API ax_status ax_projection_find_synapse(const ax_network *net, ax_projection proj, uint32_t source,
                                            uint32_t target, ax_synapse *out);

/* Set the weight (or the delay, ms) of every synapse from `source` to
 * `target` of a built projection (usually one), between runs: what
 * ax_projection_set_weights (_set_delays) does with the projection's
 * current values and these changed - the same checks, the same effects
 * (plastic projections: pending changes are applied first and a reset
 * returns to the weights as they are after this call; gap junctions and
 * graded release: their tables are made again) - and so its cost,
 * O(synapses of the projection); to change many, gather them and call
 * ax_projection_set_weights once.  Errors as ax_projection_find_synapse;
 * a failed call changes nothing. */
AX_API ax_status ax_projection_set_synapse_weight(ax_network *net, ax_projection proj, uint32_t source,
                                                  uint32_t target, double weight);
AX_API ax_status ax_projection_set_synapse_delay(ax_network *net, ax_projection proj, uint32_t source,
                                                 uint32_t target, double delay_ms);

/* The synapses that end at (incoming) or leave (outgoing) neuron `neuron`
 * of population `pop` in a built network, over every projection into (out
 * of) `pop` - static, plastic, graded, and gap junctions and averaged gaps
 * as stored (the pair (i, j) of ax_projection_add_gap(a, b) is outgoing of
 * a's i and incoming of b's j) - ordered by projection handle, then as in
 * ax_projection_get_synapses (incoming: by source; outgoing: by target).
 * *n gets how many there are; the first min(*n, cap) are copied into
 * out[0 .. cap) (out may be NULL when cap is 0: call once to count, then
 * with room).  Incoming costs O(sources x log(row length)) per projection,
 * outgoing O(threads + synapses of the neuron).  AX_ERR_ARGUMENT for a
 * neuron outside the population, AX_ERR_STATE before the build. */
AX_API ax_status ax_population_get_incoming(const ax_network *net, ax_population pop, uint32_t neuron,
                                            ax_synapse *out, size_t cap, size_t *n);
AX_API ax_status ax_population_get_outgoing(const ax_network *net, ax_population pop, uint32_t neuron,
                                            ax_synapse *out, size_t cap, size_t *n);

/* ---- Connectivity files: export, and import into a built network ---- */

typedef enum ax_graph_format {
    AX_GRAPH_CSV = 0,   /* an edge list: header "pre,post,weight,delay", one row per synapse
                           in the order of ax_projection_get_synapses, weights with 17
                           significant digits (read back: the same doubles), delays in
                           ms with the decimals of dt; gap junctions, averaged gaps and
                           graded release have no delays: "pre,post,weight".  The format
                           a model file's from_list reads (docs/model-file.md) */
    AX_GRAPH_NPY,       /* a dense NumPy matrix: float64, C order, n_pre x n_post, element
                           [i, j] the weight from source i to target j, 0 where there is
                           no synapse; several synapses of a pair are summed (and such a
                           pair cannot be imported from it); at most 2^31 elements
                           (16 GiB): a larger matrix is refused, pointing to NPZ */
    AX_GRAPH_NPZ        /* a sparse matrix as scipy.sparse.save_npz writes it (uncompressed
                           zip of data.npy, indices.npy, indptr.npy, format.npy = 'csr',
                           shape.npy): CSR, n_pre x n_post, one entry per synapse in the
                           order of ax_projection_get_synapses (several synapses of a pair
                           are several entries: scipy sums them in toarray()); data
                           float64, indices and indptr int32 (int64 past 2^31 - 1) */
} ax_graph_format;

/* The format a path's extension names (".csv", ".npy", ".npz", any case)
 * into *out; AX_ERR_ARGUMENT otherwise (net may be NULL; the message, then,
 * goes nowhere). */
AX_API ax_status ax_graph_format_from_path(ax_network *net, const char *path, ax_graph_format *out);

/* Write the synapses of a built projection to `path` in `format`, with
 * the current weights.  Written to "<path>.partial" and renamed when
 * complete: a file with the final name is never a partial one, and a
 * failure leaves nothing.  AX_ERR_STATE before the build; AX_ERR_IO when
 * the file cannot be written. */
AX_API ax_status ax_projection_export(ax_network *net, ax_projection proj, const char *path, ax_graph_format format);

/* Set the weights (CSV with a delay column: and the delays) of a built
 * projection from a file, without rebuilding it:
 *   CSV  rows pre,post,weight[,delay] (read as from_list files are: an
 *        optional header, blank lines and # comments skipped); every row
 *        must name a synapse of the projection - with several synapses per
 *        pair, the k-th row of a pair sets the pair's k-th synapse - and
 *        may name it once.  Synapses that no row names keep their values.
 *   NPY  a float64 matrix n_pre x n_post (as AX_GRAPH_NPY writes): every
 *        synapse gets its element; a nonzero element without a synapse, or
 *        a pair with several synapses, is refused.
 *   NPZ  a CSR matrix n_pre x n_post as AX_GRAPH_NPZ writes it (data float64,
 *        indices and indptr int32 or int64, uncompressed or deflated): its
 *        entries as the rows of a CSV file.
 * The values are then set as ax_projection_set_weights (and _set_delays)
 * set them, with the same checks and effects, the synapses not named
 * keeping their current values.  Anything wrong - a file that cannot be
 * read, a pair without a synapse ("w.csv:4:1: no synapse from source 3 to
 * target 7 in projection 0 (E -> I)"), an index outside its population, a
 * wrong shape, a value refused by set_weights - fails with the place in
 * the file, and nothing changes. */
AX_API ax_status ax_projection_import(ax_network *net, ax_projection proj, const char *path, ax_graph_format format);

/* ------------------------------------------------------------------ */
/* Inputs                                                               */
/* ------------------------------------------------------------------ */

typedef enum ax_input_kind {
    AX_INPUT_DC,        /* amplitude, nA */
    AX_INPUT_STEP,      /* times[k] (ms, increasing) -> amplitudes[k] (nA), held until the next */
    AX_INPUT_AC,        /* offset + amplitude * sin(2 pi frequency t + phase), nA, Hz, degrees */
    AX_INPUT_NOISE,     /* mean + std * N(0,1), nA, a new draw every `interval` ms per neuron */
    AX_INPUT_POISSON    /* Poisson(sources * rate * dt) events per neuron per step of
                           `weight` onto `receptor`, no synapses stored */
} ax_input_kind;

typedef struct ax_input_spec {
    ax_input_kind kind;
    double amplitude;           /* dc, ac */
    double offset;              /* ac */
    double frequency;           /* ac, Hz */
    double phase;               /* ac, degrees */
    double mean, std;           /* noise, nA */
    double interval;            /* noise, ms; 0 = dt */
    const double *times;        /* step: change times, ms */
    const double *amplitudes;   /* step: amplitudes, nA */
    size_t n_times;
    double sources;             /* poisson: number of independent sources (> 0) */
    double rate;                /* poisson: Hz per source */
    double weight;              /* poisson: weight of each event */
    const char *receptor;       /* poisson: receptor of the target model */
    double start;               /* ms: active from start ... */
    double stop;                /* ... until stop (ms); 0 = until the end */
} ax_input_spec;

/* Drive `neurons` of population `pop`.  Times are rounded to the dt grid;
 * a current is constant over each step (ac is sampled at the step's
 * midpoint).  Allowed before and between runs. */
AX_API ax_status ax_input_add(ax_network *net, ax_population pop, ax_neurons neurons,
                       const ax_input_spec *spec, ax_input *out);

/* Change the level of a dc input (its amplitude, nA, finite) or of a
 * Poisson drive (its rate, Hz per source, finite and >= 0) from the next
 * step on; allowed before and between runs.  The rest of the input (its
 * neurons, start and stop, sources, weight, receptor) stays.  A drive's
 * random counts are keyed by (seed, input, neuron, step), so the result is
 * the same for any thread count and however the runs are cut.  A reset or a
 * restored checkpoint does not change a level back (it is a setting, as
 * parameters are).  Errors: AX_ERR_NOT_FOUND for an unknown input;
 * AX_ERR_ARGUMENT for another kind of input or a level outside the above
 * (the input is then unchanged). */
AX_API ax_status ax_input_set_level(ax_network *net, ax_input input, double level);

/* ------------------------------------------------------------------ */
/* Recording                                                            */
/* ------------------------------------------------------------------ */

/* Record the spikes of the chosen neurons. */
AX_API ax_status ax_recorder_add_spikes(ax_network *net, ax_population pop, ax_neurons neurons, ax_recorder *out);

/* Record state variable `var` of the chosen neurons every interval_ms
 * (a multiple of dt; 0 = dt), at times interval, 2*interval, ... (the
 * state at the end of the step, as NEST's multimeter). */
AX_API ax_status ax_recorder_add_state(ax_network *net, ax_population pop, const char *var, ax_neurons neurons,
                          double interval_ms, ax_recorder *out);

/* Recorded spikes: n spikes, in time order then neuron order.  The arrays
 * belong to the network and stay valid until the next run or free
 * (ax_recorder_take keeps them longer). */
AX_API ax_status ax_recorder_get_spikes(const ax_network *net, ax_recorder rec, size_t *n,
                        const double **times_ms, const uint32_t **neurons);

/* Recorded trace: values[s * n_neurons + c] is the value of neuron
 * neurons[c] at times_ms[s].  Recorded neurons come in increasing order.
 * The arrays stay valid until the next run or free (ax_recorder_take
 * keeps them longer). */
AX_API ax_status ax_recorder_get_trace(const ax_network *net, ax_recorder rec, size_t *n_samples,
                       size_t *n_neurons, const double **times_ms,
                       const double **values, const uint32_t **neurons);

/* ---- Population signals ---- */

/* What a population signal is.  Every kind is a sum over all the
 * population's neurons, sampled as state recorders are (every
 * interval_ms, the state at the end of the step), and summed exactly, so
 * that it is the same for any number of threads:
 *   AX_SIGNAL_MEAN: the mean of state variable `variable` (NULL: "v");
 *   AX_SIGNAL_LFP:  an LFP proxy (Mazzoni et al. 2015, PLoS Comput Biol
 *                   11:e1004584): sum_i |I_exc,i(t - 6 ms)| - 1.65 sum_i |I_inh,i(t)|,
 *                   in nA, from the synaptic currents: the state variables
 *                   isyn_exc, isyn_inh of current-based models (IF_curr_exp,
 *                   IF_curr_alpha), or gsyn_exc (v - e_rev_E), gsyn_inh (v - e_rev_I)
 *                   of conductance-based ones (IF_cond_exp, IF_cond_alpha,
 *                   EIF_cond_*, HH_cond_exp); other models are refused.
 *                   6 ms must be a multiple of dt; before the first run's
 *                   6 ms (and 6 ms after a reset) the delayed term is 0;
 *                   a checkpoint carries the sums it still needs;
 *   AX_SIGNAL_EEG:  the main seed's EEG estimate,
 *                   sum_i (v_i - v_ref) / (4 pi sigma r_i),
 *                   r_i the distance from neuron i's position to `electrode`
 *                   (ax_population_set_structure; the positions' units),
 *                   at least min_distance; in a population without
 *                   positions every neuron is at `distance` (the seed's
 *                   lattice: one distance for all cells).  Units: the
 *                   model's v over those of sigma * r (the seed: mV, S/mm, mm).
 * (The seed's CLI defaults: sigma 251, v_ref 0.007, distance 6.8.) */
typedef enum ax_signal_kind {
    AX_SIGNAL_MEAN = 0,
    AX_SIGNAL_EEG,
    AX_SIGNAL_LFP
} ax_signal_kind;

typedef struct ax_signal_spec {
    ax_signal_kind kind;
    const char *variable;       /* mean: a state variable (NULL: "v"); eeg: NULL or "v" */
    double interval_ms;         /* a multiple of dt; 0 = dt */
    double electrode[3];        /* eeg: x, y, z */
    double sigma;               /* eeg: conductivity, > 0 */
    double v_ref;               /* eeg: reference voltage */
    double distance;            /* eeg: r without positions, > 0 */
    double min_distance;        /* eeg: r below this counts as this, > 0 */
} ax_signal_spec;

/* Record a population signal.  The recorder has kind AX_RECORDER_SIGNAL;
 * ax_recorder_get_trace reads it as a trace of one column (neuron index
 * 0), and it is written and streamed as traces are, with the CSV header
 * "time_ms,<name>" (name: "mean_<variable>", "eeg" or "lfp"). */
AX_API ax_status ax_recorder_add_signal(ax_network *net, ax_population pop, const ax_signal_spec *spec,
                                        ax_recorder *out);

/* ---- Weights of plastic synapses ---- */

/* A selection of synapses of one projection, by position in the order of
 * ax_projection_get_synapses (by source, then target):
 *   list == NULL, n == 0: all synapses
 *   list == NULL, n >  0: the first n
 *   list != NULL:         the n positions in list (distinct; any order, recorded increasing) */
typedef struct ax_synapses {
    const uint64_t *list;
    size_t n;
} ax_synapses;

static inline ax_synapses ax_synapses_first(size_t n) { ax_synapses s = {NULL, n}; return s; }
static inline ax_synapses ax_synapses_list(const uint64_t *list, size_t n) { ax_synapses s = {list, n}; return s; }
#define AX_ALL_SYNAPSES (ax_synapses_first(0))

/* What ax_recorder_add_weights samples, and when.  Give interval_ms or times. */
typedef struct ax_weight_spec {
    ax_synapses synapses;
    double interval_ms;         /* > 0: at 0, interval, 2 interval, ... (a multiple of dt) */
    const double *times_ms;     /* or: at these times (on the dt grid, >= now; copied) */
    size_t n_times;
    uint32_t bins;              /* 0: the weights; > 0: a histogram of them in `bins` bins */
    double low, high;           /* histogram range; low == high: the rule's [w_min, w_max]
                                   ([-w_max, w_max] for the Vogels rule; a rule written as
                                   equations has none: give the range).  Weights outside
                                   are counted in the first or last bin */
} ax_weight_spec;

/* Record the weights of the chosen synapses of a plastic projection, as
 * they are at the chosen times: the weight that ax_projection_get_synapses would
 * give after a run ending there (pending potentiation included).  Samples
 * are taken at step boundaries - a time T is taken after the spikes
 * emitted before T are delivered, by the thread that owns the synapse -
 * so they are the same for any number of threads, and only the chosen
 * synapses are visited, at the chosen times.  Samples that fall at or
 * after the current time of the network are taken (a sample at the time
 * a run starts is taken at its start). */
AX_API ax_status ax_recorder_add_weights(ax_network *net, ax_projection proj, const ax_weight_spec *spec, ax_recorder *out);

/* Recorded weights: values[s * n_synapses + c] is the weight of synapse
 * synapses[c] (positions as in ax_projection_get_synapses, increasing) at
 * times_ms[s].  The arrays stay valid until the next run or free
 * (ax_recorder_take keeps them longer). */
AX_API ax_status ax_recorder_get_weights(const ax_network *net, ax_recorder rec, size_t *n_samples, size_t *n_synapses,
                         const double **times_ms, const double **values, const uint64_t **synapses);

/* Recorded histograms: counts[s * bins + b] synapses had a weight in bin b
 * ([edges[b], edges[b + 1]); the last bin includes its upper edge) at
 * times_ms[s]; edges has bins + 1 entries.  The arrays stay valid until
 * the next run or free (ax_recorder_take keeps them longer). */
AX_API ax_status ax_recorder_get_weight_histogram(const ax_network *net, ax_recorder rec, size_t *n_samples, size_t *bins,
                                  const double **times_ms, const uint64_t **counts, const double **edges);

typedef enum ax_recorder_kind {
    AX_RECORDER_SPIKES = 0,
    AX_RECORDER_STATE,
    AX_RECORDER_WEIGHTS,
    AX_RECORDER_WEIGHT_HISTOGRAM,
    AX_RECORDER_SIGNAL
} ax_recorder_kind;

typedef struct ax_recorder_info {
    ax_population pop;                 /* weights: the projection's target population */
    const char *variable;       /* "spikes", a state variable, "weights", "weight_histogram", or a
                                   signal's name ("mean_<var>", "eeg") */
    size_t n_neurons;           /* weights: synapses recorded (0 until the build for "all") */
    double interval_ms;         /* state recorders, weights at an interval (0: at given times) */
    ax_recorder_kind kind;
    ax_projection projection;   /* weights */
    uint32_t bins;              /* weight histograms */
    const char *unit;           /* of the recorded values: the state variable's (its model's, also
                                   for models defined on the network), the receptor's weight unit
                                   for weights and their histograms; "" for spikes */
} ax_recorder_info;
AX_API size_t ax_recorder_count(const ax_network *net);
AX_API ax_status ax_recorder_get_info(const ax_network *net, ax_recorder rec, ax_recorder_info *info);

/* Writing recordings in the formats of the model-file contract.  Each
 * file is written under a temporary name and renamed when complete, so a
 * file with the final name is never a partial one.  The format follows
 * the recorder's kind:
 *   spikes CSV:    header "time_ms,neuron", one row per spike
 *   trace CSV:     header "time_ms,<i>,<j>,..." (recorded neuron indices), one
 *                  row per sample; values with 10 significant digits
 *   weights CSV:   header "time_ms,<k>,<l>,..." (synapse positions), one row
 *                  per sample (the trace CSV with synapses for neurons)
 *   histogram CSV: header "time_ms,low,high,count", one row per bin and sample
 * and for traces and weights (not spikes or histograms) also NPY: values
 * (samples x neurons or synapses, float64, C order) and times. */
AX_API ax_status ax_recorder_write_csv(ax_network *net, ax_recorder rec, const char *path);
AX_API ax_status ax_recorder_write_npy(ax_network *net, ax_recorder rec, const char *values_path, const char *times_path);

/* Streaming: from now on, recorder `rec` writes what it records to its
 * file(s) during every run, in the formats above, and keeps in memory only
 * what it has not written yet - so memory does not grow with the length
 * of a run.  The file is created (emptied) now, gets its header when the
 * next run starts, and is appended to in chunks: a run is cut into
 * chunks (no result changes: chunks follow each other as runs do) so that
 * the streamed recordings held never exceed the record buffer
 * (ax_network_set_record_buffer) and no chunk lasts more than about 2 s of
 * wall time.  After every chunk the files are complete and valid (whole
 * CSV lines; an NPY header that counts exactly the rows written), so a
 * reader may follow them while the run goes on, and a run that is killed
 * leaves what it recorded up to its last chunk (ax_stats.recorded_ms says
 * how far).  A reset or restored checkpoint starts the files again.  A
 * streamed recorder's data is in its files: ax_recorder_get_* give only
 * what is not written yet, ax_recorder_write_* refuse.  The files are
 * closed when the network is freed. */
AX_API ax_status ax_recorder_stream_csv(ax_network *net, ax_recorder rec, const char *path);
AX_API ax_status ax_recorder_stream_npy(ax_network *net, ax_recorder rec, const char *values_path,
                                        const char *times_path);

/* Memory that streamed recorders may hold between writes, in bytes
 * (>= 1024; default 16 MiB).  Smaller: more frequent, smaller writes. */
AX_API ax_status ax_network_set_record_buffer(ax_network *net, size_t bytes);

/* The synapses of a projection: header "source,target,weight,delay", one
 * row per synapse in the order of ax_projection_get_synapses, with the
 * current weights. */
AX_API ax_status ax_projection_write_csv(ax_network *net, ax_projection proj, const char *path);

/* ---- Arrays a caller keeps ---- */

/* The arrays that ax_recorder_get_spikes, _get_trace, _get_weights,
 * _get_weight_histogram and ax_projection_get_table return belong to the
 * network and change or go at the next run, reset, restore, weight or
 * delay change, or free.  A caller that keeps them longer (the Python
 * package's numpy arrays, which view them without a copy) takes them
 * first: the blocks kept->blocks[0 .. kept->n) are then the caller's, who
 * frees each with ax_array_free; they stay valid and unchanged whatever
 * the network does, also after ax_network_free.  They are exactly the
 * distinct arrays that a get call returns at that moment for this recorder
 * or projection (those a get call returned, if nothing changed since), and
 * the network goes on with its own copy of the same data: a get after the
 * take returns equal contents at new addresses, and the recorder records
 * on.  Taking costs one copy of the recording (O(n)); a projection's
 * table is gathered again at the next ax_projection_get_table.  kept->n
 * is 0 when nothing is held (a recorder with nothing recorded yet, a
 * table not gathered since the last event). */
typedef struct ax_kept {
    void *blocks[6];
    uint32_t n;
} ax_kept;
AX_API ax_status ax_recorder_take(ax_network *net, ax_recorder rec, ax_kept *kept);
AX_API ax_status ax_projection_take_table(ax_network *net, ax_projection proj, ax_kept *kept);

/* Frees a block of ax_kept.blocks.  NULL is allowed. */
AX_API void ax_array_free(void *block);

/* ------------------------------------------------------------------ */
/* Running                                                              */
/* ------------------------------------------------------------------ */

/* Checks what ax_network_run would check before it starts, without generating any
 * synapse: the relations between each population's parameters (e.g.
 * v_reset below v_thresh) and what each model needs to prepare. */
AX_API ax_status ax_network_validate(ax_network *net);

/* Checks a duration as ax_network_run checks it before it starts, for a
 * run from the network's current time: > 0, finite, a multiple of dt, and
 * ending within the 9e15 steps the clock allows (e.g. at most 9e14 ms
 * with dt = 0.1 ms).  The message says what would be allowed instead. */
AX_API ax_status ax_network_validate_duration(ax_network *net, double duration_ms);

/* Generate the synapses and buffers now (ax_network_run does it when needed). */
AX_API ax_status ax_network_build(ax_network *net);

/* Advance the simulation by duration_ms (a multiple of dt, > 0).  Can be
 * called again to continue. */
AX_API ax_status ax_network_run(ax_network *net, double duration_ms);

/* Called by ax_network_run from one thread about every `every_ms` of simulated time;
 * a nonzero return stops the run (AX_ERR_INTERRUPTED) at a clean point, from
 * which it can be continued. */
typedef int (*ax_progress_fn)(double t_ms, double t_end_ms, void *user);
AX_API void ax_network_set_progress(ax_network *net, ax_progress_fn fn, void *user, double every_ms);

/* Asks the run in progress (or, if none, the next one) to stop at the end
 * of the current window (at most 1 ms of simulated time later) with
 * AX_ERR_INTERRUPTED, its recordings complete up to there; the run can be
 * continued.  Safe to call from a signal handler and from any thread: it
 * only stores an atomic flag, which the run clears when it stops. */
AX_API void ax_network_interrupt(ax_network *net);

/* Why the last ax_network_run stopped before its end (status AX_OK when it
 * did not): AX_ERR_NUMERIC (a state became NaN or infinite: the first
 * neuron, by global id, where the periodic check found it), AX_ERR_MEMORY,
 * AX_ERR_IO (a streamed recording could not be written) or
 * AX_ERR_INTERRUPTED.  The strings and the state belong to the network
 * and stay valid until the next run, reset or free. */
typedef struct ax_run_failure {
    ax_status status;
    double time_ms;             /* the simulated time reached: recordings hold up to here */
    const char *cause;          /* AX_ERR_NUMERIC: the likely cause and what to try; otherwise what happened */
    /* AX_ERR_NUMERIC only: */
    ax_population pop;
    uint32_t neuron;            /* index in the population */
    const char *variable;       /* the state variable found NaN or infinite */
    double value;
    double from_ms, to_ms;      /* finite at from_ms (the previous check), not at to_ms */
    const double *state;        /* every state variable of the neuron at to_ms, in the model's order */
    uint32_t n_vars;            /* (0 if there was no memory to keep them) */
} ax_run_failure;
AX_API ax_status ax_network_get_failure(const ax_network *net, ax_run_failure *out);

typedef struct ax_stats {
    uint64_t neurons;
    uint64_t synapses;
    uint64_t spikes;            /* emitted since the start */
    uint64_t events;            /* synaptic events delivered since the start */
    uint64_t synapse_bytes;     /* memory of all synapse storage */
    uint64_t plastic_bytes;     /* memory of plastic synapses' other state: per-source traces, per-target
                                   spike histories (which grow with the spikes not yet read by every
                                   incoming synapse), eligibility traces */
    double time_ms;             /* simulated time */
    double build_s;             /* wall seconds spent building */
    double run_s;               /* wall seconds spent in ax_network_run */
    uint32_t min_delay_steps;   /* threads synchronise once per this many steps */
    int threads;                /* the network's parts (one per core for threads = 0) */
    double recorded_ms;         /* streamed recordings are complete in their files up to this time */
    /* Under MPI (docs/mpi.md): synapses, spikes and events are the whole network's; synapse_bytes
     * and plastic_bytes this rank's.  The window exchange so far: bytes this rank sent, windows
     * exchanged, and windows whose messages did not fit the first collective (0 with one rank). */
    int ranks;
    uint64_t exchange_bytes;
    uint64_t exchange_windows;
    uint64_t exchange_second;
    /* OS threads that ran the last run (0 before any): `threads` when given, and for threads = 0
     * the count that ran its first windows fastest (1 .. threads, timed; docs/architecture.md,
     * "Threads") */
    int threads_used;
} ax_stats;
AX_API ax_status ax_network_get_stats(const ax_network *net, ax_stats *stats);

/* Spikes emitted by a population since the start. */
AX_API ax_status ax_population_get_spike_count(const ax_network *net, ax_population pop, uint64_t *count);

/* ------------------------------------------------------------------ */
/* Warnings                                                             */
/* ------------------------------------------------------------------ */

/* Settings that are allowed but almost certainly mistakes.  The library
 * collects them on the network (each kind once per object) and never
 * prints them; `axon run` and `axon check` print them to stderr.  They
 * never make a call fail.  docs/warnings.md lists when each one fires.
 *   found by ax_network_validate, ax_network_build, ax_network_check_run
 *   and every run:
 *     WEIGHT_SIGN          a projection's or Poisson input's weight (its mean,
 *                          for a distribution) has the sign that its receptor's
 *                          convention does not expect (AX_RECEPTOR_EXPECTS_*)
 *     DRIVE_UNITS          an injected current above the model's drive_limit
 *     THREADS_OVER_CORES   more threads than the cores the process may use
 *   found by ax_network_check_run and at the end of every run:
 *     RECORDER_NEVER_SAMPLES  a state or weight recorder with no sample due
 *                          between the start and the end of the run (or of
 *                          the planned runs it is a piece of)
 *   found at the end of every run:
 *     FIRES_EVERY_STEP     a population whose neurons fired on more than half
 *                          the steps so far on average (at least 10 steps)
 *     STATE_RANGE          a state variable in mV beyond +-1000 mV */
typedef enum ax_warning_kind {
    AX_WARNING_WEIGHT_SIGN = 0,          /* "weight_sign" */
    AX_WARNING_FIRES_EVERY_STEP,         /* "fires_every_step" */
    AX_WARNING_STATE_RANGE,              /* "state_range" */
    AX_WARNING_RECORDER_NEVER_SAMPLES,   /* "recorder_never_samples" */
    AX_WARNING_DRIVE_UNITS,              /* "drive_units" */
    AX_WARNING_THREADS_OVER_CORES,       /* "threads_over_cores" */
    AX_WARNING_KINDS                     /* how many kinds there are */
} ax_warning_kind;

/* A handle field of ax_warning that names nothing. */
#define AX_NO_HANDLE UINT32_MAX

typedef struct ax_warning {
    ax_warning_kind kind;
    const char *name;           /* the kind's stable name, e.g. "weight_sign" */
    const char *message;        /* one sentence: the object, the value, why it is
                                   suspicious, what to do and how to silence it */
    int64_t step;               /* the network's step when it was found at the end of a
                                   run; -1 when found without running */
    double value;               /* the suspicious number: the weight, the current (nA),
                                   spikes per neuron per step, the state, the first
                                   sample's time (ms), the threads */
    ax_population population;   /* what it is about, AX_NO_HANDLE where not */
    ax_projection projection;
    ax_input input;
    ax_recorder recorder;
    int64_t neuron;             /* index within the population, -1 where not about one */
} ax_warning;

/* The warnings collected so far, in the order they were found: count, and
 * warning `index` (0 .. count-1; AX_ERR_ARGUMENT past the end).  The
 * message belongs to the network and stays valid until the next
 * ax_warning_silence or the network is freed.  At most 64 are kept. */
AX_API size_t ax_warning_count(const ax_network *net);
AX_API ax_status ax_warning_get(const ax_network *net, size_t index, ax_warning *out);

/* Stop collecting warnings of `kind`, and drop those collected (a model
 * file does it with simulation.silence_warnings = ["name", ...]). */
AX_API ax_status ax_warning_silence(ax_network *net, ax_warning_kind kind);

/* The stable name of a kind ("weight_sign"), or NULL when `kind` is not one. */
AX_API const char *ax_warning_kind_name(ax_warning_kind kind);

/* Says that the runs to come go from now to now + duration_ms, and
 * collects the warnings that can be known before them (those of
 * ax_network_validate's kinds and RECORDER_NEVER_SAMPLES).  Optional: a
 * run is judged on its own, or - when it lies within the planned runs -
 * with all of them, so that runs in pieces (ax_modelfile_run calls this
 * first) do not warn about a recorder that samples in another piece. */
AX_API ax_status ax_network_check_run(ax_network *net, double duration_ms);

/* ------------------------------------------------------------------ */
/* Reset and checkpoints                                                */
/* ------------------------------------------------------------------ */

/* Back to t = 0 with the same connectivity (PyNN's reset()): the state
 * variables as they were when the first run started (values drawn from
 * distributions and set by ax_population_set_state before it included),
 * plastic weights as built, and traces, modulator levels, delay buffers,
 * spike counts and recordings empty.  What was set stays, as PyNN keeps
 * parameter changes: parameters, spike times, learning switches and rates,
 * inputs and recorders added between runs.  State set between runs does
 * not; state set at t = 0 (after a reset) is the initial value that later
 * resets return to.  A run after a reset repeats the first bit for bit. */
AX_API ax_status ax_network_reset(ax_network *net);

/* Save the whole simulation state of a built network to `path` (written
 * under a temporary name and renamed when complete): the time, the
 * neurons' state and parameters, input waiting in the delay buffers,
 * plastic weights and traces, modulators, spike counts.  Recordings are
 * not in it (write them with ax_recorder_write_csv).  The file does not
 * depend on the number of threads (format: docs/checkpoints.md).  Under
 * MPI every rank calls it: rank r of R > 1 writes its part to
 * "<path>.rank<r>of<R>" (rank 0 to path), and a failure on any rank is
 * every rank's, with its message. */
AX_API ax_status ax_network_save_state(const ax_network *net, const char *path);

/* Continue from a file of ax_network_save_state, in a network declared as
 * the one that saved it (the same model, dt, seed and connectivity; any
 * number of threads), which is built first if needed.  Running on gives,
 * bit for bit, what the saving network would have given.  Recordings
 * start empty and record on the restored clock.  A truncated, corrupted
 * or mismatched file is refused with a message saying what is wrong, and
 * the network is left as it was.  Under MPI every rank calls it and reads
 * its part; only the number of ranks that saved it is accepted. */
AX_API ax_status ax_network_restore_state(ax_network *net, const char *path);

/* ------------------------------------------------------------------ */
/* Model files (TOML, see docs/model-file.md)                           */
/* ------------------------------------------------------------------ */

typedef struct ax_modelfile ax_modelfile;

/* Reads a model file and declares everything in it through the calls
 * above (nothing is built or run yet).  `overrides` are "key.path=value"
 * strings applied to the file first, as `axon run --set` does, e.g.
 * "simulation.duration=200" or "projections.0.weight=0.5"; a value that
 * is not TOML is taken as a string.  Returns NULL with
 * "file:line:col: key.path: what is wrong" in *err. */
AX_API ax_modelfile *ax_modelfile_load(const char *path, const char *const *overrides, size_t n_overrides, ax_error *err);

/* Parses the same from a string; `name` stands for the file in messages
 * and relative paths (from_list files) are taken from `dir`. */
AX_API ax_modelfile *ax_modelfile_load_string(const char *text, const char *name, const char *dir,
                                    const char *const *overrides, size_t n_overrides, ax_error *err);

AX_API void ax_modelfile_free(ax_modelfile *m);

/* Runs the file's network for duration_ms, applying its [[schedule]]
 * (learning switched on or off, learning rates) at the given times; the
 * same as ax_network_run when there is none.  Runs can be continued, also
 * on a clock that moved without the model file: after ax_network_restore_state
 * the events up to the restored time count as applied (the saving run
 * applied them; their effects are in the state), after ax_network_reset
 * the schedule starts again from the file's learning settings. */
AX_API ax_status ax_modelfile_run(ax_modelfile *m, double duration_ms);

/* Checks, without generating any synapse, what running the file for its
 * own simulation.duration would check before the first step: that the
 * duration is given (the loader already checked its value:
 * ax_network_validate_duration) and still fits the network's clock, and
 * ax_network_validate.  The message, in ax_network_get_error of the file's
 * network, names the place in the file: "file:line:col: key.path: ..."
 * (`axon check` and `axon run` both call this).  Errors that depend on
 * the synapses drawn (a plastic weight drawn outside its bounds, a
 * recorded synapse past the number drawn) come from ax_network_build. */
AX_API ax_status ax_modelfile_validate(ax_modelfile *m);

/* Builds the file's network (ax_network_build) and sets the weights of
 * the projections that name a file with `weights_from`
 * (ax_projection_import; docs/model-file.md), once.  ax_modelfile_run does
 * it before its first run; a caller that builds before running (to
 * restore a checkpoint, or to export connectivity as `axon connections`
 * does) calls this instead of ax_network_build.  The message of a file
 * that cannot be imported is placed at its key:
 * "model.toml:9:16: projections[0].weights_from: import into ...", and is
 * final: this call and ax_modelfile_run return it from then on (load the
 * file again once the file is right). */
AX_API ax_status ax_modelfile_build(ax_modelfile *m);

AX_API ax_network *ax_modelfile_get_network(ax_modelfile *m);
AX_API const char *ax_modelfile_get_name(const ax_modelfile *m);      /* `name`, or the file name without .toml */
AX_API double ax_modelfile_get_duration(const ax_modelfile *m);       /* ms; NAN when the file gives none */
AX_API const char *ax_modelfile_get_output_dir(const ax_modelfile *m);/* simulation.output or axon-out/<name> */
/* The file's [analysis] table (docs/model-file.md): `axon run` analyses
 * its output folder at the end of the run, as `axon analyze` does. */
typedef struct ax_modelfile_analysis {
    bool enabled;        /* false: no [analysis] table, or enabled = false */
    bool pictures;       /* draw the pictures (default true) */
    double bin_ms;       /* population-rate and count bins (default 5, > 0) */
    uint64_t sample;     /* neurons sampled for correlations and distances (default 50, >= 1) */
    uint64_t seed;       /* of the sample (default 1) */
} ax_modelfile_analysis;
/* Copies the table's values into *out (the defaults and enabled = false
 * without a table); AX_ERR_ARGUMENT when m or out is NULL. */
AX_API ax_status ax_modelfile_get_analysis(const ax_modelfile *m, ax_modelfile_analysis *out);
/* The `name` the file gives projection proj, or NULL. */
AX_API const char *ax_modelfile_get_projection_name(const ax_modelfile *m, ax_projection proj);

/* Writes every recording the file asks for into `dir` (which must exist),
 * as docs/model-file.md "Outputs" says: <pop>.spikes.csv, <pop>.<var>.csv or
 * .npy (+ .times.npy).  Each file appears complete or not at all.  After
 * ax_modelfile_stream_recordings, only the final synapses are left to write. */
AX_API ax_status ax_modelfile_write_recordings(ax_modelfile *m, const char *dir);

/* Streams every recorder output of the file to its file in `dir` (which
 * must exist) during the runs that follow (ax_recorder_stream_csv): memory
 * stays bounded however long the run, and the files are valid at every
 * chunk of a run, so a stopped or killed run leaves what it recorded.  The
 * final synapses (`final = true`) are still written by
 * ax_modelfile_write_recordings after the run.  `axon run` does this. */
AX_API ax_status ax_modelfile_stream_recordings(ax_modelfile *m, const char *dir);

/* Names of the files ax_modelfile_write_recordings writes, one at a time:
 * index 0, 1, ... until it returns NULL. */
AX_API const char *ax_modelfile_get_recording_file(const ax_modelfile *m, size_t index);


/* ------------------------------------------------------------------ */
/* Analysis (docs/analysis.md)                                          */
/* ------------------------------------------------------------------ */

/* Analysis calls need no network: each reports a failure in *err (err may
 * be NULL) and returns a negative status; results that would not be
 * numbers (a CV of a train with fewer than 3 spikes, a rate over an empty
 * interval) are refused or reported as NAN where the documentation says
 * so, never presented as numbers.  Arrays a call allocates are the
 * caller's, freed with ax_array_free. */

/* A set of spike trains observed over one interval [t_start, t_stop] (ms):
 * train k's spike times are times_ms[offsets[k] .. offsets[k + 1]), in
 * increasing order (equal times allowed), each within [t_start, t_stop].
 * A view: the caller owns the arrays (or ax_spike_trains_free frees those
 * a call of the library made).  offsets has n_trains + 1 entries,
 * offsets[0] = 0. */
typedef struct ax_spike_trains {
    size_t n_trains;
    const size_t *offsets;
    const double *times_ms;
    double t_start, t_stop;
} ax_spike_trains;

/* Checks a view: t_start < t_stop, both finite; offsets non-decreasing from
 * 0; every time finite, within the interval and not before its train's
 * previous one.  The message names the train, the index and the value.
 * `caller` starts the message (e.g. "ax_spike_trains_cv"). */
AX_API ax_status ax_spike_trains_check(const ax_spike_trains *trains, const char *caller, ax_error *err);

/* ---- Spike trains: making, reading, freeing; statistics and rates ---- */

/* Makes a view (docs/analysis.md, "Spike trains") from n_events events
 * given in any order: event e is a spike of train neurons[e] at
 * times_ms[e].  Each train's times come out sorted.  Errors: a NULL
 * array with n_events > 0 or a NULL out; n_trains > 2^32; neurons[e] >=
 * n_trains; a time not finite or outside [t_start, t_stop]; an interval
 * that ax_spike_trains_check refuses.
 * n_trains = 0 is allowed only without events.  On success *out's arrays
 * are the library's: free them with ax_spike_trains_free.  On failure
 * *out is zeroed and nothing is held. */
AX_API ax_status ax_spike_trains_from_events(const double *times_ms, const uint32_t *neurons, size_t n_events,
                                             size_t n_trains, double t_start, double t_stop, ax_spike_trains *out,
                                             ax_error *err);

/* Makes a view from a spike recorder of net (ax_recorder_add_spikes): train
 * k holds the spikes of neuron k of the recorder's population (its index
 * in the population, as ax_recorder_get_spikes gives it), so n_trains is
 * the population's size and neurons the recorder does not record have
 * empty trains.  The interval is [t_start, t_stop]; NAN for both takes
 * [0, ax_network_get_time(net)] (an error before the first run: the
 * interval would be empty).  Spikes outside the interval are left out.
 * A streamed recorder (ax_recorder_stream_csv) holds in memory only what
 * it has not written yet: read its file with ax_spike_trains_read instead.
 * Errors: net or out NULL, rec not a spike recorder (AX_ERR_ARGUMENT) or
 * not a recorder (AX_ERR_NOT_FOUND).  Free with ax_spike_trains_free. */
AX_API ax_status ax_spike_trains_from_recorder(const ax_network *net, ax_recorder rec, double t_start,
                                               double t_stop, ax_spike_trains *out, ax_error *err);

/* Frees the arrays of a view that ax_spike_trains_from_events,
 * _from_recorder or _read made, and zeroes *trains (so freeing twice is
 * harmless).  Never call it on a view whose arrays the caller made: it
 * frees exactly trains->offsets and trains->times_ms.  NULL is allowed. */
AX_API void ax_spike_trains_free(ax_spike_trains *trains);

/* How ax_spike_trains_read and ax_spike_stats_read_file read a CSV file of
 * spikes: one row per spike, with a time column and a neuron-id column.
 * A NULL format means { .header = AX_SPIKE_HEADER_DETECT, .time_column =
 * -1, .neuron_column = -1, .time_unit_ms = 0, .n_trains = 0 }. */
typedef enum ax_spike_header {
    AX_SPIKE_HEADER_DETECT = 0,  /* a first line whose first field is not a number names the columns */
    AX_SPIKE_HEADER_YES,
    AX_SPIKE_HEADER_NO
} ax_spike_header;
typedef struct ax_spike_file_format {
    ax_spike_header header;
    int time_column;        /* 0-based column of the times; -1: found by the header's name, one of
                               time_ms, times_ms, t_ms, time, times, t, spike_time, spike_times (ms),
                               time_s, times_s, t_s (s) - case does not matter */
    int neuron_column;      /* 0-based column of the ids; -1: by name, one of neuron, neurons, id,
                               ids, neuron_id, sender, senders, i, unit, index, cell */
    double time_unit_ms;    /* ms per unit of the time column: 1 (ms), 1000 (s); 0: from the
                               column's name (s for the *_s names, ms otherwise) */
    size_t n_trains;        /* 0: 1 + the largest id in the file */
} ax_spike_file_format;

/* Reads a spike file into a view: axon's recordings (<pop>.spikes.csv,
 * header "time_ms,neuron", also one cut at its end by a stopped run: a
 * last line without its newline is left out) and any CSV with a time and a
 * neuron-id column (format above; rows in any order: the trains come out
 * sorted).  Ids are whole numbers >= 0 (< n_trains when it is given);
 * times finite and >= 0.  The interval is [t_start, t_stop]; NAN for both
 * takes [0, the last spike's time] (an error when that is 0: no spikes,
 * or all at 0), and spikes outside a given interval are left out.  Every
 * failure is "path:line:col: what (column 'name')" and says what is
 * allowed: no such file, an empty file (nothing but a header), a row with
 * a bad field, a file without a header and no columns given.  Free the
 * view with ax_spike_trains_free.  The whole file is held in memory while
 * it is read (16 bytes a spike, twice while sorting); for files larger
 * than memory use ax_spike_stats_read_file, ax_spike_trains_read_neurons. */
AX_API ax_status ax_spike_trains_read(const char *path, const ax_spike_file_format *format, double t_start,
                                      double t_stop, ax_spike_trains *out, ax_error *err);

/* Reads the spikes of some neurons of a spike file: as
 * ax_spike_trains_read (format, interval, errors: every row is read and
 * checked), but the view has n_ids trains, train a holding the spikes of
 * neuron ids[a], and only their spikes are held in memory (16 bytes each),
 * so a sample of a file larger than memory can be read.  Rows in any
 * order.  Errors also: NULL ids, n_ids = 0, an id twice, an id >=
 * format->n_trains when that is given, or >= 2^32.  Free the view with
 * ax_spike_trains_free. */
AX_API ax_status ax_spike_trains_read_neurons(const char *path, const ax_spike_file_format *format,
                                              const size_t *ids, size_t n_ids, double t_start, double t_stop,
                                              ax_spike_trains *out, ax_error *err);

/* What a spike file holds, read in one pass in constant memory (to make
 * an ax_spike_stats for a file of unknown size): the number of spikes (its
 * rows), n_trains = 1 + the largest neuron id (format->n_trains when that
 * is given: ids must be below it), the last (largest) time, ms.  Each
 * pointer may be NULL.  Errors as ax_spike_trains_read's (no such file, a
 * bad row, an empty file). */
AX_API ax_status ax_spike_trains_scan_file(const char *path, const ax_spike_file_format *format,
                                           uint64_t *n_spikes, size_t *n_trains, double *last_ms, ax_error *err);

/* Statistics of a view.  Every call checks its view first
 * (ax_spike_trains_check) and refuses a view of no trains (n_trains = 0:
 * no statistic of a population of none).  Per-train results go into
 * caller arrays of n_trains entries; summaries (pointers that may be NULL)
 * are described with each call.  T = t_stop - t_start. */

/* Firing rate of each train, rates_hz[k] = n_k / (T / 1000) (spikes/s),
 * and, when mean_hz is not NULL, the population's mean rate
 * sum_k n_k / (n_trains T / 1000). */
AX_API ax_status ax_spike_trains_rates(const ax_spike_trains *trains, double *rates_hz, double *mean_hz,
                                       ax_error *err);

/* Population rate per neuron (Hz): bins of bin_ms from t_start, bin j =
 * [t_start + j bin_ms, t_start + (j + 1) bin_ms) (the last bin closed at
 * t_stop, so a spike at t_stop counts), rate_j = spikes in bin j /
 * (n_trains x width_j / 1000).  n_bins = ceil(T / bin_ms) (T / bin_ms
 * within 1e-9 of a whole number counts as that number): when bin_ms does
 * not divide T, the last bin is shorter and width_j is its own width, so
 * it is a rate like the others.  With sigma_ms > 0 the binned rate is
 * then smoothed with a Gaussian kernel of standard deviation sigma_ms
 * sampled at the bins, w_i = exp(-(i bin_ms)^2 / (2 sigma_ms^2)) for |i| <=
 * r = floor(4 sigma_ms / bin_ms + 0.5) (as scipy.ndimage.gaussian_filter1d
 * with truncate = 4), and at each bin normalised over the bins of the
 * interval only (near the ends the kernel is cut and renormalised: no
 * rate is assumed outside the interval, and a constant rate stays
 * constant); sigma_ms = 0: no smoothing.  Errors: bin_ms not finite or <=
 * 0 or > T; sigma_ms not finite or < 0; more than 2^32 bins.  *rate_hz
 * (n_bins doubles) is the caller's, freed with ax_array_free. */
AX_API ax_status ax_spike_trains_population_rate(const ax_spike_trains *trains, double bin_ms, double sigma_ms,
                                                 double **rate_hz, size_t *n_bins, ax_error *err);

/* Histogram of the inter-spike intervals I = t_{i+1} - t_i of all trains
 * pooled (ms): bin j = [j bin_ms, (j + 1) bin_ms) for j < n_bins =
 * ceil(max_isi_ms / bin_ms) (1e-9 as above), the last bin ending at
 * max_isi_ms and closed there (as numpy.histogram's last bin); intervals
 * longer than max_isi_ms are not counted (*n_beyond, when not NULL, says
 * how many).  Equal spike times give intervals of 0, in bin 0.  Errors:
 * bin_ms or max_isi_ms not finite or <= 0, bin_ms > max_isi_ms, more than
 * 2^32 bins.  *counts (n_bins entries) is the caller's (ax_array_free). */
AX_API ax_status ax_spike_trains_isi_histogram(const ax_spike_trains *trains, double bin_ms, double max_isi_ms,
                                               uint64_t **counts, size_t *n_bins, uint64_t *n_beyond,
                                               ax_error *err);

/* Coefficient of variation of each train's n inter-spike intervals,
 * cv[k] = s / m with m their mean and s their standard deviation with
 * divisor n (ddof = 0, as scipy.stats.variation and Elephant's cv):
 * computed in one pass (Welford), as ax_spike_stats does.  NAN for a train
 * with fewer than 3 spikes (n < 2) or m = 0 (all its spikes at one time).
 * *mean_cv (may be NULL): the mean of the trains' defined values, NAN when
 * none is; *n_defined (may be NULL) how many are. */
AX_API ax_status ax_spike_trains_cv(const ax_spike_trains *trains, double *cv, double *mean_cv, size_t *n_defined,
                                    ax_error *err);

/* Local variation (Shinomoto, Shima & Tanji 2003, Neural Comput 15:2823):
 * lv[k] = 3 / (n - 1) sum_{i=1}^{n-1} ((I_i - I_{i+1}) / (I_i + I_{i+1}))^2
 * over the train's n intervals; 1 for a Poisson process, 0 for a regular
 * one.  NAN for fewer than 3 spikes (n < 2) and for a train with two
 * consecutive intervals of 0 (three spikes at one time: 0/0).  mean_lv
 * and n_defined as for ax_spike_trains_cv. */
AX_API ax_status ax_spike_trains_lv(const ax_spike_trains *trains, double *lv, double *mean_lv, size_t *n_defined,
                                    ax_error *err);

/* Revised local variation (Shinomoto et al. 2009, PLoS Comput Biol
 * 5:e1000433, eq. 3) with refractoriness constant R (ms; 5 ms in the paper):
 * lvr[k] = 3 / (n - 1) sum_{i=1}^{n-1} (1 - 4 I_i I_{i+1} / (I_i + I_{i+1})^2)
 *                                       (1 + 4 R / (I_i + I_{i+1})).
 * R = 0 gives LV.  NAN where LV is NAN.  Errors: R not finite or < 0.
 * mean_lvr and n_defined as for ax_spike_trains_cv. */
AX_API ax_status ax_spike_trains_lvr(const ax_spike_trains *trains, double r_ms, double *lvr, double *mean_lvr,
                                     size_t *n_defined, ax_error *err);

/* Fano factor of spike counts in windows of window_ms: the interval is cut
 * into W = floor(T / window_ms) whole windows [t_start + w window_ms,
 * t_start + (w + 1) window_ms) (1e-9 as above; what is left at the end is
 * not used; a spike at t_stop counts in the last window when the windows
 * reach t_stop).  fano[k] = var / mean of train k's W counts (variance
 * with divisor W, ddof = 0, as Elephant's fanofactor); NAN for a train
 * with no spike in the windows (mean 0).  *pooled (may be NULL): the same
 * ratio over all n_trains x W counts taken as one sample; NAN when all
 * are 0.  Errors: window_ms not finite or <= 0, fewer than 2 windows
 * (window_ms > T / 2) or more than 1e9.  Memory: one train's W counts. */
AX_API ax_status ax_spike_trains_fano_factor(const ax_spike_trains *trains, double window_ms, double *fano,
                                             double *pooled, ax_error *err);

/* A burst found by ax_spike_trains_bursts. */
typedef struct ax_spike_burst {
    size_t train;           /* which train */
    size_t first;           /* index of its first spike in the train */
    size_t n_spikes;
    double start_ms, end_ms;  /* times of its first and last spike */
} ax_spike_burst;

/* Bursts by the ISI-threshold method (as the "max interval" method of
 * Nex Technologies with no merging, or Cocatre-Zilgien & Delcomyn 1992):
 * a burst is a longest run of >= min_spikes consecutive spikes of a train
 * in which every interval is <= max_isi_ms.  Bursts come in train order,
 * then time order, in *bursts (*n_bursts entries; NULL when there are
 * none), the caller's (ax_array_free); per_train (n_trains entries, may be
 * NULL) gets each train's number of bursts.  Errors: max_isi_ms not
 * finite or < 0; min_spikes < 2. */
AX_API ax_status ax_spike_trains_bursts(const ax_spike_trains *trains, double max_isi_ms, size_t min_spikes,
                                        ax_spike_burst **bursts, size_t *n_bursts, size_t *per_train,
                                        ax_error *err);

/* Statistics of spikes that come in chunks, in memory proportional to the
 * neurons and bins, not to the spikes (files larger than memory): counts,
 * rates, CV, LV, LvR per neuron, the binned population rate, the ISI
 * histogram, the Fano factor and Golomb's synchrony chi^2 (windows and bins
 * of the spec's bin_ms), each equal bit for bit to what the calls on a view
 * give for the same spikes as one view (the same code accumulates both). */
typedef struct ax_spike_stats ax_spike_stats;
typedef struct ax_spike_stats_spec {
    size_t n_neurons;           /* > 0 */
    double t_start, t_stop;     /* the interval, ms, as a view's */
    double bin_ms;              /* population-rate bins, as ax_spike_trains_population_rate */
    double isi_bin_ms, isi_max_ms;  /* ISI histogram, as ax_spike_trains_isi_histogram */
    double lvr_r_ms;            /* R of LvR (ms, >= 0) */
} ax_spike_stats_spec;

/* A new accumulator, or NULL (error in *err) for a spec the calls above
 * would refuse (n_neurons = 0 among them) or out of memory.  It holds
 * 136 bytes a neuron and 8 a bin.  Free with ax_spike_stats_free. */
AX_API ax_spike_stats *ax_spike_stats_create(const ax_spike_stats_spec *spec, ax_error *err);

/* Adds n events (neurons[e] spiked at times_ms[e]) in time order: times
 * must not decrease within the chunk nor from the last time added, be
 * finite and in [t_start, t_stop]; neurons[e] < n_neurons.  A chunk with a
 * bad event is refused whole (nothing of it is added). */
AX_API ax_status ax_spike_stats_add(ax_spike_stats *stats, const double *times_ms, const uint32_t *neurons,
                                    size_t n, ax_error *err);

/* Per-neuron results so far, each array n_neurons entries or NULL: spike
 * counts, rates (Hz, over the whole interval), CV, LV, LvR (NAN as in the
 * calls above). */
AX_API ax_status ax_spike_stats_get_neurons(const ax_spike_stats *stats, uint64_t *counts, double *rates_hz,
                                            double *cv, double *lv, double *lvr, ax_error *err);

/* The population rate (as ax_spike_trains_population_rate, with
 * smoothing sigma_ms) and the ISI histogram (as
 * ax_spike_trains_isi_histogram) of what was added; arrays the caller's
 * (ax_array_free). */
AX_API ax_status ax_spike_stats_get_population_rate(const ax_spike_stats *stats, double sigma_ms, double **rate_hz,
                                                    size_t *n_bins, ax_error *err);
AX_API ax_status ax_spike_stats_get_isi_histogram(const ax_spike_stats *stats, uint64_t **counts, size_t *n_bins,
                                                  uint64_t *n_beyond, ax_error *err);

/* The Fano factor of what was added, in windows of the spec's bin_ms:
 * fano (n_neurons entries, may be NULL) and *pooled (may be NULL) as
 * ax_spike_trains_fano_factor(view, bin_ms, ...) gives them, bit for bit.
 * Errors: NULL stats; a bin_ms that fits fewer than 2 (or more than 1e9)
 * times in the interval. */
AX_API ax_status ax_spike_stats_get_fano_factor(const ax_spike_stats *stats, double *fano, double *pooled,
                                                ax_error *err);

/* Golomb's synchrony chi^2 of what was added, in whole bins of the spec's
 * bin_ms: ax_spike_trains_synchrony(view, bin_ms, 0, chi2) bit for bit
 * (NAN when no neuron's counts vary).  Errors: NULL stats or chi2; fewer
 * than 2 whole bins in the interval. */
AX_API ax_status ax_spike_stats_get_synchrony(const ax_spike_stats *stats, double *chi2, ax_error *err);

/* The spec the accumulator was made with. */
AX_API ax_status ax_spike_stats_get_spec(const ax_spike_stats *stats, ax_spike_stats_spec *spec, ax_error *err);

/* Reads a spike CSV (format as ax_spike_trains_read's; its n_trains, when
 * given, must equal the spec's n_neurons, otherwise ids must be below it)
 * chunk by chunk into stats: memory stays bounded whatever the file's
 * size.  Rows must be in time order, as axon's recordings are (a row that
 * goes back in time is an error at its line): sort a foreign file first or
 * read it with ax_spike_trains_read.  Spikes outside the spec's interval
 * are left out.  Errors as ax_spike_trains_read's; on an error the spikes
 * of the rows before it stay added. */
AX_API ax_status ax_spike_stats_read_file(ax_spike_stats *stats, const char *path,
                                          const ax_spike_file_format *format, ax_error *err);

/* Frees an accumulator.  NULL is allowed. */
AX_API void ax_spike_stats_free(ax_spike_stats *stats);

/* ---- Correlations and synchrony ---- */

/* Binning for correlations and synchrony (docs/analysis.md, "Correlations
 * and synchrony"): bin k of a train is [t_start + k bin_ms, t_start + (k+1)
 * bin_ms), the last whole bin closed on the right (numpy.histogram with
 * these edges); the interval holds n_bins = floor((t_stop - t_start) /
 * bin_ms + 1e-9) whole bins, and spikes after the last whole bin (a last
 * partial bin) are not counted, as in Elephant's BinnedSpikeTrain.  A bin
 * width that leaves fewer than 2 whole bins is an error. */

/* Pearson's correlation coefficients of binned spike counts between the
 * trains which[0 .. n) (which = NULL: all trains of the view, n = n_trains):
 *     r_ab = cov(c_a, c_b) / sqrt(var(c_a) var(c_b))
 * over the n_bins bins, numpy.corrcoef's value.  The counts are integers,
 * so the sums are formed exactly (while n_bins * sum of squared counts <
 * 2^53) and r does not depend on the thread count.  r is written to the
 * caller's array r[n * n] (row a, column b at r[a * n + b]), symmetric,
 * 1 on the diagonal.  A train whose counts are all equal (a silent train,
 * or one spike in every bin) has no correlation: its row, column and
 * diagonal are NAN.  Errors: NULL trains or r, a bad view, n = 0 with which
 * given, an index of which outside the view, bin_ms not finite or <= 0 or
 * leaving fewer than 2 whole bins. */
AX_API ax_status ax_spike_trains_correlation_matrix(const ax_spike_trains *trains, const size_t *which, size_t n,
                                                    double bin_ms, double *r, ax_error *err);

/* The same coefficient for n_pairs distinct pairs (i, j), i < j, of the
 * view's trains, drawn uniformly without replacement from the n_trains
 * (n_trains - 1) / 2 pairs with axon's counter-based random numbers
 * (Philox, seeded by `seed`; Floyd's algorithm), for populations too large
 * for the whole matrix.  The pairs come sorted by (i, j) in the caller's
 * arrays i[n_pairs], j[n_pairs], r[n_pairs]; the same seed gives the same
 * pairs and values for any thread count.  r is NAN where either train's
 * counts are constant.  Errors: as ax_spike_trains_correlation_matrix, and
 * n_pairs = 0 or more than the pairs there are (n_trains < 2). */
AX_API ax_status ax_spike_trains_correlation_pairs(const ax_spike_trains *trains, double bin_ms, size_t n_pairs,
                                                   uint64_t seed, size_t *i, size_t *j, double *r, ax_error *err);

/* What ax_spike_trains_correlation_summary says about a set of r values. */
typedef struct ax_correlation_summary {
    size_t n_defined;     /* values that are numbers */
    size_t n_undefined;   /* NAN values (pairs with a constant train) */
    double mean, sd;      /* of the defined values; sd with n - 1 (NAN below 2 defined values) */
    double min, q25, median, q75, max;   /* quantiles interpolated linearly (numpy's default) */
} ax_correlation_summary;

/* The mean and distribution of the defined values of r[0 .. n) (NAN values
 * counted as undefined and left out).  With no defined value every field
 * but the counts is NAN.  Errors: NULL r or out, n = 0, an infinite value
 * or one outside [-1, 1]. */
AX_API ax_status ax_spike_trains_correlation_summary(const double *r, size_t n, ax_correlation_summary *out,
                                                     ax_error *err);

/* Pearson's r of two series x[0 .. n), y[0 .. n) (scipy.stats.pearsonr's
 * statistic): sum (x - mean x)(y - mean y) / sqrt(sum (x - mean x)^2
 * sum (y - mean y)^2), clipped to [-1, 1].  *r is NAN when either series is
 * constant.  Errors: NULL x, y or r, n < 2, a value that is not finite. */
AX_API ax_status ax_signal_pearsonr(const double *x, const double *y, size_t n, double *r, ax_error *err);

/* Correlograms: histograms of the lags d = t_b - t_a (ms) between the
 * spikes a of one train and b of another (or the same) within
 * +-max_lag_ms, in 2K + 1 bins of bin_ms centred on 0, K = floor(max_lag_ms
 * / bin_ms + 1e-9): bin k (k = -K .. K, centre k bin_ms, stored at index
 * k + K) holds the lags with sign(d) floor(|d| / bin_ms + 1/2) = k, so
 * bin 0 is (-bin_ms/2, bin_ms/2) and a lag on a bin edge goes to the bin
 * further from 0 (the autocorrelogram is exactly symmetric).  max_lag_ms <
 * bin_ms gives the one bin of lag 0.  No correction for the interval's
 * ends.  Computed by a sweep over the sorted times: O(spikes + pairs
 * within the window). */
typedef enum ax_correlogram_norm {
    AX_CORRELOGRAM_COUNTS = 0,   /* number of spike pairs per bin */
    AX_CORRELOGRAM_RATE = 1      /* counts / (spikes of the reference train * bin_ms / 1000): the rate (Hz) of
                                    the other train around a spike of the reference; NAN if it has no spike */
} ax_correlogram_norm;

/* The number of bins, 2K + 1, of a correlogram with these arguments.
 * Errors: bin_ms not finite or <= 0, max_lag_ms not finite or < 0, more
 * than 2^26 bins, NULL n_bins. */
AX_API ax_status ax_spike_trains_correlogram_size(double bin_ms, double max_lag_ms, size_t *n_bins, ax_error *err);

/* Cross-correlogram of train b against reference train a (lags t_b - t_a;
 * a = b counts each spike with itself at lag 0) into out[n_bins], n_bins as
 * ax_spike_trains_correlogram_size gives.  Errors: a bad view, a or b not a
 * train of it, the bin arguments above, n_bins not 2K + 1, NULL out, a norm
 * not of the enum. */
AX_API ax_status ax_spike_trains_cross_correlogram(const ax_spike_trains *trains, size_t a, size_t b, double bin_ms,
                                                   double max_lag_ms, ax_correlogram_norm norm, double *out,
                                                   size_t n_bins, ax_error *err);

/* Autocorrelogram of train a: its cross-correlogram with itself without
 * the pairs of a spike with itself (a spike repeated at the same time still
 * counts at lag 0).  Symmetric.  Errors as the cross-correlogram. */
AX_API ax_status ax_spike_trains_autocorrelogram(const ax_spike_trains *trains, size_t a, double bin_ms,
                                                 double max_lag_ms, ax_correlogram_norm norm, double *out,
                                                 size_t n_bins, ax_error *err);

/* Golomb's synchrony measure chi^2 (Golomb 2007, Scholarpedia "Neuronal
 * synchrony measures", eq. 1-3) of the view's N trains on their binned
 * counts c_i(t) (the binning above), smoothed with a Gaussian of sigma_ms
 * when sigma_ms > 0 (kernel sampled at whole bins out to 5 sigma, summing
 * to 1; what falls outside the interval is lost):
 *     chi^2 = var_t(V) / ((1/N) sum_i var_t(c_i)),   V(t) = (1/N) sum_i c_i(t)
 * with population variances over the bins.  In [0, 1] (1: identical
 * trains, about 1/N: independent ones); without smoothing the sums are
 * exact integers; smoothed, the value is clamped to 1 (the bound is exact,
 * the clamp takes off rounding).  Cost: spikes x (10 sigma_ms / bin_ms +
 * 1) + N x n_bins.  *chi2 is NAN when every train's (smoothed) counts are
 * constant.  Errors: a bad view, n_trains = 0, the binning errors, sigma_ms
 * not finite or < 0, NULL chi2. */
AX_API ax_status ax_spike_trains_synchrony(const ax_spike_trains *trains, double bin_ms, double sigma_ms,
                                           double *chi2, ax_error *err);

/* ---- Spectra ---- */

/* Spectra of evenly sampled signals (population rates, EEG/LFP, voltage
 * traces): signal[0 .. n) sampled every dt_ms milliseconds, so the
 * sampling rate is fs = 1000 / dt_ms Hz.  Frequencies are in Hz, power
 * spectral densities in (signal unit)^2 / Hz, power spectra and band
 * powers in (signal unit)^2.  Every sample must be finite; dt_ms must be
 * finite and > 0.  docs/analysis.md "Spectra" gives the formulas and how
 * each call relates to SciPy. */

/* The taper of a segment, as scipy.signal.get_window computes it:
 * w[k] = a0 + a1 cos(-pi + 2 pi k / L), k = 0 .. m-1 (a segment of m
 * samples), L = m for a periodic ("DFT-even") window, m - 1 for a
 * symmetric one; a window of one sample is 1. */
typedef enum ax_spectrum_window {
    AX_WINDOW_HANN = 0,       /* a0 = a1 = 0.5 (SciPy's default for welch) */
    AX_WINDOW_HAMMING = 1,    /* a0 = 0.54, a1 = 0.46 */
    AX_WINDOW_BOXCAR = 2      /* 1 (no taper; SciPy's default for periodogram) */
} ax_spectrum_window;

/* What each segment loses before its window (scipy.signal.detrend). */
typedef enum ax_spectrum_detrend {
    AX_DETREND_CONSTANT = 0,  /* its mean (SciPy's default) */
    AX_DETREND_NONE = 1,      /* nothing */
    AX_DETREND_LINEAR = 2     /* its least-squares straight line */
} ax_spectrum_detrend;

/* What a bin holds: with X the DFT of the windowed segment w x,
 * density: |X_k|^2 / (fs sum w^2), in unit^2/Hz (integrates to the
 * variance); spectrum: |X_k|^2 / (sum w)^2, in unit^2 (a sine of
 * amplitude A at a bin's frequency shows A^2/2 there).  One-sided: every
 * bin but the 0 Hz one and (nfft even) the Nyquist one is doubled. */
typedef enum ax_spectrum_scaling {
    AX_PSD_DENSITY = 0,
    AX_PSD_SPECTRUM = 1
} ax_spectrum_scaling;

/* How Welch's method combines its segments' periodograms. */
typedef enum ax_welch_average {
    AX_WELCH_MEAN = 0,        /* the mean (SciPy's default) */
    AX_WELCH_MEDIAN = 1       /* the median divided by SciPy's bias of the median of K chi^2_2 values,
                               * 1 + sum_{i=1}^{(K-1)/2} (1/(2i+1) - 1/(2i)) (Allen et al. 2012, app. B) */
} ax_welch_average;

/* noverlap = AX_WELCH_HALF_OVERLAP: nperseg / 2 (rounded down), SciPy's default. */
#define AX_WELCH_HALF_OVERLAP (-1)

/* Welch's method: fill one with ax_signal_welch_defaults (SciPy's defaults), then change fields. */
typedef struct ax_welch_spec {
    ax_spectrum_window window;
    bool symmetric;           /* false: periodic windows, as scipy.signal.welch uses; true: symmetric */
    size_t nperseg;           /* samples per segment (>= 1); 0: from segment_ms, or 256 (SciPy's
                               * default) when segment_ms is 0 too */
    double segment_ms;        /* the segment's length in ms when nperseg is 0: a whole number of
                               * samples (to 1e-9 relative); 0: not given */
    int64_t noverlap;         /* samples shared by consecutive segments, 0 <= noverlap < nperseg, or
                               * AX_WELCH_HALF_OVERLAP */
    size_t nfft;              /* DFT length (segments zero-padded to it), >= nperseg; 0: nperseg */
    ax_spectrum_detrend detrend;
    ax_spectrum_scaling scaling;
    ax_welch_average average;
} ax_welch_spec;

/* A one-sided spectrum made by the library: power[k] at freqs_hz[k],
 * k = 0 .. n-1, frequencies increasing from 0 Hz in steps of
 * fs / nfft.  Both arrays are the caller's, each freed with
 * ax_array_free.  A call that fails leaves n = 0 and both NULL. */
typedef struct ax_spectrum {
    size_t n;
    double *freqs_hz;
    double *power;
} ax_spectrum;

/* Fills *spec with scipy.signal.welch's defaults: Hann, periodic,
 * nperseg 256, half overlap, nfft = nperseg, constant detrend, density,
 * mean.  Fails only when spec is NULL. */
AX_API ax_status ax_signal_welch_defaults(ax_welch_spec *spec, ax_error *err);

/* Welch's power spectrum estimate (Welch 1967), as scipy.signal.welch
 * (return_onesided=True, no padding or boundary extension): the signal is
 * cut into K = (n - nperseg) / (nperseg - noverlap) + 1 segments starting
 * every nperseg - noverlap samples (samples after the last whole segment
 * are not used); each is detrended, windowed, zero-padded to nfft and
 * transformed (FFTW); their one-sided periodograms, scaled as `scaling`
 * says, are averaged.  out->n = nfft / 2 + 1 bins, at k fs / nfft Hz.
 * spec NULL: the defaults.  Errors (AX_ERR_ARGUMENT): signal or out NULL,
 * dt_ms <= 0 or not finite, a sample not finite, nperseg > n (a segment
 * longer than the data), segment_ms not a whole positive number of
 * samples, both nperseg and segment_ms given, noverlap < 0 (other than
 * AX_WELCH_HALF_OVERLAP) or >= nperseg, nfft < nperseg or > INT_MAX, an
 * unknown window, detrend, scaling or average.  AX_ERR_MEMORY when the
 * arrays cannot be allocated (the median keeps K x (nfft/2 + 1) values). */
AX_API ax_status ax_signal_welch(const double *signal, size_t n, double dt_ms, const ax_welch_spec *spec,
                                 ax_spectrum *out, ax_error *err);

/* The periodogram of the whole signal, as scipy.signal.periodogram
 * (nfft = n, return_onesided=True): Welch's method with one segment of n
 * samples (a periodic window).  SciPy's defaults are AX_WINDOW_BOXCAR,
 * AX_DETREND_CONSTANT, AX_PSD_DENSITY.  out->n = n / 2 + 1 bins at
 * k fs / n Hz.  Errors as ax_signal_welch (n >= 1). */
AX_API ax_status ax_signal_periodogram(const double *signal, size_t n, double dt_ms, ax_spectrum_window window,
                                       ax_spectrum_detrend detrend, ax_spectrum_scaling scaling, ax_spectrum *out,
                                       ax_error *err);

/* The main seed's power density (its eeg::get_power_density): with
 * X_k = sum_j (x_j - mean x) e^{-2 pi i jk/n},
 *     S_k = 2 dt^2 / (n dt) |X_k|^2 = (2 dt / n) |X_k|^2,  k = 0 .. n/2 - 1
 * (n/2 rounded down), at f_k = k / (n dt), with dt = dt_ms / 1000 s:
 * unit^2/Hz and Hz.  (The seed took dt in ms and a total time T and so
 * returned unit^2 ms and 1/ms, i.e. axon's density times 1000 and
 * frequencies / 1000; its axis stepped by 1/T, which is 1/(n dt) when
 * T = n dt.)  It equals scipy.signal.periodogram(x, fs) (boxcar,
 * constant detrend, density) at k = 1 .. n/2 - 1; it doubles the 0 Hz bin
 * (about 0 after the mean is subtracted) and has no last bin (SciPy's
 * k = n/2 for even n, (n-1)/2 for odd n).  Errors as ax_signal_welch;
 * 2 <= n <= INT_MAX. */
AX_API ax_status ax_signal_power_density(const double *signal, size_t n, double dt_ms, ax_spectrum *out,
                                         ax_error *err);

/* The power in the band [f_lo, f_hi] Hz of a density power[k] at
 * freqs_hz[k] (k = 0 .. n-1): the integral over the band of the
 * straight lines between the bins (the trapezoid rule, numpy.trapz, over
 * the bins inside the band and the band's two ends, where the density is
 * interpolated linearly); numpy.trapz(power[m], freqs_hz[m]) with
 * m = (f_lo <= f <= f_hi) when both ends are bin frequencies.  Units:
 * those of power times Hz.  Errors: a NULL array or out, n < 2,
 * frequencies not finite or not strictly increasing, a power not finite
 * or negative, f_lo or f_hi not finite, f_lo >= f_hi, or the band
 * reaching outside [freqs_hz[0], freqs_hz[n-1]]. */
AX_API ax_status ax_spectrum_band_power(const double *freqs_hz, const double *power, size_t n, double f_lo,
                                        double f_hi, double *out, ax_error *err);

/* The band's share of the total: ax_spectrum_band_power over [f_lo, f_hi]
 * divided by the same integral over [freqs_hz[0], freqs_hz[n-1]]; in
 * [0, 1].  A spectrum that is 0 everywhere has no shares: *out is NAN
 * (status AX_OK).  Errors as ax_spectrum_band_power. */
AX_API ax_status ax_spectrum_relative_band_power(const double *freqs_hz, const double *power, size_t n,
                                                 double f_lo, double f_hi, double *out, ax_error *err);

/* The frequency of the largest power among the bins with
 * f_lo <= freqs_hz[k] <= f_hi (-INFINITY and INFINITY: the whole
 * spectrum); the first (lowest) on ties, as numpy.argmax.  *freq_hz is
 * that bin's frequency and *peak (may be NULL) its power.  Errors: a NULL
 * array or freq_hz, n = 0, frequencies not finite or not strictly
 * increasing, a power not finite or negative, f_lo or f_hi NaN,
 * f_lo > f_hi, or no bin in the band. */
AX_API ax_status ax_spectrum_peak_frequency(const double *freqs_hz, const double *power, size_t n, double f_lo,
                                            double f_hi, double *freq_hz, double *peak, ax_error *err);

/* The main seed's comparison of two spectra of n bins each (its
 * power_density_comparison): with m1, m2 their maxima and the weights
 * u = power1 / m1, v = power2 / m2 on the bin indices 0 .. n-1,
 *     D = EMD(u, v) (m1 - m2)^2,
 *     EMD(u, v) = sum_{k=0}^{n-2} |U_k - V_k|,
 * U_k = sum_{j<=k} u_j / sum_j u_j (and V_k likewise): the 1-D earth
 * mover's distance scipy.stats.wasserstein_distance(idx, idx, u, v)
 * computes.  In bins times (the unit of power)^2.  D = 0 for n = 1 and
 * for equal spectra.  Errors: a NULL array or out, n = 0, a power not
 * finite or negative, a spectrum that is 0 everywhere (it has no
 * distribution). */
AX_API ax_status ax_spectrum_distance(const double *power1, const double *power2, size_t n, double *out,
                                      ax_error *err);

/* ---- Spike-train distances ---- */

/* Distances between the trains of a view (docs/analysis.md, "Spike-train
 * distances").  The bivariate calls compare trains i and j of `trains`
 * (only those two are checked); times in ms.  ISI, SPIKE and
 * SPIKE-synchronization are those of PySpike 0.7 (Kreuz et al. 2007, 2013,
 * 2015; Mulansky & Kreuz 2016), edge corrections included: an empty train
 * counts as spikes at t_start and t_stop (ISI, SPIKE), the first and last
 * interspike intervals are max(first spike - t_start, first ISI) and
 * max(t_stop - last spike, last ISI), and SPIKE adds auxiliary spikes at
 * min(t_start, 2 t_1 - t_2) and max(t_stop, 2 t_n - t_(n-1)).  Where a
 * ratio would be 0/0 (two interspike intervals of length 0, only from
 * equal times within a train or a last spike at t_stop) its value is 0;
 * PySpike can give NaN there.
 *
 * `interval_ms`, where taken: NULL for the whole [t_start, t_stop], or
 * {a, b} with t_start <= a < b <= t_stop: the profile's average over
 * [a, b] (PySpike's avrg(interval)). */

/* The ISI-distance: the average over the interval of the ISI profile
 * I(t) = |nu_x(t) - nu_y(t)| / max(nu_x(t), nu_y(t)), nu the interspike
 * interval that contains t (Kreuz et al. 2007).  In [0, 1], 0 for equal
 * trains; dimensionless. */
AX_API ax_status ax_spike_distance_isi(const ax_spike_trains *trains, size_t i, size_t j, const double *interval_ms,
                                       double *distance, ax_error *err);

/* The SPIKE-distance: the average over the interval of the SPIKE profile
 * S(t) = (s_x isi_y + s_y isi_x) / (0.5 (isi_x + isi_y)^2), isi_x the
 * interspike interval of x around t and s_x the distances of its two
 * spikes to the nearest spike of y, interpolated linearly along it
 * (Kreuz et al. 2013; PySpike's definition, with its "Eero" edge
 * correction: at the edges s_x is the distance itself).  In [0, 1], 0 for
 * equal trains; dimensionless. */
AX_API ax_status ax_spike_distance_spike(const ax_spike_trains *trains, size_t i, size_t j, const double *interval_ms,
                                         double *distance, ax_error *err);

/* SPIKE-synchronization (Kreuz et al. 2015): the number of coincident
 * spikes over the number of spikes.  A spike x_k and y_l, the latest spike
 * of the other train before it, coincide when x_k - y_l < tau, tau half
 * the smallest of the interspike intervals around both spikes and of
 * t_stop - t_start, and at most max_tau_ms when max_tau_ms > 0 (0: no
 * bound; negative or not finite: AX_ERR_ARGUMENT); equal times coincide.
 * With interval_ms given only the spikes strictly inside (a, b) count (as
 * PySpike's DiscreteFunc.integral).  1 when no spike counts (both trains
 * empty).  In [0, 1], 1 for equal trains. */
AX_API ax_status ax_spike_distance_sync(const ax_spike_trains *trains, size_t i, size_t j, const double *interval_ms,
                                        double max_tau_ms, double *sync, ax_error *err);

/* The Victor-Purpura distance (Victor & Purpura 1996): the least cost of
 * turning train i into train j by deleting or inserting spikes (cost 1
 * each) and shifting them (cost q_per_ms |dt| for a shift by dt ms),
 * computed exactly by the O(n m) dynamic programme.  q_per_ms >= 0 and
 * finite (1/ms); q = 0 gives |n - m|, a large q n + m less twice the
 * number of equal times.  Dimensionless.  AX_ERR_MEMORY when the row of
 * m + 1 doubles cannot be allocated. */
AX_API ax_status ax_spike_distance_victor_purpura(const ax_spike_trains *trains, size_t i, size_t j, double q_per_ms,
                                                  double *distance, ax_error *err);

/* The van Rossum distance (van Rossum 2001): D with D^2 = (1/tau) the
 * integral from -inf to +inf (not stopped at t_stop) of (f - g)^2, f and g
 * the trains filtered by the causal exponential exp(-t/tau) (height 1);
 * this equals (K_xx + K_yy - 2 K_xy) / 2, K_xy the sum over pairs of
 * exp(-|x_k - y_l| / tau) (Houghton & Kreuz 2012).  Computed exactly in
 * O(n + m) as a sum of non-negative terms, one per interval between
 * consecutive spikes (equal trains give exactly 0).  One spike against none
 * is sqrt(1/2).  tau_ms > 0 and finite.  Dimensionless; the interval is
 * not used. */
AX_API ax_status ax_spike_distance_van_rossum(const ax_spike_trains *trains, size_t i, size_t j, double tau_ms,
                                              double *distance, ax_error *err);

/* The ISI profile of trains i and j: piecewise constant, value values[k] on
 * [breaks_ms[k], breaks_ms[k + 1]], k < *n_pieces; breaks_ms has
 * *n_pieces + 1 entries from t_start to t_stop (pieces of length 0 occur
 * where a train has equal times, as in PySpike's PieceWiseConstFunc x, y).
 * The arrays are the caller's (ax_array_free); NULL on failure. */
AX_API ax_status ax_spike_distance_isi_profile(const ax_spike_trains *trains, size_t i, size_t j, size_t *n_pieces,
                                               double **breaks_ms, double **values, ax_error *err);

/* The SPIKE profile of trains i and j: piecewise linear, from left[k] at
 * breaks_ms[k] to right[k] at breaks_ms[k + 1] (PySpike's PieceWiseLinFunc
 * x, y1, y2).  Arrays as ax_spike_distance_isi_profile. */
AX_API ax_status ax_spike_distance_spike_profile(const ax_spike_trains *trains, size_t i, size_t j, size_t *n_pieces,
                                                 double **breaks_ms, double **left, double **right, ax_error *err);

/* The SPIKE-synchronization profile of trains i and j: one event per spike
 * (one for two equal times of both trains), in time order: times_ms, the
 * coincidence value (0 or 1; 2 for an event of two equal times) and the
 * multiplicity (1, or 2 for two equal times); the profile is their ratio.
 * PySpike's DiscreteFunc x, y, mp without its entries at t_start and
 * t_stop.  *n_events = 0 (and NULL arrays) when both trains are empty.
 * max_tau_ms as ax_spike_distance_sync.  Arrays as
 * ax_spike_distance_isi_profile. */
AX_API ax_status ax_spike_distance_sync_profile(const ax_spike_trains *trains, size_t i, size_t j, double max_tau_ms,
                                                size_t *n_events, double **times_ms, double **coincidences,
                                                double **multiplicity, ax_error *err);

typedef enum ax_spike_distance_measure {
    AX_SPIKE_DISTANCE_ISI = 0,
    AX_SPIKE_DISTANCE_SPIKE = 1,
    AX_SPIKE_DISTANCE_SYNC = 2,            /* SPIKE-synchronization */
    AX_SPIKE_DISTANCE_VICTOR_PURPURA = 3,
    AX_SPIKE_DISTANCE_VAN_ROSSUM = 4
} ax_spike_distance_measure;

/* What a measure needs beyond the trains (the others are not read). */
typedef struct ax_spike_distance_options {
    const double *interval_ms;  /* ISI, SPIKE, SYNC: NULL or {a, b}, as above */
    double max_tau_ms;          /* SYNC: 0 for no bound */
    double q_per_ms;            /* VICTOR_PURPURA */
    double tau_ms;              /* VAN_ROSSUM */
} ax_spike_distance_options;

/* The n x n matrix (row-major, into the caller's n_trains^2 doubles) of the
 * measure between every two trains of the view, as the bivariate calls
 * give it; the diagonal is 0 (1 for SYNC: a train is synchronous with
 * itself, where PySpike's spike_sync_matrix leaves 0).  Rows run in
 * parallel; every entry is computed alone, so the matrix does not depend
 * on the thread count.  n_trains >= 1; options NULL means interval NULL and
 * max_tau_ms 0, and is refused for Victor-Purpura and van Rossum (they need
 * q_per_ms, tau_ms).  AX_ERR_MEMORY when the Victor-Purpura rows cannot be
 * allocated. */
AX_API ax_status ax_spike_distance_matrix(const ax_spike_trains *trains, ax_spike_distance_measure measure,
                                          const ax_spike_distance_options *options, double *matrix, ax_error *err);

/* The multivariate value of the view (n_trains >= 2) as PySpike's
 * isi_distance_multi, spike_distance_multi and spike_sync_multi: for ISI
 * and SPIKE the mean over the n (n - 1) / 2 pairs of the bivariate
 * distance (which equals the average of the mean profile); for SYNC the
 * coincidences of all pairs over their spikes (1 when no spike counts).
 * Victor-Purpura and van Rossum: the mean over pairs.  Sums run in a fixed
 * order: the result does not depend on the thread count. */
AX_API ax_status ax_spike_distance_multi(const ax_spike_trains *trains, ax_spike_distance_measure measure,
                                         const ax_spike_distance_options *options, double *value, ax_error *err);

/* ---- Statistical tests and pattern recall ---- */

/* Which side a test looks at, as SciPy's `alternative`: two-sided, "less"
 * (H1: mean_a < mean_b for t-tests; for KS, H1: F_a(x) < F_b(x) somewhere,
 * the statistic max(F_b - F_a), as scipy.stats.ks_2samp) or "greater" (the
 * mirror images). */
typedef enum ax_stats_alternative {
    AX_STATS_TWO_SIDED = 0,
    AX_STATS_LESS = 1,
    AX_STATS_GREATER = 2
} ax_stats_alternative;

/* A t-test's result: the t statistic, its degrees of freedom (not an
 * integer for Welch's test) and the p-value of the chosen alternative. */
typedef struct ax_stats_ttest_result {
    double statistic, df, pvalue;
} ax_stats_ttest_result;

/* The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b),
 * a > 0, b > 0, 0 <= x <= 1, by its continued fraction (modified Lentz)
 * with the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) on the far side of the
 * mean; the prefactor x^a (1-x)^b / (a B(a, b)) is taken with a Stirling
 * correction so that large a, b do not lose digits.  *out = I_x(a, b).
 * Errors: NULL out, a or b not finite and > 0, x outside [0, 1] or NaN;
 * AX_ERR_NUMERIC if the fraction has not converged (not seen for a, b up to
 * 1e7). */
AX_API ax_status ax_stats_beta_inc(double a, double b, double x, double *out, ax_error *err);

/* Student's t distribution with df > 0 degrees of freedom (df may be
 * fractional, finite): *cdf = P(T <= t), *sf = P(T > t), each computed
 * directly (no 1 - p), from I_{df/(df+t^2)}(df/2, 1/2) / 2, so tail
 * probabilities down to the smallest doubles keep ~1e-13 relative accuracy.
 * t = +-inf is allowed.  Either output may be NULL, not both.  Errors: t
 * NaN, df not finite or <= 0. */
AX_API ax_status ax_stats_t_cdf(double t, double df, double *cdf, double *sf, ax_error *err);

/* Two-sample t-test on a[0..n_a) and b[0..n_b), as
 * scipy.stats.ttest_ind(a, b, equal_var, alternative): equal_var != 0
 * gives Student's test, t = (mean_a - mean_b) / (s_p sqrt(1/n_a + 1/n_b))
 * with the pooled variance s_p^2 = ((n_a-1) s_a^2 + (n_b-1) s_b^2) / df,
 * df = n_a + n_b - 2; equal_var = 0 gives Welch's test,
 * t = (mean_a - mean_b) / sqrt(s_a^2/n_a + s_b^2/n_b) with the
 * Welch-Satterthwaite df.  p-value: two-sided 2 P(T > |t|), less P(T <= t),
 * greater P(T > t).  Errors (out untouched): NULL pointers, fewer than 2
 * values in a sample, a NaN or infinite value, a variance that overflows,
 * an unknown alternative, and both samples constant (zero variance: t is
 * 0/0 or +-inf and undefined; SciPy returns nan there). */
AX_API ax_status ax_stats_ttest_ind(const double *a, size_t n_a, const double *b, size_t n_b, int equal_var,
                                    ax_stats_alternative alternative, ax_stats_ttest_result *out, ax_error *err);

/* One-sample t-test of the mean of a[0..n) against popmean, as
 * scipy.stats.ttest_1samp: t = (mean - popmean) / (s / sqrt(n)), df = n - 1.
 * Errors as ax_stats_ttest_ind (n < 2, NaN, popmean not finite, constant
 * sample). */
AX_API ax_status ax_stats_ttest_1samp(const double *a, size_t n, double popmean, ax_stats_alternative alternative,
                                      ax_stats_ttest_result *out, ax_error *err);

/* Paired t-test, as scipy.stats.ttest_rel: the one-sample test of the
 * differences a[i] - b[i] against 0, df = n - 1.  Errors as
 * ax_stats_ttest_1samp (constant differences included). */
AX_API ax_status ax_stats_ttest_rel(const double *a, const double *b, size_t n, ax_stats_alternative alternative,
                                    ax_stats_ttest_result *out, ax_error *err);

/* How a Kolmogorov-Smirnov p-value is computed, as SciPy's `method`. */
typedef enum ax_stats_ks_method {
    AX_STATS_KS_AUTO = 0,   /* exact where SciPy's "auto" is exact (see the calls) */
    AX_STATS_KS_EXACT = 1,
    AX_STATS_KS_ASYMP = 2
} ax_stats_ks_method;

/* A Kolmogorov-Smirnov test's result: the statistic D, its p-value, the
 * sample value where D is reached (the first such, in SciPy's order), the
 * sign of the difference there (+1: first ECDF above, -1: below) and the
 * method that gave the p-value (EXACT or ASYMP, never AUTO). */
typedef struct ax_stats_ks_result {
    double statistic, pvalue, location;
    int sign;
    ax_stats_ks_method method;
} ax_stats_ks_result;

/* P(D_n^+ >= d), the one-sided one-sample KS statistic's exact survival
 * function for n values (scipy.special.smirnov, scipy.stats.ksone.sf), by
 * the Birnbaum-Tingey sum of positive terms (n (1 - d) of them: the cost
 * grows with n).  d outside [0, 1] gives 1 or 0.
 * Errors: NULL sf, n = 0, d NaN. */
AX_API ax_status ax_stats_ks_smirnov_sf(double d, size_t n, double *sf, ax_error *err);

/* P(D_n >= d), the two-sided one-sample KS statistic's survival function
 * for n values (scipy.stats.kstwo.sf), following Simard & L'Ecuyer (2011):
 * exact (Ruben-Gambino ends, 2 x smirnov for d >= 1/2, the Durbin matrix
 * of Marsaglia, Tsang & Wang 2003) for n <= 140, their approximations for
 * larger n (2 x smirnov in the tail, Pelz-Good).  Errors as
 * ax_stats_ks_smirnov_sf. */
AX_API ax_status ax_stats_ks_kolmogorov_sf(double d, size_t n, double *sf, ax_error *err);

/* Kolmogorov's limit distribution's survival function
 * P(K > y) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 y^2) (scipy.special.kolmogorov,
 * scipy.stats.kstwobign.sf); y <= 0 gives 1.  Errors: NULL sf, y NaN. */
AX_API ax_status ax_stats_ks_kolmogorov_limit_sf(double y, double *sf, ax_error *err);

/* Two-sample Kolmogorov-Smirnov test, as scipy.stats.ks_2samp: D is the
 * largest difference F_a - F_b of the empirical CDFs (greater), F_b - F_a
 * (less), or of |F_a - F_b| (two-sided), over the pooled values; ties are
 * allowed (the exact p-values then assume continuous data, as SciPy's).
 * p-value: method EXACT counts the lattice paths (Hodges 1958) exactly, in
 * probabilities so nothing overflows; ASYMP uses kstwo.sf(D, round(n_a n_b /
 * (n_a + n_b))) for two-sided and Hodges' eq. 5.3 for one-sided; AUTO is
 * EXACT when max(n_a, n_b) <= 10000, as SciPy.  Unlike SciPy, EXACT never
 * gives up (SciPy falls back to ASYMP for one-sided tests with unequal sizes
 * beyond ~1000 values, where its counts overflow), except that n_a n_b >
 * 1e9 uses ASYMP (result.method says which was used).  Errors: NULL
 * pointers, an empty sample, a NaN value, an unknown alternative or method;
 * AX_ERR_MEMORY. */
AX_API ax_status ax_stats_ks_2samp(const double *a, size_t n_a, const double *b, size_t n_b,
                                   ax_stats_alternative alternative, ax_stats_ks_method method,
                                   ax_stats_ks_result *out, ax_error *err);

/* A continuous CDF for ax_stats_ks_1samp: F(x) in [0, 1]. */
typedef double (*ax_stats_cdf_fn)(double x, void *user);

/* One-sample Kolmogorov-Smirnov test of x[0..n) against the continuous
 * CDF `cdf`, as scipy.stats.ks_1samp: D+ = max(i/n - F(x_(i))), D- =
 * max(F(x_(i)) - (i-1)/n) over the sorted values; greater uses D+ and less
 * D- with the exact smirnov p-value (method ignored); two-sided uses
 * max(D+, D-) with kstwo.sf(D, n) (EXACT and AUTO, as SciPy's auto) or the
 * limit kstwobign.sf(D sqrt(n)) (ASYMP).  Errors: NULL pointers, n = 0, a
 * NaN value, a CDF value NaN or outside [0, 1] (the message names x), an
 * unknown alternative or method; AX_ERR_MEMORY. */
AX_API ax_status ax_stats_ks_1samp(const double *x, size_t n, ax_stats_cdf_fn cdf, void *user,
                                   ax_stats_alternative alternative, ax_stats_ks_method method,
                                   ax_stats_ks_result *out, ax_error *err);

/* The distributions of ax_stats_ks_1samp_dist, with their parameters p1, p2. */
typedef enum ax_stats_distribution {
    AX_STATS_UNIFORM = 0,     /* uniform on [p1, p2], p1 < p2 */
    AX_STATS_NORMAL = 1,      /* normal, mean p1, standard deviation p2 > 0 */
    AX_STATS_EXPONENTIAL = 2  /* exponential on x >= 0 with rate p1 > 0 (1/ms for ISIs in ms); p2 unused */
} ax_stats_distribution;

/* ax_stats_ks_1samp against a named distribution.  Errors as
 * ax_stats_ks_1samp, and parameters not finite or outside the above. */
AX_API ax_status ax_stats_ks_1samp_dist(const double *x, size_t n, ax_stats_distribution dist, double p1, double p2,
                                        ax_stats_alternative alternative, ax_stats_ks_method method,
                                        ax_stats_ks_result *out, ax_error *err);

/* The 1-D Wasserstein (earth mover's) distance between the weighted
 * samples u (n_u values) and v (n_v values), as
 * scipy.stats.wasserstein_distance: the integral of |U(x) - V(x)| dx over
 * the weighted empirical CDFs, i.e. the sum over the sorted pooled values
 * of |U - V| times the gap to the next value (in the values' unit).
 * Weights may be NULL (all equal); otherwise >= 0, finite, not all zero in
 * a sample (they are normalised by their sum).  Errors: NULL out or values,
 * n = 0, a NaN or infinite value or weight, a negative weight, weights all
 * zero; AX_ERR_MEMORY. */
AX_API ax_status ax_stats_wasserstein_distance(const double *u, const double *u_weights, size_t n_u,
                                               const double *v, const double *v_weights, size_t n_v,
                                               double *out, ax_error *err);

/* Recall of a stored pattern from per-neuron spike counts (the Hopfield
 * read-out of the seed's pipeline): neuron i is "on" when counts[i] >=
 * threshold; pattern[i] is 1 (on) or 0 or -1 (off: binary or bipolar
 * patterns).  *accuracy = the fraction of the n neurons whose on/off state
 * equals the pattern's, in [0, 1].  Errors: NULL pointers, n = 0, a count
 * NaN or negative, a pattern value other than 1, 0, -1, threshold NaN. */
AX_API ax_status ax_pattern_recall_accuracy(const double *counts, const double *pattern, size_t n, double threshold,
                                            double *accuracy, ax_error *err);

/* The best recall over thresholds, against the pattern and its inverse
 * (on <-> off, which an attractor network may settle into instead). */
typedef struct ax_pattern_sweep_result {
    double accuracy;   /* the best accuracy */
    double threshold;  /* the threshold that gave it (the lowest such) */
    int inverted;      /* 1 when the inverted pattern gave it (strictly better than the pattern itself) */
} ax_pattern_sweep_result;

/* Sweeps the thresholds[0..n_thresholds) (NULL, 0: every distinct count
 * and one above the largest, which covers every split of the neurons) and
 * keeps the best accuracy against the pattern and its inverse; ties go to
 * the lower threshold, then to the pattern over its inverse.  accuracy and
 * inverted_accuracy (either may be NULL; only with given thresholds) get
 * each threshold's accuracies.  Errors as ax_pattern_recall_accuracy, a
 * NaN threshold, thresholds NULL with n_thresholds > 0 or given with
 * n_thresholds = 0; AX_ERR_MEMORY. */
AX_API ax_status ax_pattern_recall_sweep(const double *counts, const double *pattern, size_t n,
                                         const double *thresholds, size_t n_thresholds, double *accuracy,
                                         double *inverted_accuracy, ax_pattern_sweep_result *out, ax_error *err);

/* The stored pattern that the counts match best by Pearson correlation:
 * patterns holds n_patterns rows of n values (row-major, any finite
 * numbers, e.g. +-1); r[k] (may be NULL) gets Pearson's r of counts with
 * row k, NAN for a constant row (r undefined; such a row never wins), and
 * *best the row with the largest r (the first on ties).  Errors: NULL
 * pointers, n < 2, n_patterns = 0, NaN or infinite values, constant counts
 * (no correlation exists: e.g. a silent network), every row constant. */
AX_API ax_status ax_pattern_best_match(const double *counts, size_t n, const double *patterns, size_t n_patterns,
                                       double *r, size_t *best, ax_error *err);

/* ------------------------------------------------------------------ */
/* Fitting and sweeps (docs/fitting.md)                                 */
/* ------------------------------------------------------------------ */

/* Fitting calls, like analysis calls, report a failure in *err (err may be
 * NULL) and return an ax_status; what they allocate is freed by the
 * matching _free call or ax_array_free, as each says. */

/* ---- Optimisers ---- */

/* Ask/tell optimisers (docs/fitting.md, Optimisers): the optimiser proposes
 * a generation of candidates (ax_optimizer_ask), the caller evaluates them
 * however it likes - one population run, a sweep, its own function, in any
 * order or on any number of threads - and hands back one score per
 * candidate (ax_optimizer_tell).  Lower scores win; a score that is not
 * finite (NaN, +inf, -inf) counts as +inf, so it loses to every finite one.
 * Every random number is a pure function of (seed, generation, candidate
 * row, purpose) (axon's counter-based generator), so the same options give
 * the same fit, bit for bit, whoever evaluates.  Parameters are searched in
 * [lower, upper], or in [log10 lower, log10 upper] when log-scaled; every
 * candidate lies inside [lower, upper]. */
typedef struct ax_optimizer ax_optimizer;

typedef enum ax_optimizer_kind {
    AX_OPTIMIZER_BIT_GA = 0,   /* the main seed's bit-string GA (SEEDS A.12) */
    AX_OPTIMIZER_REAL_GA = 1,  /* real-coded GA: tournament, SBX, polynomial mutation, elitism (Deb 2001) */
    AX_OPTIMIZER_DE = 2,       /* differential evolution DE/rand/1/bin (Storn & Price 1997) */
    AX_OPTIMIZER_CMA_ES = 3    /* (mu/mu_w, lambda)-CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial") */
} ax_optimizer_kind;

/* What an optimiser searches and how.  Start from ax_optimizer_defaults(),
 * which fills every setting of the kind; fields of other kinds are ignored. */
typedef struct ax_optimizer_options {
    ax_optimizer_kind kind;
    size_t n_params;             /* 1 .. 10000 */
    const double *lower, *upper; /* n_params each, real units: finite, lower < upper (copied by create) */
    const int *log_scale;        /* n_params flags or NULL (none): non-zero = searched in log10 space; lower > 0 */
    size_t pop_size;             /* candidates per generation, <= 1e6; 0: the kind's default (below) */
    uint64_t seed;
    uint64_t budget;             /* evaluations in all; 0: no limit.  The generation that would pass it is cut */
    /* The GAs (bit and real) */
    unsigned tournament;         /* k of the tournament, 1 .. pop_size; the lowest score of k wins (bit 3, real 2) */
    double r_cross;              /* crossover probability per pair, [0, 1] (0.9) */
    double r_mut;                /* bit GA: flip probability per bit (0.1); real GA: mutation probability per
                                  * gene, (0, 1], or 0 for 1/n_params (0) */
    size_t elites;               /* best candidates copied unchanged into the next generation, < pop_size
                                  * (bit 0, as the seed; real 1) */
    unsigned n_bits;             /* bit GA: bits per parameter, 1 .. 52 (8) */
    double eta_cross, eta_mut;   /* real GA: distribution indices of SBX (15) and polynomial mutation (20), >= 0 */
    /* Differential evolution */
    double de_f;                 /* differential weight F, (0, 2] (0.5) */
    double de_cr;                /* crossover rate CR, [0, 1] (0.9) */
    /* CMA-ES */
    double sigma0;               /* initial step size as a fraction of every parameter's search range, (0, 1] (0.3) */
    const double *x0;            /* initial mean, real units, inside the bounds; NULL: the centre of the search box */
} ax_optimizer_options;

/* The defaults of a kind into *out (seed 0, budget 0, no bounds: set
 * n_params, lower, upper and budget yourself).  Population sizes (0 = by
 * n_params at create): bit GA 100 (the seed's n_pop); real GA max(20,
 * 10 n) rounded up to even; DE max(10 n, 20) (Storn & Price 1997: NP = 10
 * D); CMA-ES 4 + floor(3 ln n) (Hansen 2016).  Error: an unknown kind. */
AX_API ax_status ax_optimizer_defaults(ax_optimizer_kind kind, ax_optimizer_options *out, ax_error *err);

/* A new optimiser with its first generation drawn, into *out (NULL on
 * failure); the options' arrays are copied.  Errors (AX_ERR_ARGUMENT,
 * naming the field, the index and the value): n_params 0 or > 10000; a
 * bound NULL, not finite, or lower >= upper; log scale with lower <= 0; x0
 * outside the bounds; pop_size odd (bit GA), < 4 (DE), < 2 (others) or >
 * 1e6; n_bits outside 1..52; a probability outside [0, 1]; tournament 0 or
 * > pop_size; elites >= pop_size; eta < 0; F outside (0, 2]; sigma0
 * outside (0, 1].  Free with ax_optimizer_free. */
AX_API ax_status ax_optimizer_create(const ax_optimizer_options *options, ax_optimizer **out, ax_error *err);

/* Frees an optimiser.  NULL is allowed. */
AX_API void ax_optimizer_free(ax_optimizer *opt);

/* The candidates of the current generation, row-major in real units, into
 * x (room for capacity rows of n_params), their count into *n_rows: the
 * population size, or fewer when the budget leaves fewer evaluations (the
 * first rows of the generation).  Asking again before telling gives the
 * same rows.  Errors: capacity below the rows (AX_ERR_ARGUMENT, saying how
 * many); the budget is spent (AX_ERR_STATE). */
AX_API ax_status ax_optimizer_ask(ax_optimizer *opt, double *x, size_t capacity, size_t *n_rows, ax_error *err);

/* The scores of the rows ax_optimizer_ask gave, in the same order (any
 * value; not finite loses); the optimiser then breeds the next generation.
 * Errors: nothing asked (AX_ERR_STATE); n other than the rows asked
 * (AX_ERR_ARGUMENT). */
AX_API ax_status ax_optimizer_tell(ax_optimizer *opt, const double *scores, size_t n, ax_error *err);

typedef struct ax_optimizer_info {
    ax_optimizer_kind kind;
    size_t n_params, pop_size;
    uint64_t seed, budget;       /* budget 0: no limit */
    uint64_t generations;        /* generations told */
    uint64_t evaluations;        /* scores told */
    int asked;                   /* a generation was asked and not yet told */
    int done;                    /* the budget is spent: ask refuses */
    double best_score;           /* the best score told (as told), NAN before the first tell */
} ax_optimizer_info;

AX_API ax_status ax_optimizer_get_info(const ax_optimizer *opt, ax_optimizer_info *info, ax_error *err);

/* The best candidate told so far (n_params values, real units, into params)
 * and its score (may be NULL); the first of equal scores wins.  Error:
 * nothing told yet (AX_ERR_STATE). */
AX_API ax_status ax_optimizer_get_best(const ax_optimizer *opt, double *params, double *score, ax_error *err);

/* Writes the whole state (options, counters, population, random-stream
 * position, best) to path: into path + ".tmp", flushed to disk, then
 * renamed, so a crash never leaves half a file under path.  A loaded
 * optimiser continues bit-identically to one never saved.  Errors: the
 * file cannot be written (AX_ERR_IO, with the system's reason; ENOMEM is
 * AX_ERR_MEMORY). */
AX_API ax_status ax_optimizer_save(const ax_optimizer *opt, const char *path, ax_error *err);

/* An optimiser from a file ax_optimizer_save wrote, into *out.  Errors
 * (AX_ERR_IO): cannot be read; not an optimiser file; another format
 * version; cut short or damaged (checksum); options that create would
 * refuse; out of memory (AX_ERR_MEMORY).  Free with ax_optimizer_free. */
AX_API ax_status ax_optimizer_load(const char *path, ax_optimizer **out, ax_error *err);

/* Evaluates a whole generation: rows x n_params candidates (row-major, real
 * units) into scores (rows).  Returns 0 to go on, non-zero to stop. */
typedef int (*ax_optimizer_evaluate)(const double *x, size_t rows, size_t n_params, double *scores, void *user);

/* Asks, evaluates and tells until the budget is spent.  Errors: budget 0
 * (no limit: AX_ERR_ARGUMENT); the callback stopped (AX_ERR_INTERRUPTED;
 * that generation is not told, so the optimiser is as before it); out of
 * memory.  The best is then ax_optimizer_get_best's. */
AX_API ax_status ax_optimizer_minimize(ax_optimizer *opt, ax_optimizer_evaluate evaluate, void *user,
                                       ax_error *err);

/* ---- Objectives ---- */

/* Objectives score a candidate's outputs against target data (docs/fitting.md,
 * "Objectives"); every loss is >= 0 and smaller is better, and none is ever NaN:
 * where a measure does not exist for the candidate (a silent model) the call
 * documents the value it takes instead.  Calls that compare spike trains take
 * the target as `data` and the candidate as `model`: two views with the same
 * number of trains (>= 1) and the same interval [t_start, t_stop] (ms), train
 * k of the model compared with train k of the data; both are checked
 * (ax_spike_trains_check). */

/* The coincidence factor Gamma (Kistler et al. 1997, J Neurophysiol 77:2836;
 * Jolivet et al. 2008, J Neurosci Methods 169:417, eq. 1) of each train pair:
 *     Gamma = (N_coinc - 2 nu Delta N_data) / (0.5 (N_data + N_model)) / (1 - 2 nu Delta),
 * nu = N_model / T the model's rate (T = t_stop - t_start), Delta = delta_ms
 * the precision window, 2 nu Delta N_data the coincidences a Poisson model of
 * rate nu would make by chance.  N_coinc is the size of the largest one-to-one
 * matching of data and model spikes with |t_data - t_model| <= Delta (a spike
 * at exactly Delta coincides; each spike of either train counts at most
 * once), found in one sweep: each data spike in time order takes the
 * earliest model spike not yet taken and not before t_data - Delta, if it is
 * not after t_data + Delta (for windows of equal width this greedy choice is
 * a largest matching, so ties change which spikes pair, never N_coinc).
 * Gamma is 1 for equal trains, about 0 for trains no closer than chance, at
 * most 1.  Defined values where the formula has none: both trains empty:
 * 1 (they agree); 2 nu Delta >= 1 (the model fires at least once every
 * 2 Delta, so every data spike finds a partner by chance): 0.  gamma
 * (n_trains entries) and mean_gamma (their mean) may each be NULL; the loss
 * the composite objective uses is 1 - mean_gamma.  Errors: delta_ms not
 * finite or <= 0, views that differ in n_trains or interval, a view that
 * ax_spike_trains_check refuses (an unsorted train). */
AX_API ax_status ax_objective_gamma(const ax_spike_trains *data, const ax_spike_trains *model, double delta_ms,
                                    double *gamma, double *mean_gamma, ax_error *err);

/* SpikeNetOpt's loss (russelljjarvis/SpikeNetOpt.jl, single-cell fits) of each
 * train pair: loss = D + |N_model - N_data|, D the SPIKE-distance of the two
 * trains over [t_start, t_stop] (ax_spike_distance_spike, PySpike 0.7's
 * definition), replaced by 1 (its largest value) when the model fires at most
 * one spike.  loss (n_trains entries) and total (their sum, SpikeNetOpt's
 * network loss sums over neurons) may each be NULL.  Errors as
 * ax_objective_gamma's (without delta). */
AX_API ax_status ax_objective_spike_distance_loss(const ax_spike_trains *data, const ax_spike_trains *model,
                                                  double *loss, double *total, ax_error *err);

/* The main seed's action-potential summary of one train (its
 * fitting::get_summary): the spikes' steps s_i = round(t_i / dt_ms) (C's round, halves away from 0; the
 * seed records the step of each spike),
 *     time_difference = sum_i (s_{i+1} - s_i) / n = (s_n - s_1) / n   (steps; 0 with no spike)
 * - the seed's "average spike time difference": the sum of the intervals
 * over the number of spikes, not of intervals - n_spikes = n, and amplitude
 * the mean of the spikes' amplitudes (the seed: the voltage at each peak),
 * or amplitude_default when there is no spike (the seed's
 * spike_amplitude_default, 0 in its CLI). */
typedef struct ax_objective_summary {
    double time_difference;  /* steps */
    double n_spikes;
    double amplitude;        /* the unit of amplitudes (mV) */
} ax_objective_summary;

/* Fills summary[k] for every train k of the view.  amplitudes (may be NULL:
 * every amplitude is amplitude_default) has one value per spike, aligned with
 * trains->times_ms.  Errors: dt_ms not finite or <= 0, a view
 * ax_spike_trains_check refuses, a time / dt_ms over 2^53, an amplitude or
 * amplitude_default not finite, summary NULL. */
AX_API ax_status ax_objective_summarize(const ax_spike_trains *trains, double dt_ms, const double *amplitudes,
                                        double amplitude_default, ax_objective_summary *summary, ax_error *err);

/* How ax_objective_summary_score compares summaries (the seed's do_scaling,
 * use_amplitude and scaling defaults). */
typedef struct ax_objective_summary_options {
    bool scale;                      /* divide every field by the reference's scale (below) */
    bool use_amplitude;              /* compare amplitudes too */
    double time_scale_default;       /* 800: the seed's time_difference_scale_default */
    double count_scale_default;      /* 10: num_peaks_scale_default */
    double amplitude_scale_default;  /* 70: amplitude_scale_default */
} ax_objective_summary_options;

/* Fills *options with the seed's defaults: scale true, use_amplitude false,
 * 800, 10, 70.  Fails only when options is NULL. */
AX_API ax_status ax_objective_summary_defaults(ax_objective_summary_options *options, ax_error *err);

/* The seed's score (its compare_summary summed over conditions, as
 * fitting_objective does): reference and candidate hold n_conditions x
 * n_trains summaries, condition c's train k at [c n_trains + k] (the seed has
 * two trains per condition, its pre- and postsynaptic neuron);
 *     score = sum_c sum_k (T_ref - T_cand)^2 + (N_ref - N_cand)^2 [+ (A_ref - A_cand)^2],
 * each field first divided, when options->scale, by condition c's scale: the
 * largest of that field over the condition's reference trains, or the field's
 * default when that largest is 0 (the seed's get_reference_scale).  A score
 * that is NaN is +inf (the seed's rule; it arises only from infinite
 * fields).  options NULL: ax_objective_summary_defaults.  Errors: a NULL
 * array or score, n_conditions or n_trains 0, a field NaN or negative
 * (time_difference, n_spikes), a default not finite or <= 0. */
AX_API ax_status ax_objective_summary_score(const ax_objective_summary *reference,
                                            const ax_objective_summary *candidate, size_t n_conditions,
                                            size_t n_trains, const ax_objective_summary_options *options,
                                            double *score, ax_error *err);

/* Voltage trace error: the root-mean-square difference
 *     rms = sqrt(sum_{j in U} (model_j - target_j)^2 / |U|)
 * of two traces sampled on the same grid, sample j at time j dt_ms, over the
 * samples U that are not inside a window [s - skip_before_ms, s + skip_after_ms]
 * (ends included) around a spike time s of skip_ms (n_skip times in ms on the
 * traces' clock, sorted; NULL with n_skip 0: every sample counts): leaving
 * the spikes out scores the subthreshold trace, which a small shift of a
 * spike would otherwise dominate.  In the traces' unit.  *n_used (may be
 * NULL): |U|.  A model sample that is not finite (a diverged candidate) makes
 * rms +inf.  Errors: a NULL array or rms, n 0, dt_ms not finite or <= 0, a
 * target sample not finite, skip times not finite or not sorted, a window
 * length negative or not finite, every sample left out. */
AX_API ax_status ax_objective_trace_error(const double *model, const double *target, size_t n, double dt_ms,
                                          const double *skip_ms, size_t n_skip, double skip_before_ms,
                                          double skip_after_ms, double *rms, size_t *n_used, ax_error *err);

/* Features of one spike train over its view's interval [t_start, t_stop]
 * (t_start is the stimulus onset: make the view from it). */
typedef enum ax_feature {
    AX_FEATURE_RATE = 0,        /* n / (T / 1000), Hz; always defined */
    AX_FEATURE_LATENCY = 1,     /* first spike - t_start, ms; undefined with no spike */
    AX_FEATURE_ADAPTATION = 2,  /* the adaptation (accommodation) index, below; undefined with < 3 spikes */
    AX_FEATURE_CV = 3           /* ax_spike_trains_cv's CV; undefined with < 3 spikes or intervals all 0 */
} ax_feature;

typedef struct ax_feature_values {
    double rate_hz, latency_ms, adaptation, cv;  /* NAN where undefined */
} ax_feature_values;

/* The features of train k.  The adaptation index (Druckmann et al. 2007,
 * Front Neurosci 1:7, "accommodation index"): with the train's n intervals I_1 .. I_n and k = min(4, floor(n / 5))
 * of them left out at the start (transients),
 *     A = 1 / (n - k - 1) sum_{i=k+1}^{n-1} (I_{i+1} - I_i) / (I_{i+1} + I_i),
 * a term with I_{i+1} + I_i = 0 counting 0; > 0 for a slowing (adapting)
 * train, 0 for a regular one, in (-1, 1).  Errors: a view
 * ax_spike_trains_check refuses, k >= n_trains, out NULL. */
AX_API ax_status ax_objective_features(const ax_spike_trains *trains, size_t k, ax_feature_values *out,
                                       ax_error *err);

/* A feature error: the model's feature f against a target value. */
typedef struct ax_feature_spec {
    ax_feature feature;
    double target;      /* the data's value, finite */
    double scale;       /* > 0: the error is in units of it (e.g. the data's standard deviation) */
    bool absolute;      /* false: ((f - target) / scale)^2; true: |f - target| / scale */
    double penalty;     /* >= 0, finite: the error of a train whose feature is undefined (BluePyOpt uses 250) */
} ax_feature_spec;

/* The mean over the model's trains of each train's feature error (spec).
 * Errors: spec or error NULL, an unknown feature, target or penalty not
 * finite, scale not finite or <= 0, penalty < 0, a view
 * ax_spike_trains_check refuses or one of no trains. */
AX_API ax_status ax_objective_feature_error(const ax_spike_trains *model, const ax_feature_spec *spec,
                                            double *error, ax_error *err);

/* The distance of a signal's spectrum to a target spectrum (the main seed's
 * EEG fit): the signal's spectrum is computed as the target's was - the
 * seed's power density (ax_signal_power_density) when welch is NULL, else
 * ax_signal_welch with *welch - and compared by ax_spectrum_distance (the
 * seed's power_density_comparison).  target_power has n_bins values, which
 * must be the number of bins the signal's spectrum has.  A signal whose
 * spectrum is 0 everywhere (a constant signal: a silent network) has no
 * distribution to compare: the distance is +inf.  Errors: those of the
 * spectrum call and of ax_spectrum_distance (a target 0 everywhere), n_bins
 * different from the signal's spectrum's. */
AX_API ax_status ax_objective_spectrum_distance(const double *signal, size_t n, double dt_ms,
                                                const ax_welch_spec *welch, const double *target_power,
                                                size_t n_bins, double *distance, ax_error *err);

/* Network statistics of one population's trains (the view's trains). */
typedef struct ax_population_values {
    double rate_hz;      /* the mean rate (ax_spike_trains_rates' mean) */
    double cv;           /* the mean CV of the trains where it is defined; NAN when none is */
    double correlation;  /* the mean Pearson r of binned counts over pairs where it is defined; NAN when none is */
} ax_population_values;

/* How ax_objective_population_stats measures a population's correlation. */
typedef struct ax_population_spec {
    double bin_ms;       /* counts in whole bins of bin_ms (ax_spike_trains_correlation_pairs) */
    size_t n_pairs;      /* pairs drawn; 0: 1000; more than exist: all of them */
    uint64_t seed;       /* which pairs are drawn */
} ax_population_spec;

/* Rate, CV and correlation of a population.  The correlation is the mean
 * over the drawn pairs (ax_spike_trains_correlation_pairs: the same pairs
 * for the same seed on any thread count) of the defined r values.  A view of
 * one train has no correlation (NAN).  spec NULL: the correlation is not
 * computed (NAN).  Errors: those of ax_spike_trains_rates and
 * _correlation_pairs (bin_ms), out NULL. */
AX_API ax_status ax_objective_population_stats(const ax_spike_trains *trains, const ax_population_spec *spec,
                                               ax_population_values *out, ax_error *err);

/* ---- The composite objective: weighted terms ---- */

/* A weighted sum of terms, each comparing one output of a candidate, in one
 * condition (protocol), with target data the objective copies when the term
 * is added.  It says what outputs it needs, so that a fit can refuse before
 * any simulation an objective needing voltage where only spikes are
 * recorded; ax_objective_evaluate scores one candidate's outputs.  Once
 * built, evaluate only reads the object: candidates may be evaluated from
 * several threads at once. */
typedef struct ax_objective ax_objective;

/* What a term needs among a candidate's outputs (bits). */
#define AX_OBJECTIVE_NEEDS_SPIKES 1u
#define AX_OBJECTIVE_NEEDS_VOLTAGE 2u
#define AX_OBJECTIVE_NEEDS_SIGNAL 4u

typedef enum ax_objective_kind {
    AX_TERM_GAMMA = 0,           /* 1 - mean Gamma (ax_objective_gamma); spikes */
    AX_TERM_SPIKE_DISTANCE = 1,  /* ax_objective_spike_distance_loss's total; spikes */
    AX_TERM_SUMMARY = 2,         /* the seed's score of this condition (ax_objective_summary_score, no
                                  * amplitude); spikes */
    AX_TERM_TRACE = 3,           /* ax_objective_trace_error; voltage */
    AX_TERM_FEATURE = 4,         /* ax_objective_feature_error; spikes */
    AX_TERM_SPECTRUM = 5,        /* ax_objective_spectrum_distance; population signal */
    AX_TERM_POPULATION = 6       /* sum over the targets given of ((value - target) / scale)^2; spikes */
} ax_objective_kind;

/* Targets of an AX_TERM_POPULATION term: a NAN target is not compared. */
typedef struct ax_population_target {
    double rate_hz, cv, correlation;              /* targets (NAN: not used) */
    double rate_scale, cv_scale, correlation_scale;  /* > 0 for each target used */
    double penalty;     /* >= 0: the error of a statistic the model's trains do not define (CV, correlation) */
    ax_population_spec spec;  /* how the correlation is measured */
    size_t first_train, n_trains;  /* the population's trains in the candidate's view: [first_train,
                                    * first_train + n_trains); n_trains 0: all of them */
} ax_population_target;

/* One term.  Which fields a kind reads: */
typedef struct ax_objective_term {
    ax_objective_kind kind;
    size_t condition;                  /* < the objective's n_conditions */
    double weight;                     /* finite, >= 0 (0: computed and reported, not added) */
    const ax_spike_trains *target_spikes;  /* GAMMA, SPIKE_DISTANCE, SUMMARY: the data; TRACE: spikes whose
                                        * windows are left out (NULL: none; all trains' spikes, merged) */
    double delta_ms;                   /* GAMMA: the precision window */
    double dt_ms;                      /* SUMMARY: the step of the spike steps; TRACE, SPECTRUM: the target's
                                        * sampling interval, the candidate's must equal it */
    const ax_objective_summary_options *summary;  /* SUMMARY: NULL for the seed's defaults */
    const double *target;              /* TRACE: the target trace; SPECTRUM: the target power */
    size_t n_target;                   /* its length */
    double skip_before_ms, skip_after_ms;  /* TRACE: the windows left out around target_spikes */
    const ax_welch_spec *welch;        /* SPECTRUM: NULL for the seed's power density */
    ax_feature_spec feature;           /* FEATURE */
    ax_population_target population;   /* POPULATION */
} ax_objective_term;

/* One candidate's outputs in one condition; what no term needs may be NULL. */
typedef struct ax_objective_outputs {
    const ax_spike_trains *spikes;     /* interval and n_trains as the term's target (when it has one) */
    const double *voltage;             /* one trace */
    size_t n_voltage;
    double voltage_dt_ms;
    const double *signal;              /* a population signal (EEG, mean voltage) */
    size_t n_signal;
    double signal_dt_ms;
} ax_objective_outputs;

/* A new objective with no terms, for candidates run under n_conditions
 * conditions (>= 1); NULL (error in *err) for 0 or out of memory.  Free with
 * ax_objective_free. */
AX_API ax_objective *ax_objective_create(size_t n_conditions, ax_error *err);

/* Adds a term (copied, with its target data: the caller's arrays may go).
 * Every argument the kind reads is checked as the single call above checks
 * it, and the target data as that call's data, before anything is added:
 * the message names the term's index and kind.  (A SPECTRUM term's Welch
 * spec depends on the signal's length: ax_objective_evaluate checks it.)  Errors: a condition out of
 * range, a weight negative or not finite, an unknown kind, target data
 * missing or refused (an unsorted train, a spectrum 0 everywhere, ...);
 * AX_ERR_MEMORY. */
AX_API ax_status ax_objective_add(ax_objective *objective, const ax_objective_term *term, ax_error *err);

/* The bits (AX_OBJECTIVE_NEEDS_*) of what the terms need, and the number of
 * terms and conditions (each pointer may be NULL). */
AX_API ax_status ax_objective_get_needs(const ax_objective *objective, unsigned *needs, size_t *n_terms,
                                        size_t *n_conditions, ax_error *err);

/* Checks, before any simulation, that outputs with the bits `available` (what
 * will be recorded) serve every term: fails with the first term that needs
 * what is missing, e.g. "term 1 (trace) of condition 0 needs a voltage trace,
 * which is not recorded".  Errors: objective NULL, an objective without terms. */
AX_API ax_status ax_objective_check(const ax_objective *objective, unsigned available, ax_error *err);

/* Scores one candidate: outputs[c] for each condition c; *total = sum of
 * weight x value over the terms, and terms[i] (n_terms entries, may be NULL)
 * each term's value before its weight.  Values are >= 0 and never NaN: +inf
 * only where a single call above says so (a diverged trace, a flat spectrum),
 * and then the total is +inf.  Reads the objective only, allocates only for
 * SPECTRUM and POPULATION terms and for SPIKE_DISTANCE pairs of more than
 * about 500 spikes: safe to call from several threads at once.
 * Errors: a NULL argument, an output a term needs missing, a candidate's
 * view whose interval or number of trains differs from its target's, a
 * trace of another length or sampling interval than the target's, a view
 * ax_spike_trains_check refuses. */
AX_API ax_status ax_objective_evaluate(const ax_objective *objective, const ax_objective_outputs *outputs,
                                       double *total, double *terms, ax_error *err);

/* Frees an objective and its copies of the targets.  NULL is allowed. */
AX_API void ax_objective_free(ax_objective *objective);

/* ---- Sweeps ---- */

/* A model file's [sweep] table (docs/fitting.md, "Sweeps"): keys of the
 * file, each with a list or a range of values; the Cartesian product of
 * all, times `trials` seeds, is the list of runs that `axon sweep` makes.
 * Run r (0 .. runs - 1) is trial r / combinations with combination
 * r % combinations; in a combination the last key varies fastest.  Each
 * run is the model file loaded with the overrides KEY=TEXT of its values
 * (ax_sweep_get_value) and simulation.seed = ax_sweep_trial_seed(seed,
 * trial). */
typedef struct ax_sweep_info {
    size_t params;           /* swept keys, in the file's order */
    uint64_t combinations;   /* the product of their numbers of values */
    uint64_t trials;         /* seeds per combination (sweep.trials, >= 1) */
    uint64_t runs;           /* combinations x trials */
    uint64_t seed;           /* the file's simulation.seed (trial 0 runs with it) */
    bool rebuild_free;       /* every key can be set on a built network (ax_sweep_apply) */
    bool one_population;     /* the runs of a trial can be laid out as one larger population
                                (ax_sweep_apply_block): the file is one population of neurons that
                                nothing connects or drives, with single values, and every key is
                                one of its parameters */
} ax_sweep_info;

/* What m's [sweep] table sweeps.  AX_ERR_NOT_FOUND when the file has no
 * [sweep] table; AX_ERR_ARGUMENT when m or out is NULL. */
AX_API ax_status ax_sweep_get_info(const ax_modelfile *m, ax_sweep_info *out, ax_error *err);

/* Swept key `param` (0 .. params - 1): its key path ("populations.E.params.
 * tau_m", owned by m), its number of values, and whether it is set on a
 * built network without rebuilding (a population's parameter with numbers
 * as values). */
typedef struct ax_sweep_param {
    const char *key;
    size_t n_values;
    bool rebuild_free;
} ax_sweep_param;
AX_API ax_status ax_sweep_get_param(const ax_modelfile *m, size_t param, ax_sweep_param *out, ax_error *err);

/* Value `index` of key `param`: *text is its TOML text, the value of an
 * override ("20", "0.5", "\"IF_cond_exp\"", "true"; owned by m), *number
 * the number (NAN for strings and booleans).  text or number may be NULL. */
AX_API ax_status ax_sweep_get_value(const ax_modelfile *m, size_t param, size_t index, const char **text,
                                    double *number, ax_error *err);

/* Which values run `run` takes: value_index[k] for key k (n_params >= the
 * number of keys; value_index may be NULL), its trial and seed (each may be
 * NULL).  AX_ERR_ARGUMENT when run >= runs. */
AX_API ax_status ax_sweep_get_run(const ax_modelfile *m, uint64_t run, size_t *value_index, size_t n_params,
                                  uint64_t *trial, uint64_t *seed, ax_error *err);

/* The seed of trial `trial`: the file's seed for trial 0 (so that trial 0
 * of a combination is exactly `axon run --set ...` of it); for trial k >= 1,
 * splitmix64(seed + k * 0x9E3779B97F4A7C15) >> 1 (a whole number below
 * 2^63, as simulation.seed takes).  A pure function: the same for any
 * order of runs and any number of workers. */
AX_API uint64_t ax_sweep_trial_seed(uint64_t seed, uint64_t trial);

/* The rebuild-free path: makes m's network, built or not, run `run` as a
 * fresh load of it would - ax_network_reset (when it has run), then each
 * key's value of the run set with ax_population_set_param.  Every key
 * must be rebuild-free (AX_ERR_STATE otherwise, naming the first that is
 * not).  The caller loads m with the seed of the run's trial (connectivity
 * and initial values are drawn from the seed: a network is reused only for
 * runs of one trial), then runs it with ax_modelfile_run. */
AX_API ax_status ax_sweep_apply(ax_modelfile *m, uint64_t run, ax_error *err);

/* The one-population layout (info.one_population): runs first .. first +
 * n_runs - 1, all of one trial, as one population of n_runs blocks.  m is
 * the file loaded with the population's size times n_runs (the override
 * populations.NAME.size) and the trial's seed, not yet run; neuron i of
 * block j gets the values of run first + j (ax_population_set_param with
 * one value per neuron), so it runs as neuron i of that run alone.
 * Errors: AX_ERR_STATE when the file is not one population (naming why
 * not: info.one_population) or m has run; AX_ERR_ARGUMENT when n_runs is 0,
 * the runs pass the end or span two trials, or the size is not a multiple
 * of n_runs. */
AX_API ax_status ax_sweep_apply_block(ax_modelfile *m, uint64_t first, uint64_t n_runs, ax_error *err);

/* ---- Whole generations as one run ---- */

/* An evaluator runs a whole generation of candidate parameter sets of one
 * single-neuron model as one network: population k (named "p<k>") holds
 * one neuron per candidate under protocol k, with the candidates' free
 * parameters set per neuron.  The network is built once, at the first
 * ax_fit_evaluate; later generations only set parameters and reset
 * (ax_network_reset), so nothing is rebuilt.  Every candidate's spikes are
 * bit for bit those of the same neuron run alone (same model, dt and
 * protocol), for any thread count (docs/fitting.md). */
typedef struct ax_fit_evaluator ax_fit_evaluator;

/* One stimulation protocol: a current step of amplitude_na (nA) from
 * onset_ms for duration_ms (it ends with the run when it would last
 * longer), plus optionally a current trace trace_na[0 .. n_trace) (nA),
 * sample k held over [k dt, (k + 1) dt) and 0 after the last sample; the
 * run lasts run_ms (> 0, a multiple of dt).  amplitude_na = 0 with no
 * trace is a run without input (a model's own current parameter, e.g.
 * i_offset, can drive it).  The trace is copied. */
typedef struct ax_fit_protocol {
    double amplitude_na;
    double onset_ms, duration_ms;
    double run_ms;
    const double *trace_na;
    size_t n_trace;
} ax_fit_protocol;

/* What an evaluator is made of (everything is copied):
 *   model          any neuron model of ax_model_find(NULL, ...) (not a spike source)
 *   base_names, base_values, n_base  parameters set for every candidate (others keep the
 *                  model's defaults); each a parameter of the model, within its range
 *   free, n_free   the parameters the candidates vary (1 .. 64, distinct, of the model);
 *                  the reserved name "input_scale" (not a model's parameter: a model that has
 *                  one is refused) is each candidate's factor of every protocol's current,
 *                  step and trace (finite, >= 0): candidate c gets input_scale * amplitude_na
 *                  and input_scale * trace_na[k], bit for bit the neuron alone under the scaled
 *                  current.  It fits the gain between a model's current units and the data's.
 *                  Its cost: one input per candidate and protocol, and the network is declared
 *                  again for each generation whose scales differ from the last one's
 *   max_candidates the largest generation (>= 1): neurons = max_candidates * n_protocols,
 *                  at most 2^31
 *   protocols, n_protocols  1 .. 256 protocols, each run_ms at most max_run_ms
 *   max_run_ms     the longest run allowed (0: 1e7 ms): a guard against a mistyped unit
 *   dt_ms, threads as ax_network_create (the network's seed is 1: a single neuron under a
 *                  deterministic current draws no random number)
 *   record_ms      0: no voltage traces; > 0 (a multiple of dt): v is sampled every
 *                  record_ms (at record_ms, 2 record_ms, ..., as ax_recorder_add_state). */
typedef struct ax_fit_evaluator_spec {
    const char *model;
    const char *const *base_names;
    const double *base_values;
    size_t n_base;
    const char *const *free;
    size_t n_free;
    size_t max_candidates;
    const ax_fit_protocol *protocols;
    size_t n_protocols;
    double max_run_ms;
    double dt_ms;
    int threads;
    double record_ms;
} ax_fit_evaluator_spec;

/* Checks the spec (every failure names the field, the value and what is
 * allowed; an unknown parameter lists the model's parameters) and makes
 * the evaluator in *out (free it with ax_fit_evaluator_free).  Nothing is
 * simulated yet. */
AX_API ax_status ax_fit_evaluator_create(const ax_fit_evaluator_spec *spec, ax_fit_evaluator **out, ax_error *err);

/* Frees the evaluator and its network.  NULL is allowed. */
AX_API void ax_fit_evaluator_free(ax_fit_evaluator *ev);

/* What a score function sees of one candidate, during the run (final =
 * false: the spikes so far, up to t_ms) or at its end (final = true): its
 * free parameter values and one spike train per protocol (train p: the
 * spikes under protocol p, all within [0, protocols[p].run_ms]; the
 * view's interval is [0, the longest run]), and at the end (final), when
 * the evaluator records voltage, v[p][0 .. n_v[p]) sampled every
 * record_ms (NULL otherwise, and always during the run).  The arrays are
 * valid during the call. */
typedef struct ax_fit_score_input {
    size_t candidate;
    const double *params;
    size_t n_params;
    ax_spike_trains trains;
    const ax_fit_protocol *protocols;
    const double *const *v;
    const size_t *n_v;
    double record_ms;
    double t_ms;
    bool final;
} ax_fit_score_input;

/* A score (smaller is better) of a candidate's spike trains and traces:
 * any function of the input plugs in.  With final = false it returns a
 * lower bound of the final score (a value the final score cannot be
 * below, e.g. 0, or a spike-count excess that can only grow): candidates
 * whose bound exceeds ax_fit_evaluate_options.stop_above are stopped.
 * Returns AX_OK, or a failure with its message in *err, which fails the
 * evaluation. */
typedef ax_status (*ax_fit_score_fn)(const ax_fit_score_input *in, void *user, double *score, ax_error *err);

/* How ax_fit_evaluate scores and stops candidates.  NULL options: no
 * score, one chunk, no stopping.
 *   score, user    the score function (NULL: no scores) and what it gets as `user`
 *   chunk_ms       the run goes in chunks of chunk_ms (a multiple of dt; 0: one chunk);
 *                  after each, the score of every running candidate is asked for a bound
 *   stop_early, stop_above  with stop_early, a candidate whose bound is > stop_above
 *                  is stopped (retired): its neurons stop costing time
 *                  (ax_population_set_frozen), and its score is that bound (false, the
 *                  zero of the struct: none is stopped by its score).  Chunks never change
 *                  the spikes: the candidates that run to the end have the spikes and
 *                  scores they would have had in one chunk
 *   spike_ceiling  > 0: a candidate with more than this many spikes under a protocol is
 *                  retired at the end of the chunk with score +INFINITY (also without a
 *                  score function); 0: no ceiling. */
typedef struct ax_fit_evaluate_options {
    ax_fit_score_fn score;
    void *user;
    double chunk_ms;
    bool stop_early;
    double stop_above;
    uint64_t spike_ceiling;
} ax_fit_evaluate_options;

/* The results of one generation of n candidates under P protocols (the
 * arrays are the library's: ax_fit_results_free frees them):
 *   trains   n * P trains, train c * P + p the spikes of candidate c under protocol p
 *            (ms), interval [0, the longest run]; a retired candidate's trains end
 *            where it was stopped
 *   scores   n scores (NULL without a score function); retired candidates: their bound
 *            or +INFINITY (ceiling)
 *   retired_ms  n values: NAN for a candidate that ran to the end, else the time (ms)
 *            it was stopped at
 *   v, v_offsets  with record_ms: the samples of candidate c under protocol p are
 *            v[v_offsets[c * P + p] .. v_offsets[c * P + p + 1]), sample k at
 *            (k + 1) record_ms; otherwise NULL
 *   run_s    wall seconds spent simulating. */
typedef struct ax_fit_results {
    size_t n_candidates, n_protocols;
    ax_spike_trains trains;
    double *scores;
    double *retired_ms;
    double *v;
    size_t *v_offsets;
    double record_ms;
    double run_s;
} ax_fit_results;

/* Evaluates candidates[c * n_free + k] (value of free parameter k of
 * candidate c; 1 <= n <= max_candidates; every value finite and within the
 * model's range, or the error names the candidate, the parameter and the
 * value) under every protocol in one run, and fills *out (zeroed on
 * failure).  A run the model cannot finish (a candidate's state becomes
 * NaN or infinite) fails with AX_ERR_NUMERIC naming the candidate and the
 * protocol; the evaluator can be used again. */
AX_API ax_status ax_fit_evaluate(ax_fit_evaluator *ev, const double *candidates, size_t n,
                                 const ax_fit_evaluate_options *options, ax_fit_results *out, ax_error *err);

/* Frees the arrays of *results and zeroes it.  NULL is allowed. */
AX_API void ax_fit_results_free(ax_fit_results *results);

/* The target of the two built-in scores (their `user`): one train per
 * protocol (train p the target spikes under protocol p).  Spike-count
 * score: sum over p of |n_p - N_p|, n_p and N_p the candidate's and the
 * target's spike counts (during the run, the bound sum of max(0, n_p - N_p)
 * plus |n_p - N_p| for finished protocols).  SPIKE-distance score
 * (SpikeNetOpt's): the mean over protocols of ax_spike_distance_spike
 * between the candidate's and the target's train on [0, run_ms], plus
 * count_weight times the spike-count score (bound: count_weight times the
 * count bound).  Errors: a target with another number of trains than the
 * protocols, a target spike outside [0, run_ms], count_weight < 0 or NaN. */
typedef struct ax_fit_target {
    ax_spike_trains trains;
    double count_weight;
} ax_fit_target;
AX_API ax_status ax_fit_score_spike_count(const ax_fit_score_input *in, void *user, double *score, ax_error *err);
AX_API ax_status ax_fit_score_spike_distance(const ax_fit_score_input *in, void *user, double *score, ax_error *err);

/* Gamma score (its `user` an ax_fit_gamma_target): the mean over
 * protocols p of 1 - Gamma_p, Gamma_p the
 * coincidence factor (Jolivet et al. 2008, eq. 1, as ax_objective_gamma)
 * of the candidate's train against the target's over [0, run_ms of p]
 * with the precision window delta_ms, plus count_weight times the
 * spike-count score.  In [0, 2] plus the count part: 0 for the target's
 * spikes; both trains empty count as Gamma 1, 2 nu Delta >= 1 as Gamma 0.
 * Bound during the run: the final terms of the protocols already
 * finished (the others 0, since Gamma <= 1) plus the count bound.
 * Errors: those of the other scores, delta_ms <= 0 or not finite. */
typedef struct ax_fit_gamma_target {
    ax_fit_target target;   /* the trains and count_weight, as for the other scores */
    double delta_ms;        /* the precision window, > 0 ms (Jolivet et al. use 2 to 4 ms) */
} ax_fit_gamma_target;
AX_API ax_status ax_fit_score_gamma(const ax_fit_score_input *in, void *user, double *score, ax_error *err);

/* Current search (SpikeNetOpt's current_search, by bisection over a
 * population): for each target spike count, the value of free parameter
 * `param` (a current parameter such as Izhikevich's i_offset, nA) that
 * makes the candidate fire exactly that many spikes under protocol 0.
 * Each round evaluates, as one generation, max_candidates / n_targets
 * values spread evenly over each unsolved target's bracket [lo, hi]; the
 * bracket narrows to the values just below and above the target's count.
 * The other free parameters are fixed[k] (fixed[param] is not read).
 *   counts[t] >= 0 the targets (n_targets >= 1, at most max_candidates / 2)
 *   lo < hi        the first bracket; when every value of a round gives too few
 *                  spikes the bracket moves up to [hi, hi + 2 (hi - lo)] (down likewise
 *                  when every value gives too many), as SpikeNetOpt widens its range
 *   rounds         1 .. 1000
 * currents[t] gets the value found and found[t] 1, or, when no value gives
 * the count within `rounds` (the count jumps over it, e.g. from 0 to 2 at
 * a type-II onset, or the bracket became narrower than 1e-12 of its value),
 * the value whose count came closest (the lowest on ties) and found[t] 0;
 * achieved[t] (may be NULL) gets the count of that value. */
typedef struct ax_fit_current_search_spec {
    size_t param;
    const double *fixed;
    const double *counts;
    size_t n_targets;
    double lo, hi;
    int rounds;
} ax_fit_current_search_spec;
AX_API ax_status ax_fit_current_search(ax_fit_evaluator *ev, const ax_fit_current_search_spec *spec,
                                       double *currents, int *found, double *achieved, ax_error *err);

/* ---- Fits: objectives as scores, and a model file's [fit] table ---- */

/* Any composite objective (ax_objective, one condition per protocol) as a
 * score of ax_fit_evaluate: `user` is the `const ax_objective *`.  Condition
 * p gets the candidate's train under protocol p as a view of one train over
 * [0, protocols[p].run_ms] (so a term's target is one train over that
 * interval), its voltage in[p] (sampled every record_ms from record_ms on:
 * a TRACE term's target must have the same length and dt_ms = record_ms),
 * and no population signal.  Final: *score is ax_objective_evaluate's
 * total of these outputs, bit for bit.  During the run (final = false): a
 * lower bound that can only grow - the weighted spike-count excess of the
 * SPIKE_DISTANCE terms (weight x max(0, n - N), |n - N| once the protocol's
 * run is over; the SPIKE-distance part is >= 0) and of the SUMMARY terms
 * (weight x ((n - N) / count scale)^2 for n > N); 0 for the other terms.
 * Errors: in, user or score NULL; an objective whose number of conditions
 * is not the number of protocols; ax_objective_evaluate's. */
AX_API ax_status ax_fit_score_objective(const ax_fit_score_input *in, void *user, double *score, ax_error *err);

/* A model file's [fit] table (docs/fitting.md, "Fits"), checked when the
 * file is loaded (so `axon check` refuses a bad one, at its file:line:col):
 * the fitted neuron is the file's population `population` (one neuron of a
 * built-in model); its parameters, as the file sets them or the model's
 * defaults, are the base values except the free ones.  Every pointer is
 * owned by the model file. */
typedef enum ax_fit_target_kind {
    AX_FIT_TARGET_SPIKES = 0,    /* spike data files: target_spikes (and target_v where given) */
    AX_FIT_TARGET_MODEL = 1      /* a reference model simulated under the same protocols */
} ax_fit_target_kind;

/* One objective term of [[fit.objective]], for every protocol (condition);
 * the target data come from the target at fit time.  For FEATURE terms
 * feature.target is the target train's value of the feature. */
typedef struct ax_fit_term {
    ax_objective_kind kind;            /* GAMMA, SPIKE_DISTANCE, SUMMARY, TRACE or FEATURE */
    double weight;
    double delta_ms;                   /* GAMMA */
    double skip_before_ms, skip_after_ms;  /* TRACE: the windows left out around the target's spikes */
    ax_feature_spec feature;           /* FEATURE: feature, scale, absolute, penalty */
} ax_fit_term;

typedef struct ax_fit_table {
    const char *population;            /* the fitted neuron's population in the file */
    const char *model;                 /* its model (built in) */
    const char *const *base_names;     /* every other parameter of the model, with its value */
    const double *base_values;
    size_t n_base;
    const char *const *free;           /* the free parameters, their bounds and log flags */
    const double *lower, *upper;
    const int *log_scale;
    size_t n_free;
    const ax_fit_protocol *protocols;  /* current steps, at least one */
    size_t n_protocols;
    double dt_ms;                      /* the file's simulation.dt */
    ax_fit_target_kind target;
    ax_spike_trains target_spikes;     /* SPIKES: one train per protocol, train p over [0, run_ms of the
                                        * longest protocol] */
    const double *const *target_v;     /* SPIKES with `voltage` files: v[p] sampled every target_v_dt_ms
                                        * from target_v_dt_ms on; else NULL */
    const size_t *n_target_v;
    double target_v_dt_ms;
    const char *target_model;          /* MODEL: the reference model and the parameters set on it */
    const char *const *target_names;
    const double *target_values;
    size_t n_target;
    const ax_fit_term *terms;
    size_t n_terms;
    unsigned needs;                    /* AX_OBJECTIVE_NEEDS_* of the terms */
    ax_optimizer_options optimizer;    /* kind, settings, seed, budget (> 0), bounds: the arrays above */
    int threads;                       /* 0: all cores */
    bool stop_early;                   /* stop candidates whose bound exceeds the best score so far */
    double chunk_ms;                   /* chunks of the run for early stopping (a multiple of dt) */
    double record_ms;                  /* voltage sampling of the fit (TRACE terms) and its pictures */
} ax_fit_table;

/* The [fit] table of m into *out (a pointer into m, valid while m lives).
 * AX_ERR_NOT_FOUND when the file has no [fit] table; AX_ERR_ARGUMENT when
 * m or out is NULL. */
AX_API ax_status ax_fit_get_table(const ax_modelfile *m, const ax_fit_table **out, ax_error *err);

/* ------------------------------------------------------------------ */
/* Attractor networks (docs/attractors.md)                              */
/* ------------------------------------------------------------------ */

/* Discrete Hopfield networks (Hopfield 1982, PNAS 79:2554): n neurons of
 * state +1 (on) or -1 (off), symmetric Hebbian weights from stored
 * patterns, and updates s_i <- sign(h_i) of the local field
 * h_i = sum_j w_ij s_j.  Like analysis calls these need no network: a
 * failure is reported in *err (err may be NULL) with a negative status,
 * and every argument is checked before anything is written.
 *   - Patterns are n_patterns rows of n values, row-major; a pattern's
 *     values are 1 (on) and `off`: -1 for bipolar patterns, 0 for binary
 *     ones (each call says which it takes).
 *   - Weights are n x n, row-major: weights[i * n + j] = w_ij, the weight
 *     from neuron j onto neuron i.  The caller's arrays.
 *   - States are bipolar (+1, -1).
 *   - Random numbers come from axon's counter-based streams keyed by the
 *     seed (and, inside, by pattern, cue and sweep), so results do not
 *     depend on the thread count. */

/* n_patterns random patterns of n values into patterns (n_patterns x n,
 * the caller's): each value independently 1 with probability p_on, else
 * `off` (-1: bipolar, 0: binary).  Pattern k is drawn from its own stream
 * (seed, k): the first k patterns are the same whatever n_patterns is.
 * p_on = 0.5 gives the unbiased patterns of the capacity theory (the main
 * seed's generate_random_patterns(rows, cols, n, p_on)).  Errors: NULL
 * patterns, n = 0, n_patterns = 0 or >= 2^32, p_on outside [0, 1] or NaN,
 * off not -1 or 0. */
AX_API ax_status ax_hopfield_random_patterns(size_t n_patterns, size_t n, double p_on, double off, uint64_t seed,
                                             double *patterns, ax_error *err);

/* A copy of pattern (n values of 1 and `off`) into out (n, the caller's;
 * it may be pattern itself) with each value flipped (1 <-> off)
 * independently with probability flip_probability in [0, 1]: 0 copies,
 * 1 inverts.  Errors: NULL pointers, n = 0, off not -1 or 0, a value other
 * than 1 and off (the message names its index), flip_probability outside
 * [0, 1] or NaN. */
AX_API ax_status ax_hopfield_distort(const double *pattern, size_t n, double off, double flip_probability,
                                     uint64_t seed, double *out, ax_error *err);

/* Hebb's rule for bipolar patterns (Hopfield 1982, eq. 2):
 *     w_ij = scale * sum_k p_ki p_kj  (i != j),   w_ii = 0
 * into weights (n x n, the caller's).  scale = 1 is the main seed's
 * generate_hopfield_network; 1/n the textbook normalisation (Amit,
 * Gutfreund & Sompolinsky 1985); the signs of the fields, and so the
 * dynamics, do not depend on it.  With scale 1 every weight is an integer
 * (|w| <= n_patterns), exact in a double.  Errors: NULL pointers, n = 0,
 * n_patterns = 0, a value other than +-1 (names the pattern and index),
 * scale not finite and > 0; n x n that overflows. */
AX_API ax_status ax_hopfield_weights(const double *patterns, size_t n_patterns, size_t n, double scale,
                                     double *weights, ax_error *err);

/* The main seed's rule for binary (0/1) patterns
 * (generate_binary_hopfield_network(id, patterns, a, b, scale)):
 *     w_ij = scale * sum_k (p_ki - a) (p_kj - b)  (i != j),   w_ii = 0
 * a is taken from the target's value, b from the source's, so the weights
 * are symmetric only when a = b.  a = b = the patterns' mean activity is
 * the covariance rule of Tsodyks & Feigel'man (1988); the seed's
 * autoassociative example uses a = b = 1, scale 0.5 (coupling only pairs
 * of off cells).  Errors: NULL pointers, n = 0, n_patterns = 0, a value
 * other than 0 and 1, a, b or scale not finite; n x n that overflows. */
AX_API ax_status ax_hopfield_weights_binary(const double *patterns, size_t n_patterns, size_t n, double a, double b,
                                            double scale, double *weights, ax_error *err);

/* Hopfield's energy of a bipolar state (1982, eq. 7):
 *     E = -1/2 sum_ij w_ij s_i s_j
 * (the diagonal included: 0 for Hebbian weights).  With symmetric weights
 * and w_ii >= 0 no asynchronous update raises it, so asynchronous runs end
 * at fixed points.  Sums run in index order.  Errors: NULL pointers,
 * n = 0, a weight not finite, a state value other than +-1. */
AX_API ax_status ax_hopfield_energy(const double *weights, size_t n, const double *state, double *energy,
                                    ax_error *err);

/* The overlap m = (1/n) sum_i s_i p_i of a bipolar state with a bipolar
 * pattern, in [-1, 1]: 1 is the pattern, -1 its inverse (also an
 * attractor), about 0 an unrelated state; the fraction of neurons that
 * agree is (1 + m) / 2.  Errors: NULL pointers, n = 0, values other than
 * +-1. */
AX_API ax_status ax_hopfield_overlap(const double *state, const double *pattern, size_t n, double *overlap,
                                     ax_error *err);

/* How a sweep updates the n neurons, each by s_i <- +1 if h_i > 0, -1 if
 * h_i < 0, unchanged if h_i = 0 (the main seed sets -1 there; keeping the
 * state makes a stored pattern a fixed point whatever its ties). */
typedef enum ax_hopfield_update {
    AX_HOPFIELD_SYNCHRONOUS = 0,   /* all at once, every field from the state before the sweep (Little 1974) */
    AX_HOPFIELD_ASYNCHRONOUS = 1,  /* one at a time, each from the current state, in a random order: sweep t
                                      visits the neurons in a permutation drawn (Fisher-Yates) from the
                                      stream (seed, t) (Hopfield 1982) */
    AX_HOPFIELD_SEQUENTIAL = 2     /* one at a time in index order 0 .. n-1 */
} ax_hopfield_update;

/* How a run ended. */
typedef struct ax_hopfield_run_result {
    size_t steps;    /* sweeps made (the last one, when converged, changed nothing) */
    size_t flips;    /* neurons that changed, over all sweeps */
    int converged;   /* 1: a sweep changed nothing (a fixed point) */
    int cycle;       /* 1 (synchronous only): the state equals the one two sweeps before and not the one before:
                        a 2-cycle, which synchronous updates of symmetric weights can end in (Goles 1985) */
} ax_hopfield_run_result;

/* Updates state (n bipolar values, in place) by sweeps of `update` until a
 * sweep changes nothing, a synchronous run enters a 2-cycle, or max_steps
 * sweeps are made (max_steps 0: none).  Fields are sums in index order
 * (with integer weights, e.g. scale 1 above, exact).  energy (may be NULL;
 * max_steps + 1 doubles) gets ax_hopfield_energy of the state before the
 * first sweep and after each sweep made (entries 0 .. steps).  out may be
 * NULL.  Errors (state untouched): NULL weights or state, n = 0, a weight
 * not finite, a state value other than +-1, an unknown update, max_steps
 * >= 2^32; AX_ERR_MEMORY (synchronous: two n-value buffers). */
AX_API ax_status ax_hopfield_run(const double *weights, size_t n, double *state, ax_hopfield_update update,
                                 size_t max_steps, uint64_t seed, double *energy, ax_hopfield_run_result *out,
                                 ax_error *err);

/* A capacity measurement: `networks` independent networks of n neurons,
 * each storing n_patterns random patterns (ax_hopfield_random_patterns,
 * p_on) with ax_hopfield_weights (scale 1), each pattern cued by itself
 * distorted with flip_probability (ax_hopfield_distort) and run for at
 * most max_steps sweeps.  Network t's patterns, cues and update orders
 * come from streams of (seed, t): network 0 is what the single calls give
 * with the same seed.  Cues run in parallel; the sums are made in cue
 * order, so the result does not depend on the thread count. */
typedef struct ax_hopfield_capacity_spec {
    size_t n;                 /* neurons, >= 2 */
    size_t n_patterns;        /* patterns stored in each network, >= 1 */
    size_t networks;          /* independent networks, >= 1 */
    double p_on;              /* probability of +1 in a pattern, (0, 1); 0.5 for the theory */
    double flip_probability;  /* distortion of each cue, [0, 1]; 0: the pattern itself */
    ax_hopfield_update update;
    size_t max_steps;         /* sweeps per recall, >= 1 */
    uint64_t seed;
} ax_hopfield_capacity_spec;

/* Over the networks x n_patterns cues (or stored patterns for `stable`). */
typedef struct ax_hopfield_capacity_result {
    size_t cues;         /* networks x n_patterns */
    double perfect;      /* fraction of cues whose final state is the pattern, every neuron right */
    double stable;       /* fraction of stored patterns that are fixed points (no h_i p_i < 0) */
    double overlap;      /* mean final overlap m with the cued pattern */
    double overlap_sd;   /* its standard deviation over the cues (divisor cues) */
    double converged;    /* fraction of runs that reached a fixed point within max_steps */
} ax_hopfield_capacity_result;

/* Runs the measurement above.  For unbiased patterns (p_on = 0.5) the
 * retrieval states exist up to n_patterns = 0.138 n for large n (Amit,
 * Gutfreund & Sompolinsky 1985, Phys Rev A 32:1007; Phys Rev Lett
 * 55:1530): the overlap stays above 0.96 below that load and collapses
 * above it; a stored pattern is a fixed point with probability about
 * (1 - eps)^n, eps = P(Bin((P-1)(n-1), 1/2) < ((P-1)(n-1) - (n-1)) / 2)
 * the exact chance that one neuron's crosstalk outweighs its signal
 * (docs/attractors.md).  Errors: NULL spec or out, a field outside the
 * above, an unknown update, n x n or networks x n_patterns that overflow;
 * AX_ERR_MEMORY (n x n weights and n x n_patterns patterns per network,
 * a few n-value buffers per thread). */
AX_API ax_status ax_hopfield_capacity(const ax_hopfield_capacity_spec *spec, ax_hopfield_capacity_result *out,
                                      ax_error *err);

/* ------------------------------------------------------------------ */
/* Closed reward loops (docs/learning.md)                               */
/* ------------------------------------------------------------------ */

/* An agent (a network), an environment (the caller's callbacks) and a
 * reward function stepped together in segments of segment_ms (the main
 * seed's Environment.run_with_reward).  Segment k (k = 0, 1, ... over the
 * loop's life) does, in this order:
 *   1. observe(user, k, levels, n_inputs, err): the environment writes one
 *      level per loop input (nA for dc, Hz per source for Poisson drives),
 *      which holds for the whole segment (ax_input_set_level);
 *   2. the network runs segment_ms;
 *   3. counts[j] = the spikes of output neuron j in the segment: the
 *      neurons of outputs[0] in order, then those of outputs[1], ...;
 *   4. act(user, k, counts, n_counts, err): the environment reacts;
 *   5. reward(user, k, counts, n_counts, &r, err): r, finite, is appended
 *      to the reward history and, when the spec names a modulator,
 *      injected into it (ax_modulator_inject(r): a dopamine jump at the
 *      segment's end, which R-STDP synapses turn into weight changes
 *      through their eligibility traces).
 * A NULL callback is skipped (no observe: the levels stay, 0 at first;
 * no reward: r = 0).  A callback returns AX_OK to go on, or any other
 * status to stop the loop: ax_loop_run then returns that status (a
 * positive or unknown one as AX_ERR_ARGUMENT) with "ax_loop_run: segment
 * k: observe failed: " and the message the callback wrote into its err
 * (an ax_error the loop gives it, cleared before each call).  Everything
 * is deterministic: the same seed and callbacks give the same rewards for
 * any thread count. */
typedef struct ax_loop ax_loop;

typedef ax_status (*ax_loop_observe_fn)(void *user, uint64_t segment, double *levels, size_t n_levels,
                                        ax_error *err);
typedef ax_status (*ax_loop_act_fn)(void *user, uint64_t segment, const uint32_t *counts, size_t n_counts,
                                    ax_error *err);
typedef ax_status (*ax_loop_reward_fn)(void *user, uint64_t segment, const uint32_t *counts, size_t n_counts,
                                       double *reward, ax_error *err);

/* An input the environment sets at each segment: ax_loop_create adds it
 * (ax_input_add, level 0) on `neurons` of the population named
 * `population`.  kind is AX_INPUT_DC (a current) or AX_INPUT_POISSON (a
 * drive of `sources` sources, `weight` per event onto `receptor`). */
typedef struct ax_loop_input {
    const char *population;
    ax_neurons neurons;
    ax_input_kind kind;
    double sources;             /* poisson: > 0 */
    double weight;              /* poisson */
    const char *receptor;       /* poisson */
} ax_loop_input;

typedef struct ax_loop_spec {
    double segment_ms;                  /* > 0, a multiple of dt */
    const ax_loop_input *inputs;        /* n_inputs of them (may be 0) */
    size_t n_inputs;
    const char *const *outputs;         /* names of the populations whose spikes are counted */
    size_t n_outputs;
    const char *modulator;              /* name of the modulator the rewards go into; NULL: none */
    ax_loop_observe_fn observe;
    ax_loop_act_fn act;
    ax_loop_reward_fn reward;
    void *user;                         /* passed to the callbacks */
} ax_loop_spec;

/* A loop over `net` (which must outlive every ax_loop_run; the loop keeps
 * no copy of the spec's strings).  It adds its inputs and one spike
 * recorder per output to the network (allowed before and between runs),
 * which therefore records the outputs' spikes from then on, also after
 * ax_loop_free (12 bytes per spike: a time and a neuron).  Errors, before
 * anything is added: NULL net, spec or out; segment_ms not > 0 or not a multiple of dt; n_inputs (n_outputs)
 * > 0 with NULL inputs (outputs); an unknown population or modulator (the
 * message names it and the spec field); an input kind other than dc or
 * Poisson, on a spike source, or with neurons out of range; a Poisson
 * input's sources not > 0, weight not finite (or negative onto a
 * conductance receptor) or a receptor its model lacks.  Only memory
 * running out while the inputs are added leaves those added before in the
 * network (at level 0, which changes nothing in the simulation).  *out is
 * the caller's, freed by ax_loop_free; NULL after a failure. */
AX_API ax_status ax_loop_create(ax_network *net, const ax_loop_spec *spec, ax_loop **out, ax_error *err);

/* Frees the loop (NULL is allowed).  It does not touch the network, which
 * may have been freed before: its inputs and recorders stay in it. */
AX_API void ax_loop_free(ax_loop *loop);

/* Runs n_segments segments (0 does nothing).  A failure (a callback's, a
 * level observe gave that is not allowed - checked for all inputs before
 * any is set -, a non-finite reward, the run's) stops the loop at that
 * segment and leaves the network usable: when observe fails, the segment
 * is not run; when act or reward fails or gives a non-finite reward, the
 * segment has been run (the network's time is at its end) but no reward
 * was given and the segment is not in the history.  The next ax_loop_run
 * goes on from the network's time. */
AX_API ax_status ax_loop_run(ax_loop *loop, uint64_t n_segments, ax_error *err);

/* The rewards of the segments completed so far, one per segment in order:
 * *n values at *rewards (NULL when *n is 0), the loop's array, valid until
 * the next ax_loop_run or ax_loop_free. */
AX_API ax_status ax_loop_get_rewards(const ax_loop *loop, size_t *n, const double **rewards, ax_error *err);

/* Sizes of a loop: its inputs (levels per observe), its output neurons
 * (counts per act and reward), the segments completed, the segment length. */
typedef struct ax_loop_info {
    size_t n_inputs;
    size_t n_counts;
    uint64_t segments;
    double segment_ms;
} ax_loop_info;
AX_API ax_status ax_loop_get_info(const ax_loop *loop, ax_loop_info *info, ax_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AXON_H */
