/*
 * load.h - the model-file loader: a TOML tree (io/toml.h) turned into calls
 * of the C API.  Nothing is implemented twice: the loader checks types,
 * names and shapes and says where in the file they are wrong; every rule
 * about values is the C API's, whose message it places at the right line.
 *
 *   load.c         the document, [simulation], [populations], overrides
 *   load_values.c  typed getters, value specs, neuron selections
 *   ax_load_channels.c [channels.NAME]: user-defined ion channels
 *   load_neurons.c [neurons.NAME]: neuron models written as equations
 *   load_wire.c    [[projections]] (and from_list files), [[inputs]], [[record]]
 *   load_plastic.c plastic synapses and the [[schedule]]; ax_modelfile_run
 *   load_rules.c   [plasticity.NAME]: plasticity rules written as equations
 *   load_warnings.c simulation.silence_warnings
 *   load_structure.c populations.NAME.structure: positions
 *   load_sweep.c   [sweep]: the swept keys and their values; sweep.c: the ax_sweep_ calls
 *   load_fit.c     [fit]: the fitted neuron, free parameters, protocols, target, objective, optimiser
 */
#ifndef AX_LOAD_H
#define AX_LOAD_H

#include <stdbool.h>

#include "axon.h"
#include "io/toml.h"

/* One file the run will write: a recorder's (its kind chooses the
 * format), or the final synapses of a projection. */
typedef struct ax_output {
    ax_recorder rec;
    ax_projection proj;       /* synapses */
    bool synapses;            /* <proj>.weights.csv: the final synapses */
    bool npy;                 /* traces and weights as NPY (values and times) */
    bool positions;           /* <pop>.positions.csv: the positions of population pop */
    ax_population pop;
    char *file;               /* "E.spikes.csv", "E.v.npy", ... */
    char *times_file;         /* NPY: "E.v.times.npy" */
} ax_output;

/* A change of the [[schedule]], at the start of `step`. */
typedef struct ax_event {
    int64_t step;
    size_t order;             /* position in the file: ties keep it */
    ax_projection proj;
    bool set_on, on, set_rate;
    double rate;
    bool add;                 /* modulator `mod` jumps by `amount` */
    ax_modulator mod;
    double amount;
} ax_event;

/* A projection's `weights_from`: a file imported after the build
 * (ax_modelfile_build). */
typedef struct ax_weights_file {
    ax_projection proj;
    char *path;               /* the model file's folder joined */
    ax_graph_format format;   /* from the extension */
    toml_pos pos;             /* of the key ({0, 0}: from --set) */
    size_t index;             /* projections[index] */
} ax_weights_file;

/* One swept key of [sweep] (io/load_sweep.c): its values as the TOML text
 * of an override, and the numbers (NAN for strings and booleans). */
typedef struct ax_sweep_key {
    char *key;                /* "populations.E.params.tau_m" */
    toml_pos pos;
    char **texts;
    double *numbers;
    size_t n, cap;
    bool settable;            /* a population's parameter, numbers only: set on a built network */
    ax_population pop;
    const char *param;        /* the model's name of it (static) */
} ax_sweep_key;

/* The [sweep] table: keys in the file's order, trials per combination. */
#define AX_SWEEP_MAX_KEYS 64
typedef struct ax_sweep_data {
    bool present;
    toml_pos pos;
    ax_sweep_key *params;
    size_t n;
    uint64_t trials, runs;
    bool one_population;      /* the runs of a trial can be one larger population (load_sweep.c) */
} ax_sweep_data;

/* The [fit] table (io/load_fit.c): the public view, and the blocks it points to. */
typedef struct ax_fit_data {
    bool present;
    ax_fit_table table;
    ax_population pop;        /* the fitted neuron */
    void **owned;             /* every block the table points to (but the target trains) */
    size_t n_owned;
} ax_fit_data;

struct ax_modelfile {
    ax_network *net;
    char **proj_names;        /* [[projections]] in file order: `name` (or NULL), handle, plastic? */
    ax_projection *proj_handles;
    bool *proj_plastic;
    size_t n_projs;
    ax_event *events;         /* [[schedule]], by time */
    size_t n_events, next_event;
    int64_t at_step;          /* the network's step when ax_modelfile_run last returned */
    char *name;
    char *output_dir;
    double duration_ms;
    ax_modelfile_analysis analysis;  /* [analysis] */
    ax_sweep_data sweep;      /* [sweep] (docs/fitting.md) */
    ax_fit_data fit;          /* [fit] (docs/fitting.md) */
    /* Where things are in the file, for ax_modelfile_validate's messages
     * ({0, 0}: given with --set, or no such table). */
    char *file;
    toml_pos simulation_pos, duration_pos;
    toml_pos *pop_pos;        /* [populations.NAME], by population handle */
    size_t n_pop_pos;
    ax_output *outputs;
    size_t n_outputs;
    bool streamed;            /* the recorders' outputs stream to their files (ax_modelfile_stream_recordings) */
    ax_weights_file *weights; /* `weights_from` of projections, in file order */
    size_t n_weights;
    bool weights_done;        /* imported (once: after the build, before the first run) */
    ax_status weights_failed; /* an import failed: ax_modelfile_build and _run refuse from then on,
                                 with weights_message (a later import would change tables that
                                 callers may be reading in place) */
    char weights_message[1024];
};

typedef struct load_ctx {
    const char *file;         /* for messages */
    const char *dir;          /* folder of the model file: from_list paths start here */
    ax_network *net;
    ax_modelfile *mf;
    ax_error *err;
    bool failed;
    uint64_t memory_limit;    /* of the network declared (0: the default) */
    const char *text;         /* the file's text: positions inside its strings (load_neurons.c) */
} load_ctx;

/* ax_modelfile_load_string with a memory limit for the network that the
 * file declares, set before anything is declared (0: the default, the
 * machine's memory): fuzz/fuzz_load.c bounds what a file can make. */
ax_modelfile *ax_modelfile_load_bounded(const char *text, const char *file, const char *dir,
                                        const char *const *overrides, size_t n_overrides, uint64_t memory_limit,
                                        ax_error *err);

/* "file:line:col: path: message" (or "file: --set path: ..." for values
 * that came from the command line) with AX_ERR_ARGUMENT; returns false. */
bool ax_load_fail(load_ctx *c, toml_pos pos, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The same with another status: that of the C API call whose message is
 * placed, so that a file that is fine but met a shortage of memory reports
 * AX_ERR_MEMORY, not a mistake in the file. */
bool ax_load_fail_as(load_ctx *c, ax_status status, toml_pos pos, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The C API's last message, placed at pos; `status` is what the call returned. */
bool ax_load_fail_api(load_ctx *c, ax_status status, toml_pos pos, const char *path);

/* "out of memory" with AX_ERR_MEMORY, for the loader's own allocations. */
bool ax_load_fail_memory(load_ctx *c, toml_pos pos, const char *path);

/* Fails on keys of `t` not in `allowed` (NULL-terminated), naming the
 * closest allowed one. */
bool ax_load_check_keys(load_ctx *c, const toml_value *t, const char *path, const char *const *allowed);

/* Typed access to t[key]; `found` says whether the key was there (NULL:
 * the key is required). */
bool ax_load_number(load_ctx *c, const toml_value *t, const char *key, const char *path, double *out, bool *found);
/* t[key]: an array of min .. max (<= 3) numbers - coordinates, extents -
 * into out[3], the rest 0; *n (may be NULL) gets how many. */
bool ax_load_coords(load_ctx *c, const toml_value *t, const char *key, const char *path, int min, int max,
                    double out[3], int *n, bool *found);
bool ax_load_integer(load_ctx *c, const toml_value *t, const char *key, const char *path, long long *out, bool *found);
bool ax_load_string(load_ctx *c, const toml_value *t, const char *key, const char *path, const char **out,
                 bool *found);
bool ax_load_bool(load_ctx *c, const toml_value *t, const char *key, const char *path, bool *out, bool *found);
bool ax_load_table(load_ctx *c, const toml_value *t, const char *key, const char *path, const toml_value **out,
                bool *found);

/* A number, an array of numbers, or a distribution table as an ax_value;
 * an array is copied into *owned (free it after use). */
bool ax_load_value(load_ctx *c, const toml_value *v, const char *path, ax_value *out, double **owned);

/* "all", a list of indices or { first = N }; the list goes to *owned. */
bool ax_load_neurons(load_ctx *c, const toml_value *v, const char *path, ax_neurons *out, uint32_t **owned);

/* The population named by t[key] (a string). */
bool ax_load_population_ref(load_ctx *c, const toml_value *t, const char *key, const char *path, ax_population *out);

/* The entries of an array of tables, e.g. [[projections]] (none when the
 * key is absent). */
bool ax_load_table_list(load_ctx *c, const toml_value *doc, const char *key, const toml_value ***items, size_t *n);

/* t.receptor: given, or "excitatory" when the target model has it. */
bool ax_load_receptor(load_ctx *c, const toml_value *t, const char *path, ax_population target, const char **out);

/* "base.key" into buf. */
const char *ax_load_path(char *buf, size_t len, const char *base, const char *key);

/* simulation.silence_warnings (load_warnings.c), once the network exists. */
bool ax_load_silence_warnings(load_ctx *c, const toml_value *sim);

/* populations.NAME.structure (load_structure.c): positions of pop, and the
 * output <pop>.positions.csv. */
bool ax_load_structure(load_ctx *c, const toml_value *t, const char *path, ax_population pop, uint32_t size);

/* Adds the output `file` with the positions of pop (load_records.c). */
/* load_records.c: the output "<pop>.<what>.<csv|npy>" of recorder rec.
 * load_signal.c: a [[record]] with `signal` (a population signal). */
bool ax_load_record_output(load_ctx *c, toml_pos pos, const char *path, ax_recorder rec, const char *pop,
                           const char *what, bool npy);
bool ax_load_signal_record(load_ctx *c, const toml_value *t, const char *path);
bool ax_load_positions_output(load_ctx *c, toml_pos pos, const char *path, ax_population pop, const char *file);
/* The synapses of proj written to `file` (source,target,weight,delay) after the run. */
bool ax_load_synapses_output(load_ctx *c, toml_pos pos, const char *path, ax_projection proj, const char *file);

bool ax_load_channels(load_ctx *c, const toml_value *doc);
/* [neurons.NAME] (load_neurons.c): models written as equations, before the populations. */
bool ax_load_neuron_models(load_ctx *c, const toml_value *doc);
/* The file's line and column of character (line, col) of string value v
 * (text: the file's; load_neurons.c says how escapes and multi-line
 * strings count). */
toml_pos ax_load_string_pos(const char *text, const toml_value *v, uint32_t line, uint32_t col);
/* A projection's `synapse` table of a plastic synapse; a rule written as
 * equations takes its `params` as text in rule_params (len bytes), which
 * out->rule_params then points to. */
bool ax_load_plasticity(load_ctx *c, const toml_value *synapse, const char *path, ax_plasticity *out, char *rule_params,
                        size_t len);
/* [plasticity.NAME] (load_rules.c): rules written as equations, before the projections. */
bool ax_load_rules(load_ctx *c, const toml_value *doc);
/* synapse.params = { NAME = number, ... } as "NAME = number, ..." in buf. */
bool ax_load_rule_params(load_ctx *c, const toml_value *params, const char *path, char *buf, size_t len);
/* After ax_projection_add_plastic failed (st) for a `synapse` that names a
 * rule: when the message is about the rule (unknown, its parameters),
 * places it at synapse.rule or synapse.params.NAME and returns true. */
bool ax_load_rule_failure(load_ctx *c, ax_status st, const toml_value *synapse, const char *path);
bool ax_load_schedule(load_ctx *c, const toml_value *doc);
bool ax_load_modulators(load_ctx *c, const toml_value *doc);
bool ax_load_projections(load_ctx *c, const toml_value *doc);
bool ax_load_inputs(load_ctx *c, const toml_value *doc);
bool ax_load_records(load_ctx *c, const toml_value *doc);

/* [sweep] (load_sweep.c): checked and expanded into mf->sweep. */
bool ax_load_sweep(load_ctx *c, const toml_value *doc);
void ax_sweep_data_free(ax_sweep_data *s);

/* [fit] (load_fit.c): checked, its data files read, into mf->fit. */
bool ax_load_fit(load_ctx *c, const toml_value *doc);
void ax_fit_data_free(ax_fit_data *d);

#endif
