/*
 * test_api_contract.c - every function of axon.h, called with bad arguments
 * (axon.h, Conventions).
 *
 * Each case below calls one public function with one bad argument - a NULL
 * network, a NULL name, spec or out-parameter, a handle that does not
 * exist, an index past the end, a value out of range or NaN - on a fresh
 * network (fixture), and expects
 *   - the status of the table (getters that return no status: their error
 *     result, NULL, 0 or NaN, which the case turns into that status);
 *   - a message with each fragment of the table (the argument, the value,
 *     the call), written by this call: the network's message is set to an
 *     unrelated one first, so a call that fails without saying why leaves
 *     that one and is caught;
 *   - no crash (each case runs in its own process), and a network that
 *     still runs afterwards (nothing half-done).
 * A case whose function writes its message elsewhere (ax_error, a buffer)
 * points f->message there.  The last test fails when axon.h declares a
 * function that no case calls, so a new function comes with its case.
 */
#include "api_names.h"

#include <criterion/parameterized.h>   /* after criterion.h, which helpers.h includes */

/* A network with one of everything, not built: E (IF_curr_exp, 10), I
 * (IF_cond_exp, 4), P (SpikeSourcePoisson, 5), A (SpikeSourceArray, 2);
 * P -> E static and plastic; recorders of E's spikes and v and of the
 * plastic weights and their histogram; a dc input; a modulator. */
typedef struct fixture {
    ax_network *net;
    ax_population E, I, P, A;
    ax_projection stat, plast;
    ax_recorder spikes, trace, weights, hist;
    ax_modulator da;
    ax_modelfile *mf;         /* model-file cases load one */
    const char *message;      /* the case's message when it is not the network's */
    char buf[1100];
    bool unrunnable;          /* the case leaves the network unable to run, on purpose */
} fixture;

static void fixture_make(fixture *f)
{
    memset(f, 0, sizeof *f);
    ax_network *net = f->net = new_net(0.1, 1, 1);
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &f->E));
    OK(net, ax_population_add(net, "I", "IF_cond_exp", 4, &f->I));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 5, &f->P));
    OK(net, ax_population_add(net, "A", "SpikeSourceArray", 2, &f->A));
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, f->P, f->E, &all, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0),
                              &f->stat));
    ax_plasticity rule = ax_plasticity_defaults();
    OK(net, ax_projection_add_plastic(net, f->P, f->E, &all, "excitatory", ax_value_constant(0.5),
                                      ax_value_constant(1.0), &rule, &f->plast));
    OK(net, ax_recorder_add_spikes(net, f->E, AX_ALL_NEURONS, &f->spikes));
    OK(net, ax_recorder_add_state(net, f->E, "v", ax_neurons_first(3), 0, &f->trace));
    ax_weight_spec ws = {.interval_ms = 1.0};
    OK(net, ax_recorder_add_weights(net, f->plast, &ws, &f->weights));
    ax_weight_spec hs = {.interval_ms = 1.0, .bins = 4};
    OK(net, ax_recorder_add_weights(net, f->plast, &hs, &f->hist));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.1};
    OK(net, ax_input_add(net, f->E, AX_ALL_NEURONS, &dc, NULL));
    OK(net, ax_modulator_add(net, "DA", 200.0, &f->da));
}

static const char *fixture_file =
    "[simulation]\nduration = 2.0\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 3\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n";

/* Loads fixture_file into f->mf; its network's messages become the case's. */
static ax_modelfile *modelfile(fixture *f)
{
    ax_error err;
    f->mf = ax_modelfile_load_string(fixture_file, "fixture.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(f->mf, "%s", err.message);
    f->message = ax_network_get_error(ax_modelfile_get_network(f->mf));
    return f->mf;
}

/* The message of *err, kept for the checks; returns its status. */
static ax_status from_error(fixture *f, const ax_error *err)
{
    snprintf(f->buf, sizeof f->buf, "%s", err->message);
    f->message = f->buf;
    return err->status;
}

/* For calls that return no status: AX_ERR_ARGUMENT when the result is the
 * documented answer to bad input, AX_OK (and a failed case) when not. */
static ax_status gave(bool documented_result) { return documented_result ? AX_ERR_ARGUMENT : AX_OK; }

/* A static projection with weight 1 and delay 1 ms: the cases that differ
 * only in the connector. */
static ax_status connect(fixture *f, ax_population from, ax_population to, const ax_connector *c)
{
    return ax_projection_add(f->net, from, to, c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL);
}

static int stop_at_once(double t, double t_end, void *user)
{
    (void)t, (void)t_end, (void)user;
    return 1;
}

static void nothing(const ax_population_view *p, uint32_t b, uint32_t e, int64_t s)
{
    (void)p, (void)b, (void)e, (void)s;
}

#define NONE NULL
#define E_ AX_ERR_ARGUMENT
#define NF AX_ERR_NOT_FOUND
#define ST AX_ERR_STATE

/* X(function, case, status, fragment, fragment, body): the body makes the
 * call on fixture f and returns the status to check. */
#define CASES(X)                                                                                                   \
    X(ax_status_name, unknown_status, AX_OK, "unknown status", NONE,                                               \
      f->message = ax_status_name((ax_status)42); return AX_OK;)                                                   \
    X(ax_network_create, nan_dt, E_, "dt = nan ms", "must be > 0", ax_error err;                                   \
      cr_assert_null(ax_network_create(NAN, 1, 1, &err)); return from_error(f, &err);)                             \
    X(ax_network_create, negative_threads, E_, "threads = -3", "1024", ax_error err;                               \
      cr_assert_null(ax_network_create(0.1, 1, -3, &err)); return from_error(f, &err);)                            \
    X(ax_network_create, null_error, E_, NONE, NONE, return gave(!ax_network_create(-1, 1, 1, NULL));)             \
    X(ax_network_free, null_network, AX_OK, NONE, NONE, ax_network_free(NULL); return AX_OK;)                      \
    X(ax_network_get_error, null_network, AX_OK, "no network", NONE,                                               \
      f->message = ax_network_get_error(NULL); return AX_OK;)                                                      \
    X(ax_network_get_dt, null_network, E_, NONE, NONE, return gave(isnan(ax_network_get_dt(NULL)));)               \
    X(ax_network_get_seed, null_network, E_, NONE, NONE, return gave(ax_network_get_seed(NULL) == 0);)             \
    X(ax_network_get_threads, null_network, E_, NONE, NONE, return gave(ax_network_get_threads(NULL) == 0);)       \
    X(ax_network_get_time, null_network, E_, NONE, NONE, return gave(isnan(ax_network_get_time(NULL)));)           \
    X(ax_network_set_memory_limit, null_network, E_, NONE, NONE, return ax_network_set_memory_limit(NULL, 1 << 30);) \
    X(ax_network_set_memory_limit, too_small, E_, "memory limit 100 bytes", "at least 1 MiB",                      \
      return ax_network_set_memory_limit(f->net, 100);)                                                            \
    X(ax_network_get_info, null_network, E_, NONE, NONE, ax_network_info ni;                                       \
      return ax_network_get_info(NULL, &ni);)                                                                      \
    X(ax_network_get_info, null_info, E_, "network info", "'info' is NULL",                                        \
      return ax_network_get_info(f->net, NULL);)                                                                   \
    X(ax_model_count, null_network, AX_OK, NONE, NONE, return ax_model_count(NULL) > 0 ? AX_OK : E_;)              \
    X(ax_model_get, past_the_end, E_, "model catalogue", "index 9999 is past the end",                             \
      return gave(!ax_model_get(f->net, 9999));)                                                                   \
    X(ax_model_get, null_network_past_the_end, E_, NONE, NONE, return gave(!ax_model_get(NULL, 9999));)            \
    X(ax_model_find, null_name, E_, "find model", "'name' is NULL", return gave(!ax_model_find(f->net, NULL));)    \
    X(ax_model_find, unknown, NF, "find model", "no model is named 'IF_cur_exp'",                                  \
      return ax_model_find(f->net, "IF_cur_exp") ? AX_OK : NF;)                                                    \
    X(ax_model_register, null_network, E_, NONE, NONE, return ax_model_register(NULL, ax_model_get(NULL, 0));)     \
    X(ax_model_register, null_model, E_, "register model", "descriptor is NULL",                                   \
      return ax_model_register(f->net, NULL);)                                                                     \
    X(ax_model_register, no_update, E_, "register model", "'Lazy' has no update function",                         \
      ax_model m = {.name = "Lazy"}; return ax_model_register(f->net, &m);)                                        \
    X(ax_model_register, taken_name, E_, "register model", "'IF_curr_exp' already exists",                         \
      ax_model m = {.name = "IF_curr_exp", .update = nothing}; return ax_model_register(f->net, &m);)              \
    X(ax_channel_count, null_network, AX_OK, NONE, NONE, return ax_channel_count(NULL) > 0 ? AX_OK : E_;)          \
    X(ax_channel_get_info, past_the_end, E_, "channel info", "index 9999 is past the end",                         \
      ax_channel_info ci; return ax_channel_get_info(f->net, 9999, &ci);)                                          \
    X(ax_channel_get_info, null_out, E_, "channel info", "'out' is NULL", return ax_channel_get_info(f->net, 0, NULL);) \
    X(ax_model_define_cell, null_network, E_, NONE, NONE, const char *ch[] = {"Na"};                               \
      return ax_model_define_cell(NULL, "c", ch, 1);)                                                              \
    X(ax_model_define_cell, null_name, E_, "define cell", "'name' is NULL", const char *ch[] = {"Na"};             \
      return ax_model_define_cell(f->net, NULL, ch, 1);)                                                           \
    X(ax_model_define_cell, null_channels, E_, "define cell", "'channels' is NULL",                                \
      return ax_model_define_cell(f->net, "c", NULL, 2);)                                                          \
    X(ax_model_define_cell, no_channel, E_, "define cell 'c'", "n_channels = 0",                                   \
      const char *ch[] = {"Na"}; return ax_model_define_cell(f->net, "c", ch, 0);)                                 \
    X(ax_model_define_cell, unknown_channel, E_, "define cell 'c'", "unknown channel 'Nx'",                        \
      const char *ch[] = {"Na", "Nx"}; return ax_model_define_cell(f->net, "c", ch, 2);)                           \
    X(ax_model_define_cell, null_channel, E_, "define cell 'c'", "unknown channel '(null)'",                       \
      const char *ch[] = {NULL}; return ax_model_define_cell(f->net, "c", ch, 1);)                                 \
    X(ax_model_define_equations, null_network, E_, NONE, NONE, ax_equations q = {.state = "v = 0"};               \
      return ax_model_define_equations(NULL, "q", &q);)                                                            \
    X(ax_model_define_equations, null_name, E_, "define equations", "'name' is NULL",                              \
      ax_equations q = {.state = "v = 0"}; return ax_model_define_equations(f->net, NULL, &q);)                    \
    X(ax_model_define_equations, null_eq, E_, "define equations", "'eq' is NULL",                                  \
      return ax_model_define_equations(f->net, "q", NULL);)                                                        \
    X(ax_model_define_equations, existing, E_, "define equations 'IF_curr_exp'", "exists already",                 \
      ax_equations q = {.state = "v = 0"}; return ax_model_define_equations(f->net, "IF_curr_exp", &q);)           \
    X(ax_model_define_equations, unknown_name, E_, "equations:1:14", "unknown name 'tua'",                          \
      ax_equations q = {.state = "v = 0 : mV", .parameters = "tau = 1 : ms", .equations = "dv/dt = -v / tua"};     \
      return ax_model_define_equations(f->net, "q", &q);)                                                          \
    X(ax_plasticity_define_equations, null_network, E_, NONE, NONE, ax_plasticity_equations q = {0};               \
      return ax_plasticity_define_equations(NULL, "r", &q);)                                                       \
    X(ax_plasticity_define_equations, null_name, E_, "define plasticity equations", "'name' is NULL",              \
      ax_plasticity_equations q = {0}; return ax_plasticity_define_equations(f->net, NULL, &q);)                   \
    X(ax_plasticity_define_equations, null_eq, E_, "define plasticity equations", "'eq' is NULL",                  \
      return ax_plasticity_define_equations(f->net, "r", NULL);)                                                   \
    X(ax_plasticity_define_equations, bad_name, E_, "define plasticity equations", "'1r' is not an identifier",    \
      ax_plasticity_equations q = {0}; return ax_plasticity_define_equations(f->net, "1r", &q);)                   \
    X(ax_plasticity_define_equations, no_w, E_, "define plasticity equations 'r'", "never changes w",              \
      ax_plasticity_equations q = {.pre = "dx/dt = -x / 10", .on_pre = "x += 1"};                                  \
      return ax_plasticity_define_equations(f->net, "r", &q);)                                                     \
    X(ax_plasticity_define_equations, trace_not_decay, E_, "pre:1:1", "decays exponentially",                      \
      ax_plasticity_equations q = {.pre = "dx/dt = 1 - x", .on_pre = "w += x"};                                    \
      return ax_plasticity_define_equations(f->net, "r", &q);)                                                     \
    X(ax_model_define_with_receptors, null_network, E_, NONE, NONE, const char *r[] = {"AMPA"};                    \
      return ax_model_define_with_receptors(NULL, "m", "IF_cond_exp", r, 1);)                                      \
    X(ax_model_define_with_receptors, null_name, E_, "define model with receptors", "'name' is NULL",              \
      const char *r[] = {"AMPA"}; return ax_model_define_with_receptors(f->net, NULL, "IF_cond_exp", r, 1);)       \
    X(ax_model_define_with_receptors, unknown_base, NF, "define model 'm'", "unknown base model 'IF_cond'",        \
      const char *r[] = {"AMPA"}; return ax_model_define_with_receptors(f->net, "m", "IF_cond", r, 1);)            \
    X(ax_model_define_with_receptors, null_base, NF, "define model 'm'", "unknown base model '(null)'",            \
      const char *r[] = {"AMPA"}; return ax_model_define_with_receptors(f->net, "m", NULL, r, 1);)                 \
    X(ax_model_define_with_receptors, null_receptors, E_, "define model with receptors", "'receptors' is NULL",    \
      return ax_model_define_with_receptors(f->net, "m", "IF_cond_exp", NULL, 1);)                                 \
    X(ax_model_define_with_receptors, too_many, E_, "define model 'm'", "n_receptors = 9",                         \
      const char *r[9] = {"AMPA"}; return ax_model_define_with_receptors(f->net, "m", "IF_cond_exp", r, 9);)       \
    X(ax_model_define_with_receptors, unknown_receptor, E_, "receptors of IF_cond_exp", "unknown receptor 'AMPAR'", \
      const char *r[] = {"AMPAR"}; return ax_model_define_with_receptors(f->net, "m", "IF_cond_exp", r, 1);)       \
    X(ax_receptor_kind_count, none, AX_OK, NONE, NONE, return ax_receptor_kind_count() > 0 ? AX_OK : E_;)          \
    X(ax_receptor_kind_get_info, past_the_end, E_, NONE, NONE, ax_channel_info ci;                                 \
      return ax_receptor_kind_get_info(9999, &ci);)                                                                \
    X(ax_receptor_kind_get_info, null_out, E_, NONE, NONE, return ax_receptor_kind_get_info(0, NULL);)             \
    X(ax_channel_define, null_network, E_, NONE, NONE, ax_channel_def d = {.name = "X"};                           \
      return ax_channel_define(NULL, &d);)                                                                         \
    X(ax_channel_define, null_def, E_, "define channel", "'def' is NULL", return ax_channel_define(f->net, NULL);)  \
    X(ax_channel_define, bad_name, E_, "define channel", "'1X' is not a name", ax_channel_def d = {.name = "1X"};   \
      return ax_channel_define(f->net, &d);)                                                                       \
    X(ax_channel_define, null_conductance, E_, "define channel 'X'", "conductance: '(null)' is not one of",        \
      ax_param_info pi[] = {{"gbar_X", "uS", 1, 0, INFINITY, 0, ""}, {"e_X", "mV", 0, -INFINITY, INFINITY, 0, ""}}; \
      ax_channel_def d = {.name = "X", .params = pi, .n_params = 2, .reversal = "e_X"};                            \
      return ax_channel_define(f->net, &d);)                                                                       \
    X(ax_model_validate, null_model, E_, "model descriptor is NULL", NONE,                                         \
      ax_status st = ax_model_validate(NULL, f->buf, sizeof f->buf); f->message = f->buf; return st;)              \
    X(ax_model_validate, null_buffer, E_, NONE, NONE, ax_model m = {.name = "1x"};                                 \
      return ax_model_validate(&m, NULL, 100);)                                                                    \
    X(ax_population_add, null_network, E_, NONE, NONE, return ax_population_add(NULL, "X", "IF_curr_exp", 1, NULL);) \
    X(ax_population_add, null_name, E_, "add population", "'name' is NULL",                                        \
      return ax_population_add(f->net, NULL, "IF_curr_exp", 1, NULL);)                                             \
    X(ax_population_add, null_model, E_, "add population", "'model' is NULL",                                      \
      return ax_population_add(f->net, "X", NULL, 1, NULL);)                                                       \
    X(ax_population_add, unknown_model, NF, "add population", "unknown model 'IF_cur_exp'",                        \
      return ax_population_add(f->net, "X", "IF_cur_exp", 1, NULL);)                                               \
    X(ax_population_add, size_zero, E_, "add population 'X'", "size 0 is not allowed",                             \
      return ax_population_add(f->net, "X", "IF_curr_exp", 0, NULL);)                                              \
    X(ax_population_add, taken_name, E_, "add population", "named 'E' already exists",                             \
      return ax_population_add(f->net, "E", "IF_curr_exp", 1, NULL);)                                              \
    X(ax_population_count, null_network, E_, NONE, NONE, return gave(ax_population_count(NULL) == 0);)             \
    X(ax_population_find, null_network, E_, NONE, NONE, ax_population p; return ax_population_find(NULL, "E", &p);) \
    X(ax_population_find, null_name, E_, "find population", "'name' is NULL", ax_population p;                     \
      return ax_population_find(f->net, NULL, &p);)                                                                \
    X(ax_population_find, null_out, E_, "find population", "'out' is NULL",                                       \
      return ax_population_find(f->net, "E", NULL);)                                                               \
    X(ax_population_find, unknown, NF, "find population", "no population is named 'Q'", ax_population p;           \
      return ax_population_find(f->net, "Q", &p);)                                                                 \
    X(ax_population_get_info, bad_handle, NF, "population info", "population handle 99 does not exist",            \
      ax_population_info pi; return ax_population_get_info(f->net, 99, &pi);)                                      \
    X(ax_population_get_info, null_info, E_, "population info", "'info' is NULL",                                  \
      return ax_population_get_info(f->net, f->E, NULL);)                                                          \
    X(ax_population_get_info, null_network, E_, NONE, NONE, ax_population_info pi;                                 \
      return ax_population_get_info(NULL, 0, &pi);)                                                                \
    X(ax_population_remove, null_network, E_, NONE, NONE, return ax_population_remove(NULL, 0);)                   \
    X(ax_population_remove, bad_handle, NF, "remove population", "population handle 99 does not exist",            \
      return ax_population_remove(f->net, 99);)                                                                    \
    X(ax_population_remove, not_the_last, ST, "remove population 'E'", "only the population added last ('A')",     \
      return ax_population_remove(f->net, f->E);)                                                                  \
    X(ax_population_remove, recorded, ST, "remove population 'A'", "recorder 4 records it",                        \
      OK(f->net, ax_recorder_add_spikes(f->net, f->A, AX_ALL_NEURONS, NULL));                                      \
      return ax_population_remove(f->net, f->A);)                                                                  \
    X(ax_population_set_param, bad_handle, NF, "set parameter", "population handle 99",                            \
      return ax_population_set_param(f->net, 99, "tau_m", ax_value_constant(10));)                                 \
    X(ax_population_set_param, null_name, E_, "set parameter", "'name' is NULL",                                   \
      return ax_population_set_param(f->net, f->E, NULL, ax_value_constant(10));)                                  \
    X(ax_population_set_param, unknown, NF, "set parameter", "unknown parameter 'tau_mm'",                         \
      return ax_population_set_param(f->net, f->E, "tau_mm", ax_value_constant(10));)                              \
    X(ax_population_set_param, nan, E_, "population 'E'", "tau_m = nan is not allowed",                            \
      return ax_population_set_param(f->net, f->E, "tau_m", ax_value_constant(NAN));)                              \
    X(ax_population_set_param, null_array, E_, "population 'E'", "tau_m: an array of 0 values was given, 10",      \
      return ax_population_set_param(f->net, f->E, "tau_m", ax_value_array(NULL, 10));)                            \
    X(ax_population_set_param, null_network, E_, NONE, NONE,                                                       \
      return ax_population_set_param(NULL, 0, "tau_m", ax_value_constant(10));)                                    \
    X(ax_population_set_state, null_var, E_, "set state", "'var' is NULL",                                         \
      return ax_population_set_state(f->net, f->E, NULL, ax_value_constant(-60));)                                 \
    X(ax_population_set_state, infinite, E_, "population 'E'", "v: value inf is not a finite number",              \
      return ax_population_set_state(f->net, f->E, "v", ax_value_constant(INFINITY));)                             \
    X(ax_population_set_state, bad_handle, NF, "set state", "population handle 99",                                \
      return ax_population_set_state(f->net, 99, "v", ax_value_constant(-60));)                                    \
    X(ax_population_get_values, null_out, E_, "get values", "'out' is NULL",                                       \
      return ax_population_get_values(f->net, f->E, "v", NULL, 10);)                                               \
    X(ax_population_get_values, null_name, E_, "get values", "'name' is NULL", double x[10];                       \
      return ax_population_get_values(f->net, f->E, NULL, x, 10);)                                                 \
    X(ax_population_get_values, wrong_size, E_, "get values", "has 10 neurons, the buffer holds 9", double x[10];  \
      return ax_population_get_values(f->net, f->E, "v", x, 9);)                                                   \
    X(ax_population_get_values, null_network, E_, NONE, NONE, double x[10];                                        \
      return ax_population_get_values(NULL, 0, "v", x, 10);)                                                       \
    X(ax_structure_grid, wrong_size, E_, "set structure of 'E'", "the grid [3, 4] has 12 neurons but population 'E' has 10", \
      uint64_t n[] = {3, 4}; ax_structure s = ax_structure_grid(2, n, 1.0, NULL);                                  \
      return ax_population_set_structure(f->net, f->E, &s);)                                                       \
    X(ax_structure_random_box, low_above_high, E_, "set structure of 'E'", "box low x = 2 is above high x = 1",    \
      double lo[3] = {2, 0, 0}, hi[3] = {1, 1, 1}; ax_structure s = ax_structure_random_box(lo, hi);               \
      return ax_population_set_structure(f->net, f->E, &s);)                                                       \
    X(ax_structure_random_disk, zero_radius, E_, "set structure of 'E'", "radius = 0; it must be a finite number > 0", \
      ax_structure s = ax_structure_random_disk(NULL, 0); return ax_population_set_structure(f->net, f->E, &s);)   \
    X(ax_structure_random_sphere, nan_center, E_, "set structure of 'E'", "center y = nan is not a finite number",  \
      double c[3] = {0, NAN, 0}; ax_structure s = ax_structure_random_sphere(c, 1);                                \
      return ax_population_set_structure(f->net, f->E, &s);)                                                       \
    X(ax_structure_from_positions, too_few, E_, "set structure of 'E'", "3 numbers were given; population 'E' of 10 neurons needs 30", \
      double xyz[3] = {0}; ax_structure s = ax_structure_from_positions(xyz, 3);                                   \
      return ax_population_set_structure(f->net, f->E, &s);)                                                       \
    X(ax_population_set_structure, null_structure, E_, "set structure", "'structure' is NULL",                     \
      return ax_population_set_structure(f->net, f->E, NULL);)                                                     \
    X(ax_population_set_structure, bad_handle, NF, "set structure", "population handle 99 does not exist",         \
      ax_structure s = ax_structure_random_disk(NULL, 1); return ax_population_set_structure(f->net, 99, &s);)     \
    X(ax_population_set_structure, null_network, E_, NONE, NONE,                                                   \
      ax_structure s = ax_structure_random_disk(NULL, 1); return ax_population_set_structure(NULL, 0, &s);)        \
    X(ax_population_has_positions, none, E_, NONE, NONE,                                                           \
      return gave(!ax_population_has_positions(f->net, f->E) && !ax_population_has_positions(NULL, 0));)           \
    X(ax_population_get_positions, no_structure, ST, "get positions", "population 'E' has no structure",           \
      double xyz[30]; return ax_population_get_positions(f->net, f->E, xyz, 30);)                                  \
    X(ax_population_get_positions, null_out, E_, "get positions", "'xyz' is NULL",                                 \
      return ax_population_get_positions(f->net, f->E, NULL, 30);)                                                 \
    X(ax_population_write_positions_csv, no_structure, ST, "write positions", "population 'E' has no structure",    \
      return ax_population_write_positions_csv(f->net, f->E, "/tmp/never.csv");)                                   \
    X(ax_population_write_positions_csv, null_path, E_, "write positions", "'path' is NULL",                       \
      return ax_population_write_positions_csv(f->net, f->E, NULL);)                                               \
    X(ax_population_get_positions, null_network, E_, NONE, NONE, double xyz[30];                                   \
      return ax_population_get_positions(NULL, 0, xyz, 30);)                                                       \
    X(ax_population_set_spike_times, bad_neuron, E_, "set spike times", "neuron 99 is out of range",               \
      double t[] = {1.0}; return ax_population_set_spike_times(f->net, f->A, 99, t, 1);)                           \
    X(ax_population_set_spike_times, null_times, E_, "set spike times", "'times_ms' is NULL with n = 2",           \
      return ax_population_set_spike_times(f->net, f->A, 0, NULL, 2);)                                             \
    X(ax_population_set_spike_times, nan_time, E_, "neuron 1", "time nan ms (entry 1)", double t[] = {1.0, NAN};   \
      return ax_population_set_spike_times(f->net, f->A, 1, t, 2);)                                                \
    X(ax_population_set_spike_times, not_an_array, E_, "population 'E'", "takes no spike times",                   \
      double t[] = {1.0}; return ax_population_set_spike_times(f->net, f->E, 0, t, 1);)                            \
    X(ax_population_set_spike_times, null_network, E_, NONE, NONE, double t[] = {1.0};                             \
      return ax_population_set_spike_times(NULL, 3, 0, t, 1);)                                                     \
    X(ax_population_get_spike_times, null_network, E_, NONE, NONE, const double *t; size_t n;                     \
      return ax_population_get_spike_times(NULL, 3, 0, &t, &n);)                                                   \
    X(ax_population_get_spike_times, bad_handle, NF, "get spike times", "population handle 99 does not exist",     \
      const double *t; size_t n; return ax_population_get_spike_times(f->net, 99, 0, &t, &n);)                     \
    X(ax_population_get_spike_times, null_times, E_, "get spike times", "'times_ms' is NULL", size_t n;            \
      return ax_population_get_spike_times(f->net, f->A, 0, NULL, &n);)                                            \
    X(ax_population_get_spike_times, null_n, E_, "get spike times", "'n' is NULL", const double *t;                \
      return ax_population_get_spike_times(f->net, f->A, 0, &t, NULL);)                                            \
    X(ax_population_get_spike_times, bad_neuron, E_, "get spike times", "neuron 2 is out of range",                \
      const double *t; size_t n; return ax_population_get_spike_times(f->net, f->A, 2, &t, &n);)                   \
    X(ax_population_get_spike_times, not_an_array, E_, "population 'E'", "takes no spike times", const double *t;  \
      size_t n; return ax_population_get_spike_times(f->net, f->E, 0, &t, &n);)                                    \
    X(ax_connector_all_to_all, array_too_short, E_, "projection P -> E (all_to_all)", "weight: an array of 3",     \
      ax_connector c = ax_connector_all_to_all(); double w[3] = {0};                                               \
      return ax_projection_add(f->net, f->P, f->E, &c, "excitatory", ax_value_array(w, 3), ax_value_constant(1), NULL);) \
    X(ax_connector_one_to_one, sizes_differ, E_, "projection E -> I (one_to_one)", "equal size (10 and 4)",        \
      ax_connector c = ax_connector_one_to_one();                                                                  \
      return ax_projection_add(f->net, f->E, f->I, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1), NULL);) \
    X(ax_connector_fixed_probability, nan, E_, "(fixed_probability)", "p = nan is not allowed",                    \
      ax_connector c = ax_connector_fixed_probability(NAN);                                                        \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_fixed_indegree, too_many, E_, "(fixed_indegree)", "n = 11 is more than the 10 distinct sources", \
      ax_connector c = ax_connector_fixed_indegree(11);                                                            \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_fixed_outdegree, too_many, E_, "(fixed_outdegree)", "n = 11 is more than the 10 distinct targets", \
      ax_connector c = ax_connector_fixed_outdegree(11);                                                           \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_fixed_total, too_many, E_, "(fixed_total)", "n = 101 is more than the 100 distinct pairs",      \
      ax_connector c = ax_connector_fixed_total(101);                                                              \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_from_list, null_arrays, E_, "(from_list)", "3 pairs but no source or target array",             \
      ax_connector c = ax_connector_from_list(NULL, NULL, 3);                                                      \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_from_list, out_of_range, E_, "(from_list)", "pair 1 (99 -> 0) is out of range",                 \
      uint32_t s[] = {0, 99}, t[] = {0, 0}; ax_connector c = ax_connector_from_list(s, t, 2);                      \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_distance, no_positions, E_, "(distance)", "population 'E' has no positions",                   \
      ax_connector c = ax_connector_distance(2.0, 0.5);                                                            \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_distance, zero_radius, E_, "(distance)", "radius = 0 is not allowed",                          \
      uint64_t n[] = {10}; ax_structure s = ax_structure_grid(1, n, 1.0, NULL);                                    \
      ax_population_set_structure(f->net, f->E, &s); ax_connector c = ax_connector_distance(0, 0.5);              \
      return connect(f, f->E, f->E, &c);) \
    X(ax_connector_distance_indegree, zero_radius, E_, "(distance)", "radius = 0 is not allowed",                 \
      uint64_t n[] = {10}; ax_structure s = ax_structure_grid(1, n, 1.0, NULL);                                    \
      ax_population_set_structure(f->net, f->E, &s); ax_connector c = ax_connector_distance_indegree(0, 2);       \
      return connect(f, f->E, f->E, &c);) \
    X(ax_projection_add, null_network, E_, NONE, NONE, ax_connector c = ax_connector_all_to_all();                 \
      return ax_projection_add(NULL, 0, 0, &c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL);)   \
    X(ax_projection_add, bad_handle, NF, "connect", "population handle 99 does not exist",                         \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return connect(f, f->E, 99, &c);) \
    X(ax_projection_add, null_connector, E_, "connect E -> E", "no connector given",                               \
      return connect(f, f->E, f->E, NULL);) \
    X(ax_projection_add, null_receptor, E_, "projection E -> E", "'receptor' is NULL",                             \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add(f->net, f->E, f->E, &c, NULL, ax_value_constant(1), ax_value_constant(1), NULL);)   \
    X(ax_projection_add, nan_weight, E_, "projection E -> E", "weight: value nan is not a finite number",          \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add(f->net, f->E, f->E, &c, "excitatory", ax_value_constant(NAN), ax_value_constant(1), NULL);) \
    X(ax_projection_add, short_delay, E_, "projection E -> E", "delay 0.01 can be 0.01 ms, below dt = 0.1 ms",     \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add(f->net, f->E, f->E, &c, "excitatory", ax_value_constant(1), ax_value_constant(0.01), NULL);) \
    X(ax_projection_add, into_a_source, NF, "projection E -> P", "SpikeSourcePoisson has no receptors",            \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return connect(f, f->E, f->P, &c);) \
    X(ax_projection_add_gap, null_network, E_, NONE, NONE, ax_connector c = ax_connector_one_to_one();             \
      return ax_projection_add_gap(NULL, 0, 0, &c, ax_value_constant(0.1), NULL);)                                 \
    X(ax_projection_add_gap, from_a_source, E_, "gap junctions P - E", "has no membrane potential v",              \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add_gap(f->net, f->P, f->E, &c, ax_value_constant(0.1), NULL);)                         \
    X(ax_projection_add_gap, negative, E_, "gap junctions E - E", "must be >= 0",                                  \
      ax_connector c = ax_connector_one_to_one();                                                                  \
      return ax_projection_add_gap(f->net, f->E, f->E, &c, ax_value_constant(-0.1), NULL);)                        \
    X(ax_population_set_switches, null_network, E_, NONE, NONE,                                                    \
      return ax_population_set_switches(NULL, 0, (ax_population_switches){true, true, true});)                      \
    X(ax_population_set_switches, bad_handle, NF, "set switches", "handle 99",                                 \
      return ax_population_set_switches(f->net, 99, (ax_population_switches){true, true, true});)                  \
    X(ax_population_get_switches, bad_handle, NF, "get switches", "handle 99", ax_population_switches s;       \
      return ax_population_get_switches(f->net, 99, &s);)                                                          \
    X(ax_population_get_switches, null_out, E_, "get switches", "out",                                             \
      return ax_population_get_switches(f->net, f->E, NULL);)                                                      \
    X(ax_projection_add_averaged_gap, null_network, E_, NONE, NONE, ax_connector c = ax_connector_one_to_one();    \
      return ax_projection_add_averaged_gap(NULL, 0, 0, &c, ax_value_constant(0.1), NULL, NULL);)                  \
    X(ax_projection_add_averaged_gap, into_a_source, E_, "averaged gap E -> P", "has no membrane potential v",     \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add_averaged_gap(f->net, f->E, f->P, &c, ax_value_constant(0.1), NULL, NULL);)          \
    X(ax_projection_add_averaged_gap, kernel_from_a_neuron, E_, "averaged gap from E", "kernel is for spike sources", \
      ax_connector c = ax_connector_all_to_all(); ax_spike_kernel k = ax_spike_kernel_defaults();                  \
      return ax_projection_add_averaged_gap(f->net, f->E, f->E, &c, ax_value_constant(0.1), &k, NULL);)            \
    X(ax_projection_add_averaged_chemical, null_network, E_, NONE, NONE, ax_connector c = ax_connector_one_to_one(); \
      ax_averaged_chemical s = ax_averaged_chemical_defaults(AX_TRANSMITTER_AMPA);                                 \
      return ax_projection_add_averaged_chemical(NULL, 0, 0, &c, ax_value_constant(1), &s, NULL);)                 \
    X(ax_projection_add_averaged_chemical, null_spec, E_, "averaged chemical", "spec",                             \
      ax_connector c = ax_connector_one_to_one();                                                                  \
      return ax_projection_add_averaged_chemical(f->net, f->E, f->E, &c, ax_value_constant(1), NULL, NULL);)       \
    X(ax_projection_add_averaged_chemical, into_a_source, E_, "averaged chemical E -> P", "no membrane potential v", \
      ax_connector c = ax_connector_all_to_all(); ax_averaged_chemical s = ax_averaged_chemical_defaults(AX_TRANSMITTER_GABA); \
      return ax_projection_add_averaged_chemical(f->net, f->E, f->P, &c, ax_value_constant(1), &s, NULL);)         \
    X(ax_projection_set_averaged_stdp, not_averaged, E_, "set averaged stdp", "no averaged coupling",               \
      ax_averaged_stdp r = ax_averaged_stdp_defaults(); return ax_projection_set_averaged_stdp(f->net, 0, &r);) \
    X(ax_projection_set_averaged_stdp, null_rule, E_, "set averaged stdp", "'rule' is NULL",                        \
      return ax_projection_set_averaged_stdp(f->net, 0, NULL);)                                        \
    X(ax_projection_set_averaged_stdp, unknown, NF, "set averaged stdp", "99",                                     \
      ax_averaged_stdp r = ax_averaged_stdp_defaults(); return ax_projection_set_averaged_stdp(f->net, 99, &r);)    \
    X(ax_averaged_stdp_defaults, zero_tau, E_, "tau_minus = 0", "> 0 ms",                                          \
      ax_connector c = ax_connector_all_to_all(); ax_projection q;                                                 \
      OK(f->net, ax_projection_add_averaged_gap(f->net, f->E, f->E, &c, ax_value_constant(1), NULL, &q));         \
      ax_averaged_stdp r = ax_averaged_stdp_defaults(); r.tau_minus = 0;                                           \
      return ax_projection_set_averaged_stdp(f->net, q, &r);)                                                      \
    X(ax_projection_set_averaged_stdp, after_the_build, ST, "set averaged stdp", "before the first run",           \
      ax_connector c = ax_connector_all_to_all(); ax_projection q;                                                 \
      OK(f->net, ax_projection_add_averaged_gap(f->net, f->E, f->E, &c, ax_value_constant(1), NULL, &q));         \
      OK(f->net, ax_network_build(f->net)); ax_averaged_stdp r = ax_averaged_stdp_defaults();                      \
      return ax_projection_set_averaged_stdp(f->net, q, &r);)                                                      \
    X(ax_averaged_chemical_defaults, bad_transmitter, E_, "averaged chemical", "t_max (nan mM) must be > 0",       \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      ax_averaged_chemical s = ax_averaged_chemical_defaults((ax_transmitter)3); s.transmitter = AX_TRANSMITTER_AMPA; \
      return ax_projection_add_averaged_chemical(f->net, f->E, f->E, &c, ax_value_constant(1), &s, NULL);)         \
    X(ax_spike_kernel_defaults, zero_decay, E_, "averaged gap", "decay (0) > 0",                                   \
      ax_connector c = ax_connector_all_to_all(); ax_spike_kernel k = ax_spike_kernel_defaults(); k.decay = 0;     \
      return ax_projection_add_averaged_gap(f->net, f->P, f->E, &c, ax_value_constant(0.1), &k, NULL);)            \
    X(ax_spike_kernel_defaults, bad_shape, E_, "averaged gap", "kernel shape 7",                                   \
      ax_connector c = ax_connector_all_to_all(); ax_spike_kernel k = ax_spike_kernel_defaults();                  \
      k.shape = (ax_spike_kernel_shape)7;                                                                          \
      return ax_projection_add_averaged_gap(f->net, f->P, f->E, &c, ax_value_constant(0.1), &k, NULL);)            \
    X(ax_projection_add_graded, null_network, E_, NONE, NONE, ax_connector c = ax_connector_one_to_one();          \
      return ax_projection_add_graded(NULL, 0, 0, &c, "AMPA", ax_value_constant(0.1), 2, 5, NULL);)                \
    X(ax_projection_add_graded, zero_k_p, E_, "graded release", "k_p (0 mV) > 0",                                \
      ax_connector c = ax_connector_one_to_one();                                                                  \
      return ax_projection_add_graded(f->net, f->E, f->E, &c, "excitatory", ax_value_constant(0.1), 2, 0, NULL);)  \
    X(ax_projection_add_graded, no_transmitter, E_, "graded release E -> E", "does not bind transmitter",          \
      ax_connector c = ax_connector_one_to_one();                                                                  \
      return ax_projection_add_graded(f->net, f->E, f->E, &c, "excitatory", ax_value_constant(0.1), 2, 5, NULL);)  \
    X(ax_plasticity_defaults, negative_tau, E_, "connect plastic", "tau_plus = -1: must be > 0",                   \
      ax_plasticity r = ax_plasticity_defaults(); r.tau_plus = -1; ax_connector c = ax_connector_all_to_all();     \
      return ax_projection_add_plastic(f->net, f->P, f->E, &c, "excitatory", ax_value_constant(0.5),               \
                                       ax_value_constant(1), &r, NULL);)                                           \
    X(ax_plasticity_validate, null_rule, E_, "no rule given", NONE,                                               \
      ax_status st = ax_plasticity_validate(NULL, f->buf, sizeof f->buf); f->message = f->buf; return st;)         \
    X(ax_plasticity_validate, nan_tau, E_, "tau_minus = nan: must be > 0", NONE,                                   \
      ax_plasticity r = ax_plasticity_defaults(); r.tau_minus = NAN;                                               \
      ax_status st = ax_plasticity_validate(&r, f->buf, sizeof f->buf); f->message = f->buf; return st;)           \
    X(ax_plasticity_validate, release_above_one, E_, "release_probability = 1.5: must be in [0, 1]", NONE,      \
      ax_plasticity r = ax_plasticity_defaults(); r.release_probability = 1.5;                                     \
      ax_status st = ax_plasticity_validate(&r, f->buf, sizeof f->buf); f->message = f->buf; return st;)           \
    X(ax_plasticity_validate, null_buffer, E_, NONE, NONE, ax_plasticity r = ax_plasticity_defaults(); r.tau = -1; \
      return ax_plasticity_validate(&r, NULL, 100);)                                                               \
    X(ax_projection_add_plastic, null_network, E_, NONE, NONE, ax_plasticity r = ax_plasticity_defaults();         \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add_plastic(NULL, 0, 0, &c, "excitatory", ax_value_constant(0.5), ax_value_constant(1), \
                                       &r, NULL);)                                                                 \
    X(ax_projection_add_plastic, null_rule, E_, "connect plastic", "no rule given",                                \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add_plastic(f->net, f->P, f->E, &c, "excitatory", ax_value_constant(0.5),               \
                                       ax_value_constant(1), NULL, NULL);)                                         \
    X(ax_projection_add_plastic, nan_bounds, E_, "connect plastic", "w_min = nan",                                 \
      ax_plasticity r = ax_plasticity_defaults();                                                                  \
      r.w_min = NAN; ax_connector c = ax_connector_all_to_all();                                                   \
      return ax_projection_add_plastic(f->net, f->P, f->E, &c, "excitatory", ax_value_constant(0.5),               \
                                       ax_value_constant(1), &r, NULL);)                                           \
    X(ax_projection_add_plastic, unknown_rule, E_, "connect plastic", "rule 'nope' is not defined",                \
      ax_plasticity r = ax_plasticity_defaults(); r.timing = AX_STDP_EQUATIONS; r.rule = "nope";                   \
      ax_connector c = ax_connector_all_to_all();                                                                  \
      return ax_projection_add_plastic(f->net, f->P, f->E, &c, "excitatory", ax_value_constant(0.5),               \
                                       ax_value_constant(1), &r, NULL);)                                           \
    X(ax_projection_add_plastic, bad_rule_params, E_, "rule_params of rule r", "unknown parameter",               \
      ax_plasticity_equations q = {.parameters = "A = 0.1", .pre = "dx/dt = -x / 10", .on_pre = "x += 1",          \
                                   .on_post = "w += A * x"};                                                       \
      cr_assert_eq(ax_plasticity_define_equations(f->net, "r", &q), AX_OK, "%s", ax_network_get_error(f->net));    \
      ax_plasticity r = ax_plasticity_defaults(); r.timing = AX_STDP_EQUATIONS; r.rule = "r";                      \
      r.rule_params = "B = 2"; ax_connector c = ax_connector_all_to_all();                                         \
      return ax_projection_add_plastic(f->net, f->P, f->E, &c, "excitatory", ax_value_constant(0.5),               \
                                       ax_value_constant(1), &r, NULL);)                                           \
    X(ax_modulator_add, null_network, E_, NONE, NONE, return ax_modulator_add(NULL, "X", 1.0, NULL);)              \
    X(ax_modulator_add, null_name, E_, "add modulator", "'name' is NULL",                                          \
      return ax_modulator_add(f->net, NULL, 1.0, NULL);)                                                           \
    X(ax_modulator_add, nan_tau, E_, "add modulator 'X'", "tau_d = nan ms",                                        \
      return ax_modulator_add(f->net, "X", NAN, NULL);)                                                            \
    X(ax_modulator_add, taken, E_, "add modulator 'DA'", "the name is taken",                                      \
      return ax_modulator_add(f->net, "DA", 1.0, NULL);)                                                           \
    X(ax_modulator_add_source, bad_handle, NF, "modulator source", "modulator handle 99 does not exist",           \
      return ax_modulator_add_source(f->net, 99, f->P, 1.0, 1.0);)                                                 \
    X(ax_modulator_add_source, bad_population, NF, "modulator source", "population handle 99",                     \
      return ax_modulator_add_source(f->net, f->da, 99, 1.0, 1.0);)                                                \
    X(ax_modulator_add_source, off_grid_delay, E_, "modulator 'DA' source 'P'", "delay 0.05 ms",                   \
      return ax_modulator_add_source(f->net, f->da, f->P, 1.0, 0.05);)                                             \
    X(ax_modulator_add_source, null_network, E_, NONE, NONE, return ax_modulator_add_source(NULL, 0, 0, 1.0, 1.0);) \
    X(ax_modulator_inject, bad_handle, NF, "modulator inject", "modulator handle 99",                              \
      return ax_modulator_inject(f->net, 99, 1.0);)                                                                \
    X(ax_modulator_inject, nan, E_, "modulator 'DA'", "amount nan must be finite",                                 \
      return ax_modulator_inject(f->net, f->da, NAN);)                                                             \
    X(ax_modulator_inject, null_network, E_, NONE, NONE, return ax_modulator_inject(NULL, 0, 1.0);)                \
    X(ax_modulator_get_level, bad_handle, NF, "modulator level", "modulator handle 99", double d;                  \
      return ax_modulator_get_level(f->net, 99, &d);)                                                              \
    X(ax_modulator_get_level, null_level, E_, "modulator level", "'level' is NULL",                                \
      return ax_modulator_get_level(f->net, f->da, NULL);)                                                         \
    X(ax_modulator_get_level, null_network, E_, NONE, NONE, double d; return ax_modulator_get_level(NULL, 0, &d);) \
    X(ax_modulator_find, null_name, E_, "find modulator", "'name' is NULL", ax_modulator m;                        \
      return ax_modulator_find(f->net, NULL, &m);)                                                                 \
    X(ax_modulator_find, null_out, E_, "find modulator", "'out' is NULL", return ax_modulator_find(f->net, "DA", NULL);) \
    X(ax_modulator_find, unknown, NF, "find modulator", "no modulator is named 'DB'", ax_modulator m;              \
      return ax_modulator_find(f->net, "DB", &m);)                                                                 \
    X(ax_modulator_find, null_network, E_, NONE, NONE, ax_modulator m; return ax_modulator_find(NULL, "DA", &m);)  \
    X(ax_projection_set_learning, bad_handle, NF, "set plasticity", "projection handle 99 does not exist",         \
      return ax_projection_set_learning(f->net, 99, false);)                                                       \
    X(ax_projection_set_learning, static_projection, E_, "set plasticity", "projection 0 (P -> E) is not plastic", \
      return ax_projection_set_learning(f->net, f->stat, false);)                                                  \
    X(ax_projection_set_learning, null_network, E_, NONE, NONE, return ax_projection_set_learning(NULL, 0, false);) \
    X(ax_projection_set_learning_rate, nan, E_, "set learning rate", "nan is not allowed",                         \
      return ax_projection_set_learning_rate(f->net, f->plast, NAN);)                                              \
    X(ax_projection_set_learning_rate, negative, E_, "set learning rate", "-1 is not allowed",                     \
      return ax_projection_set_learning_rate(f->net, f->plast, -1);)                                               \
    X(ax_projection_set_learning_rate, bad_handle, NF, "set learning rate", "projection handle 99",                \
      return ax_projection_set_learning_rate(f->net, 99, 1);)                                                      \
    X(ax_projection_get_size, bad_handle, NF, "projection size", "projection handle 99 does not exist",            \
      return ax_projection_get_size(f->net, 99) == 0 ? NF : AX_OK;)                                                \
    X(ax_projection_get_size, null_network, E_, NONE, NONE, return gave(ax_projection_get_size(NULL, 0) == 0);)    \
    X(ax_projection_count, null_network, E_, NONE, NONE, return gave(ax_projection_count(NULL) == 0);)             \
    X(ax_projection_get_info, null_network, E_, NONE, NONE, ax_projection_info pi;                                 \
      return ax_projection_get_info(NULL, 0, &pi);)                                                                \
    X(ax_projection_get_info, bad_handle, NF, "projection info", "projection handle 99 does not exist",            \
      ax_projection_info pi; return ax_projection_get_info(f->net, 99, &pi);)                                      \
    X(ax_projection_get_info, null_info, E_, "projection info", "'info' is NULL",                                  \
      return ax_projection_get_info(f->net, f->stat, NULL);)                                                       \
    X(ax_projection_get_synapses, bad_handle, NF, "get synapses", "projection handle 99 does not exist",           \
      return ax_projection_get_synapses(f->net, 99, NULL, NULL, NULL, NULL);)                                      \
    X(ax_projection_get_synapses, not_built, ST, "get synapses", "not built yet",                                  \
      return ax_projection_get_synapses(f->net, f->stat, NULL, NULL, NULL, NULL);)                                 \
    X(ax_projection_get_synapses, null_network, E_, NONE, NONE,                                                    \
      return ax_projection_get_synapses(NULL, 0, NULL, NULL, NULL, NULL);)                                         \
    X(ax_projection_get_table, bad_handle, NF, "get table", "projection handle 99 does not exist",                 \
      ax_synapse_table t; return ax_projection_get_table(f->net, 99, &t);)                                         \
    X(ax_projection_get_table, not_built, ST, "get table", "not built yet",                                        \
      ax_synapse_table t; return ax_projection_get_table(f->net, f->stat, &t);)                                    \
    X(ax_projection_get_table, null_out, E_, "get table", "'out' is NULL",                                         \
      return ax_projection_get_table(f->net, f->stat, NULL);)                                                      \
    X(ax_projection_get_table, null_network, E_, NONE, NONE, ax_synapse_table t;                                   \
      return ax_projection_get_table(NULL, 0, &t);)                                                                \
    X(ax_projection_set_weights, null_network, E_, NONE, NONE, double w = 1; return ax_projection_set_weights(NULL, 0, &w, 1);) \
    X(ax_projection_set_weights, bad_handle, NF, "set weights", "projection handle 99 does not exist", double w = 1; \
      return ax_projection_set_weights(f->net, 99, &w, 1);)                                                        \
    X(ax_projection_set_weights, null_weights, E_, "set weights", "'weights' is NULL",                             \
      return ax_projection_set_weights(f->net, f->stat, NULL, 1);)                                                 \
    X(ax_projection_set_weights, not_built, ST, "set weights of projection 0 (P -> E)", "not built yet",           \
      double w = 1; return ax_projection_set_weights(f->net, f->stat, &w, 1);)                                     \
    X(ax_projection_set_weights, nan, E_, "set weights of projection 0 (P -> E)", "value 0 is nan",                \
      OK(f->net, ax_network_build(f->net)); double w = NAN; return ax_projection_set_weights(f->net, f->stat, &w, 1);) \
    X(ax_projection_set_weights, count, E_, "set weights of projection 0 (P -> E)", "2 values given; give 1",      \
      OK(f->net, ax_network_build(f->net)); double w[2] = {1, 1};                                                  \
      return ax_projection_set_weights(f->net, f->stat, w, 2);)                                                    \
    X(ax_projection_set_delays, null_network, E_, NONE, NONE, double d = 1; return ax_projection_set_delays(NULL, 0, &d, 1);) \
    X(ax_projection_set_delays, bad_handle, NF, "set delays", "projection handle 99 does not exist", double d = 1;  \
      return ax_projection_set_delays(f->net, 99, &d, 1);)                                                         \
    X(ax_projection_set_delays, null_delays, E_, "set delays", "'delays' is NULL",                                 \
      return ax_projection_set_delays(f->net, f->stat, NULL, 1);)                                                  \
    X(ax_projection_set_delays, not_built, ST, "set delays of projection 0 (P -> E)", "not built yet",             \
      double d = 1; return ax_projection_set_delays(f->net, f->stat, &d, 1);)                                      \
    X(ax_projection_set_delays, below_window, E_, "set delays of projection 0 (P -> E)",                           \
      "the smallest delay allowed now is 1 ms", OK(f->net, ax_network_build(f->net)); double d = 0.5;             \
      return ax_projection_set_delays(f->net, f->stat, &d, 1);)                                                    \
    X(ax_projection_take_table, bad_handle, NF, "take table", "projection handle 99 does not exist",               \
      ax_kept k; return ax_projection_take_table(f->net, 99, &k);)                                                 \
    X(ax_projection_take_table, null_kept, E_, "take table", "'kept' is NULL",                                     \
      return ax_projection_take_table(f->net, f->stat, NULL);)                                                     \
    X(ax_projection_take_table, null_network, E_, NONE, NONE, ax_kept k; return ax_projection_take_table(NULL, 0, &k);) \
    X(ax_recorder_take, bad_handle, NF, "take recording", "recorder handle 99 does not exist",                     \
      ax_kept k; return ax_recorder_take(f->net, 99, &k);)                                                         \
    X(ax_recorder_take, null_kept, E_, "take recording", "'kept' is NULL",                                         \
      return ax_recorder_take(f->net, f->spikes, NULL);)                                                           \
    X(ax_recorder_take, null_network, E_, NONE, NONE, ax_kept k; return ax_recorder_take(NULL, 0, &k);)            \
    X(ax_array_free, null, AX_OK, NONE, NONE, ax_array_free(NULL); return AX_OK;)                                  \
    X(ax_input_add, null_network, E_, NONE, NONE, ax_input_spec s = {.kind = AX_INPUT_DC};                         \
      return ax_input_add(NULL, 0, AX_ALL_NEURONS, &s, NULL);)                                                     \
    X(ax_input_add, null_spec, E_, "add input to 'E'", "'spec' is NULL",                                           \
      return ax_input_add(f->net, f->E, AX_ALL_NEURONS, NULL, NULL);)                                              \
    X(ax_input_add, bad_handle, NF, "add input", "population handle 99", ax_input_spec s = {.kind = AX_INPUT_DC};   \
      return ax_input_add(f->net, 99, AX_ALL_NEURONS, &s, NULL);)                                                  \
    X(ax_input_add, unknown_kind, E_, "input to population 'E'", "unknown input kind 99",                          \
      ax_input_spec s = {.kind = (ax_input_kind)99}; return ax_input_add(f->net, f->E, AX_ALL_NEURONS, &s, NULL);)  \
    X(ax_input_add, nan_amplitude, E_, "dc input to population 'E'", "amplitude nan is not a finite number",       \
      ax_input_spec s = {.kind = AX_INPUT_DC, .amplitude = NAN};                                                   \
      return ax_input_add(f->net, f->E, AX_ALL_NEURONS, &s, NULL);)                                                \
    X(ax_input_add, bad_neuron, E_, "dc input to population 'E'", "neuron index 99 (entry 1 of the list)",         \
      uint32_t l[] = {0, 99}; ax_input_spec s = {.kind = AX_INPUT_DC};                                             \
      return ax_input_add(f->net, f->E, ax_neurons_list(l, 2), &s, NULL);)                                         \
    X(ax_input_add, null_step_arrays, E_, "step input to population 'E'", "at least one (time, amplitude) pair",   \
      ax_input_spec s = {.kind = AX_INPUT_STEP, .n_times = 2};                                                     \
      return ax_input_add(f->net, f->E, AX_ALL_NEURONS, &s, NULL);)                                                \
    X(ax_input_add, unknown_receptor, NF, "poisson input to population 'E'", "unknown receptor 'exc'",             \
      ax_input_spec s = {.kind = AX_INPUT_POISSON, .sources = 1, .rate = 1, .weight = 1, .receptor = "exc"};       \
      return ax_input_add(f->net, f->E, AX_ALL_NEURONS, &s, NULL);)                                                \
    X(ax_recorder_add_spikes, bad_handle, NF, "record spikes", "population handle 99",                             \
      return ax_recorder_add_spikes(f->net, 99, AX_ALL_NEURONS, NULL);)                                            \
    X(ax_recorder_add_spikes, too_many_neurons, E_, "record spikes of 'E'", "the first 99 neurons",                \
      return ax_recorder_add_spikes(f->net, f->E, ax_neurons_first(99), NULL);)                                    \
    X(ax_recorder_add_spikes, null_network, E_, NONE, NONE, return ax_recorder_add_spikes(NULL, 0, AX_ALL_NEURONS, NULL);) \
    X(ax_recorder_add_state, null_var, E_, "record state", "'var' is NULL",                                        \
      return ax_recorder_add_state(f->net, f->E, NULL, AX_ALL_NEURONS, 0, NULL);)                                  \
    X(ax_recorder_add_state, unknown_var, NF, "record state", "unknown state variable 'vv'",                       \
      return ax_recorder_add_state(f->net, f->E, "vv", AX_ALL_NEURONS, 0, NULL);)                                  \
    X(ax_recorder_add_state, off_grid_interval, E_, "record state 'v' of 'E'", "interval 0.25 ms",                 \
      return ax_recorder_add_state(f->net, f->E, "v", AX_ALL_NEURONS, 0.25, NULL);)                                \
    X(ax_recorder_add_state, nan_interval, E_, "record state 'v' of 'E'", "interval nan ms",                       \
      return ax_recorder_add_state(f->net, f->E, "v", AX_ALL_NEURONS, NAN, NULL);)                                 \
    X(ax_recorder_add_signal, null_spec, E_, "record signal", "'spec' is NULL",                                    \
      return ax_recorder_add_signal(f->net, f->E, NULL, NULL);)                                                    \
    X(ax_recorder_add_signal, bad_handle, NF, "record signal", "population handle 99",                             \
      ax_signal_spec s = {.kind = AX_SIGNAL_MEAN}; return ax_recorder_add_signal(f->net, 99, &s, NULL);)           \
    X(ax_recorder_add_signal, unknown_var, NF, "record signal of 'E'", "no state variable 'vv'",                   \
      ax_signal_spec s = {.kind = AX_SIGNAL_MEAN, .variable = "vv"};                                               \
      return ax_recorder_add_signal(f->net, f->E, &s, NULL);)                                                      \
    X(ax_recorder_add_signal, zero_sigma, E_, "record signal of 'E'", "eeg sigma = 0 is not allowed",              \
      ax_signal_spec s = {.kind = AX_SIGNAL_EEG, .distance = 1, .min_distance = 1};                                \
      return ax_recorder_add_signal(f->net, f->E, &s, NULL);)                                                      \
    X(ax_recorder_add_signal, bad_kind, E_, "record signal of 'E'", "kind 7 is not allowed",                       \
      ax_signal_spec s = {.kind = (ax_signal_kind)7}; return ax_recorder_add_signal(f->net, f->E, &s, NULL);)      \
    X(ax_recorder_add_signal, null_network, E_, NONE, NONE, return ax_recorder_add_signal(NULL, 0, NULL, NULL);)   \
    X(ax_recorder_get_spikes, bad_handle, NF, "get spikes", "recorder handle 99 does not exist", size_t n;         \
      return ax_recorder_get_spikes(f->net, 99, &n, NULL, NULL);)                                                  \
    X(ax_recorder_get_spikes, wrong_kind, NF, "get spikes", "recorder 1 records v, not spikes", size_t n;          \
      return ax_recorder_get_spikes(f->net, f->trace, &n, NULL, NULL);)                                            \
    X(ax_recorder_get_spikes, null_n, E_, "get spikes", "'n' is NULL",                                             \
      return ax_recorder_get_spikes(f->net, f->spikes, NULL, NULL, NULL);)                                         \
    X(ax_recorder_get_spikes, null_network, E_, NONE, NONE, size_t n;                                              \
      return ax_recorder_get_spikes(NULL, 0, &n, NULL, NULL);)                                                     \
    X(ax_recorder_get_trace, wrong_kind, NF, "get trace", "recorder 0 records spikes, not a state variable",       \
      size_t n, m; return ax_recorder_get_trace(f->net, f->spikes, &n, &m, NULL, NULL, NULL);)                     \
    X(ax_recorder_get_trace, null_n_samples, E_, "get trace", "'n_samples' is NULL", size_t m;                     \
      return ax_recorder_get_trace(f->net, f->trace, NULL, &m, NULL, NULL, NULL);)                                 \
    X(ax_recorder_get_trace, bad_handle, NF, "get trace", "recorder handle 99", size_t n, m;                       \
      return ax_recorder_get_trace(f->net, 99, &n, &m, NULL, NULL, NULL);)                                         \
    X(ax_recorder_add_weights, null_spec, E_, "record weights of projection P -> E", "'spec' is NULL",             \
      return ax_recorder_add_weights(f->net, f->plast, NULL, NULL);)                                               \
    X(ax_recorder_add_weights, static_projection, E_, "record weights of projection P -> E", "it is not plastic",  \
      ax_weight_spec s = {.interval_ms = 1}; return ax_recorder_add_weights(f->net, f->stat, &s, NULL);)           \
    X(ax_recorder_add_weights, bad_handle, NF, "record weights", "projection handle 99",                           \
      ax_weight_spec s = {.interval_ms = 1}; return ax_recorder_add_weights(f->net, 99, &s, NULL);)                \
    X(ax_recorder_add_weights, interval_and_times, E_, "record weights", "not both", double t[] = {1.0};           \
      ax_weight_spec s = {.interval_ms = 1, .times_ms = t, .n_times = 1};                                          \
      return ax_recorder_add_weights(f->net, f->plast, &s, NULL);)                                                 \
    X(ax_recorder_add_weights, nan_interval, E_, "record weights", "interval nan ms",                              \
      ax_weight_spec s = {.interval_ms = NAN}; return ax_recorder_add_weights(f->net, f->plast, &s, NULL);)        \
    X(ax_recorder_get_weights, wrong_kind, NF, "get weights", "recorder 3 records a weight histogram, not weights", \
      size_t n, m; return ax_recorder_get_weights(f->net, f->hist, &n, &m, NULL, NULL, NULL);)                     \
    X(ax_recorder_get_weights, null_n_synapses, E_, "get weights", "'n_synapses' is NULL", size_t n;               \
      return ax_recorder_get_weights(f->net, f->weights, &n, NULL, NULL, NULL, NULL);)                             \
    X(ax_recorder_get_weights, null_network, E_, NONE, NONE, size_t n, m;                                          \
      return ax_recorder_get_weights(NULL, 0, &n, &m, NULL, NULL, NULL);)                                          \
    X(ax_recorder_get_weight_histogram, wrong_kind, NF, "get weight histogram",                                    \
      "recorder 2 records weights, not a weight histogram", size_t n, b;                                           \
      return ax_recorder_get_weight_histogram(f->net, f->weights, &n, &b, NULL, NULL, NULL);)                      \
    X(ax_recorder_get_weight_histogram, null_bins, E_, "get weight histogram", "'bins' is NULL", size_t n;         \
      return ax_recorder_get_weight_histogram(f->net, f->hist, &n, NULL, NULL, NULL, NULL);)                       \
    X(ax_recorder_get_weight_histogram, bad_handle, NF, "get weight histogram", "recorder handle 99", size_t n, b; \
      return ax_recorder_get_weight_histogram(f->net, 99, &n, &b, NULL, NULL, NULL);)                              \
    X(ax_recorder_count, null_network, E_, NONE, NONE, return gave(ax_recorder_count(NULL) == 0);)                 \
    X(ax_recorder_get_info, bad_handle, NF, "recorder info", "recorder handle 99 does not exist",                  \
      ax_recorder_info ri; return ax_recorder_get_info(f->net, 99, &ri);)                                          \
    X(ax_recorder_get_info, null_info, E_, "recorder info", "'info' is NULL",                                      \
      return ax_recorder_get_info(f->net, f->spikes, NULL);)                                                       \
    X(ax_recorder_get_info, null_network, E_, NONE, NONE, ax_recorder_info ri; return ax_recorder_get_info(NULL, 0, &ri);) \
    X(ax_recorder_write_csv, bad_handle, NF, "write recording", "recorder handle 99",                              \
      return ax_recorder_write_csv(f->net, 99, "/tmp/x.csv");)                                                     \
    X(ax_recorder_write_csv, null_path, E_, "write recording", "'path' is NULL",                                   \
      return ax_recorder_write_csv(f->net, f->spikes, NULL);)                                                      \
    X(ax_recorder_write_csv, missing_folder, AX_ERR_IO, "cannot create /nonexistent/x.csv.partial",                \
      "No such file", return ax_recorder_write_csv(f->net, f->spikes, "/nonexistent/x.csv");)                      \
    X(ax_recorder_write_npy, spikes, E_, "write recording", "recorder 0 holds spikes, which is written as CSV only", \
      return ax_recorder_write_npy(f->net, f->spikes, "/tmp/x.npy", "/tmp/t.npy");)                                \
    X(ax_recorder_write_npy, null_times_path, E_, "write recording", "'times_path' is NULL",                       \
      return ax_recorder_write_npy(f->net, f->trace, "/tmp/x.npy", NULL);)                                         \
    X(ax_recorder_write_npy, null_network, E_, NONE, NONE, return ax_recorder_write_npy(NULL, 0, "a", "b");)       \
    X(ax_projection_write_csv, bad_handle, NF, "write synapses", "projection handle 99",                           \
      return ax_projection_write_csv(f->net, 99, "/tmp/x.csv");)                                                   \
    X(ax_projection_write_csv, null_path, E_, "write synapses", "'path' is NULL",                                  \
      return ax_projection_write_csv(f->net, f->stat, NULL);)                                                      \
    X(ax_projection_write_csv, null_network, E_, NONE, NONE, return ax_projection_write_csv(NULL, 0, "/tmp/x.csv");) \
    X(ax_network_validate, null_network, E_, NONE, NONE, return ax_network_validate(NULL);)                        \
    X(ax_network_validate, reset_above_threshold, E_, "population 'E' (IF_curr_exp)",                              \
      "v_reset (-40 mV) must be below v_thresh (-50 mV)", f->unrunnable = true;                                    \
      OK(f->net, ax_population_set_param(f->net, f->E, "v_reset", ax_value_constant(-40)));                        \
      return ax_network_validate(f->net);)                                                                         \
    X(ax_network_validate_duration, null_network, E_, NONE, NONE, return ax_network_validate_duration(NULL, 1.0);)  \
    X(ax_network_validate_duration, off_grid, E_, "duration 0.25 ms is not a multiple of dt = 0.1 ms",            \
      "the nearest allowed are 0.2 and 0.3 ms", return ax_network_validate_duration(f->net, 0.25);)               \
    X(ax_network_validate_duration, too_long, E_, "duration 1e+15 ms is not allowed",                             \
      "a run may last at most 9e+14 ms", return ax_network_validate_duration(f->net, 1e15);)                      \
    X(ax_network_validate_duration, infinite, E_, "duration inf ms is not allowed", "must be > 0 and finite",      \
      return ax_network_validate_duration(f->net, INFINITY);)                                                      \
    X(ax_network_build, null_network, E_, NONE, NONE, return ax_network_build(NULL);)                              \
    X(ax_network_build, weights_out_of_bounds, E_, "plastic projection P -> E", "has weight 2, outside the bounds", \
      ax_plasticity r = ax_plasticity_defaults(); ax_connector c = ax_connector_all_to_all(); f->unrunnable = true; \
      OK(f->net, ax_projection_add_plastic(f->net, f->P, f->E, &c, "excitatory", ax_value_constant(2),             \
                                           ax_value_constant(1), &r, NULL));                                       \
      return ax_network_build(f->net);)                                                                            \
    X(ax_network_run, null_network, E_, NONE, NONE, return ax_network_run(NULL, 1.0);)                             \
    X(ax_network_run, nan_duration, E_, "run", "duration nan ms is not allowed", return ax_network_run(f->net, NAN);) \
    X(ax_network_run, off_grid, E_, "run", "duration 0.25 ms is not a multiple of dt = 0.1 ms",                    \
      return ax_network_run(f->net, 0.25);)                                                                        \
    X(ax_recorder_stream_csv, null_network, E_, NONE, NONE, return ax_recorder_stream_csv(NULL, 0, "/tmp/x.csv");)  \
    X(ax_recorder_stream_csv, no_recorder, AX_ERR_NOT_FOUND, "stream recording", "recorder handle 99 does not exist",\
      return ax_recorder_stream_csv(f->net, 99, "/tmp/x.csv");)                                                    \
    X(ax_recorder_stream_csv, null_path, E_, "stream recording", "'path' is NULL",                                \
      return ax_recorder_stream_csv(f->net, f->spikes, NULL);)                                                     \
    X(ax_recorder_stream_csv, unwritable, AX_ERR_IO, "stream recording", "cannot create /nonexistent/x.csv",       \
      return ax_recorder_stream_csv(f->net, f->spikes, "/nonexistent/x.csv");)                                     \
    X(ax_recorder_stream_npy, null_network, E_, NONE, NONE, return ax_recorder_stream_npy(NULL, 0, "a", "b");)     \
    X(ax_recorder_stream_npy, spikes, E_, "stream recording", "recorder 0 holds spikes, which is written as CSV only",\
      return ax_recorder_stream_npy(f->net, f->spikes, "/tmp/x.npy", "/tmp/t.npy");)                               \
    X(ax_recorder_stream_npy, null_times_path, E_, "stream recording", "'times_path' is NULL",                     \
      return ax_recorder_stream_npy(f->net, f->trace, "/tmp/x.npy", NULL);)                                        \
    X(ax_network_set_record_buffer, null_network, E_, NONE, NONE, return ax_network_set_record_buffer(NULL, 4096);)\
    X(ax_network_set_record_buffer, too_small, E_, "set record buffer", "10 bytes is not allowed: must be >= 1024", \
      return ax_network_set_record_buffer(f->net, 10);)                                                           \
    X(ax_network_interrupt, null_network, AX_OK, NONE, NONE, ax_network_interrupt(NULL); return AX_OK;)            \
    X(ax_network_interrupt, before_a_run, AX_ERR_INTERRUPTED, "run", "stopped at t = 0 ms of 5 ms on request",    \
      ax_network_interrupt(f->net); return ax_network_run(f->net, 5.0);)                                           \
    X(ax_network_get_failure, null_network, E_, NONE, NONE,                                                        \
      ax_run_failure fl; return ax_network_get_failure(NULL, &fl);)                                                \
    X(ax_network_get_failure, null_out, E_, "get failure", "'out' is NULL",                                        \
      return ax_network_get_failure(f->net, NULL);)                                                                \
    X(ax_modelfile_stream_recordings, null_modelfile, E_, NONE, NONE,                                             \
      return ax_modelfile_stream_recordings(NULL, "/tmp");)                                                        \
    X(ax_network_check_run, null_network, E_, NONE, NONE, return ax_network_check_run(NULL, 1.0);)                \
    X(ax_network_check_run, negative_duration, E_, "check run", "duration -5 ms is not allowed: must be > 0",      \
      return ax_network_check_run(f->net, -5.0);)                                                                  \
    X(ax_network_check_run, nan_duration, E_, "check run", "duration nan ms is not allowed",                       \
      return ax_network_check_run(f->net, NAN);)                                                                   \
    X(ax_warning_count, null_network, E_, NONE, NONE, return gave(ax_warning_count(NULL) == 0);)                   \
    X(ax_warning_get, null_network, E_, NONE, NONE, ax_warning w; return ax_warning_get(NULL, 0, &w);)             \
    X(ax_warning_get, null_out, E_, "get warning", "'out' is NULL", return ax_warning_get(f->net, 0, NULL);)       \
    X(ax_warning_get, past_the_end, E_, "get warning", "index 7 is past the end: the network has 0 warnings",     \
      ax_warning w; return ax_warning_get(f->net, 7, &w);)                                                         \
    X(ax_warning_silence, null_network, E_, NONE, NONE, return ax_warning_silence(NULL, AX_WARNING_WEIGHT_SIGN);)  \
    X(ax_warning_silence, unknown_kind, E_, "silence warning: kind 42 is not one", "threads_over_cores",           \
      return ax_warning_silence(f->net, (ax_warning_kind)42);)                                                     \
    X(ax_warning_silence, negative_kind, E_, "silence warning: kind -1 is not one", "weight_sign",                 \
      return ax_warning_silence(f->net, (ax_warning_kind)-1);)                                                     \
    X(ax_warning_kind_name, unknown_kind, E_, NONE, NONE,                                                          \
      return gave(ax_warning_kind_name(AX_WARNING_KINDS) == NULL && ax_warning_kind_name((ax_warning_kind)-1) == NULL);) \
    X(ax_network_set_progress, null_network, AX_OK, NONE, NONE,                                                    \
      ax_network_set_progress(NULL, stop_at_once, NULL, 1.0); return AX_OK;)                                       \
    X(ax_network_set_progress, nan_every, AX_ERR_INTERRUPTED, "run", "stopped at t = 1 ms of 5 ms on request",     \
      ax_network_set_progress(f->net, stop_at_once, NULL, NAN); ax_status st = ax_network_run(f->net, 5.0);       \
      ax_network_set_progress(f->net, NULL, NULL, 0); return st;)                                                  \
    X(ax_network_get_stats, null_stats, E_, "network stats", "'stats' is NULL", return ax_network_get_stats(f->net, NULL);) \
    X(ax_network_get_stats, null_network, E_, NONE, NONE, ax_stats s; return ax_network_get_stats(NULL, &s);)     \
    X(ax_population_get_spike_count, bad_handle, NF, "spike count", "population handle 99", uint64_t c;            \
      return ax_population_get_spike_count(f->net, 99, &c);)                                                       \
    X(ax_population_get_spike_count, null_count, E_, "spike count", "'count' is NULL",                             \
      return ax_population_get_spike_count(f->net, f->E, NULL);)                                                   \
    X(ax_population_get_spike_count, null_network, E_, NONE, NONE, uint64_t c;                                     \
      return ax_population_get_spike_count(NULL, 0, &c);)                                                          \
    X(ax_network_reset, null_network, E_, NONE, NONE, return ax_network_reset(NULL);)                              \
    X(ax_network_save_state, null_network, E_, NONE, NONE, return ax_network_save_state(NULL, "/tmp/x.state");)    \
    X(ax_network_save_state, null_path, E_, "save state", "'path' is NULL", return ax_network_save_state(f->net, NULL);) \
    X(ax_network_save_state, not_built, ST, "save state to '/tmp/x.state'", "not built yet",                      \
      return ax_network_save_state(f->net, "/tmp/x.state");)                                                       \
    X(ax_network_restore_state, null_network, E_, NONE, NONE, return ax_network_restore_state(NULL, "/tmp/x");)    \
    X(ax_network_restore_state, null_path, E_, "restore state", "'path' is NULL",                                 \
      return ax_network_restore_state(f->net, NULL);)                                                              \
    X(ax_network_restore_state, missing, AX_ERR_IO, "restore state: cannot open /nonexistent/x.state",            \
      "No such file", return ax_network_restore_state(f->net, "/nonexistent/x.state");)                            \
    X(ax_network_restore_state, not_a_checkpoint, E_, "restore state from '/etc/passwd'",                         \
      "not an axon checkpoint", return ax_network_restore_state(f->net, "/etc/passwd");)                           \
    X(ax_modelfile_load, null_path, E_, "load model file", "'path' is NULL", ax_error err;                         \
      cr_assert_null(ax_modelfile_load(NULL, NULL, 0, &err)); return from_error(f, &err);)                         \
    X(ax_modelfile_load, missing, AX_ERR_IO, "/nonexistent.toml: cannot open the model file", "No such file",      \
      ax_error err; cr_assert_null(ax_modelfile_load("/nonexistent.toml", NULL, 0, &err));                         \
      return from_error(f, &err);)                                                                                 \
    X(ax_modelfile_load_string, null_text, E_, "load model file", "'text' is NULL", ax_error err;                  \
      cr_assert_null(ax_modelfile_load_string(NULL, "x.toml", NULL, NULL, 0, &err)); return from_error(f, &err);)  \
    X(ax_modelfile_load_string, null_name, E_, "load model file", "'name' is NULL", ax_error err;                  \
      cr_assert_null(ax_modelfile_load_string(fixture_file, NULL, NULL, NULL, 0, &err));                           \
      return from_error(f, &err);)                                                                                 \
    X(ax_modelfile_load_string, null_override, E_, "load model file", "'an entry of overrides' is NULL",           \
      ax_error err; const char *o[] = {"simulation.seed=2", NULL};                                                 \
      cr_assert_null(ax_modelfile_load_string(fixture_file, "x.toml", NULL, o, 2, &err));                         \
      return from_error(f, &err);)                                                                                 \
    X(ax_modelfile_load_string, bad_size, E_, "x.toml: --set populations.E.size", "add population 'E': size -3",   \
      ax_error err; const char *o[] = {"populations.E.size=-3"};                                                   \
      cr_assert_null(ax_modelfile_load_string(fixture_file, "x.toml", NULL, o, 1, &err));                          \
      return from_error(f, &err);)                                                                                 \
    X(ax_modelfile_free, null, AX_OK, NONE, NONE, ax_modelfile_free(NULL); return AX_OK;)                          \
    X(ax_modelfile_run, null, E_, NONE, NONE, return ax_modelfile_run(NULL, 1.0);)                                 \
    X(ax_modelfile_run, negative_duration, E_, "run", "duration -1 ms is not allowed",                             \
      return ax_modelfile_run(modelfile(f), -1);)                                                                  \
    X(ax_modelfile_validate, null, E_, NONE, NONE, return ax_modelfile_validate(NULL);)                            \
    X(ax_modelfile_validate, reset_above_threshold, E_, "fixture.toml:3:14: populations.E: population 'E'",        \
      "v_reset (-40 mV) must be below v_thresh", ax_modelfile *m = modelfile(f);                                   \
      ax_network *n = ax_modelfile_get_network(m);                                                                 \
      OK(n, ax_population_set_param(n, 0, "v_reset", ax_value_constant(-40))); return ax_modelfile_validate(m);)   \
    X(ax_modelfile_validate, no_duration, E_, "x.toml: simulation.duration is missing",                            \
      "--set simulation.duration=MS", ax_error err;                                                                \
      f->mf = ax_modelfile_load_string("[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 3\n", "x.toml", NULL,    \
                                       NULL, 0, &err);                                                             \
      cr_assert_not_null(f->mf, "%s", err.message);                                                                \
      f->message = ax_network_get_error(ax_modelfile_get_network(f->mf)); return ax_modelfile_validate(f->mf);)    \
    X(ax_modelfile_get_network, null, E_, NONE, NONE, return gave(!ax_modelfile_get_network(NULL));)              \
    X(ax_modelfile_get_name, null, E_, NONE, NONE, return gave(!ax_modelfile_get_name(NULL));)                    \
    X(ax_modelfile_get_duration, null, E_, NONE, NONE, return gave(isnan(ax_modelfile_get_duration(NULL)));)      \
    X(ax_modelfile_get_output_dir, null, E_, NONE, NONE, return gave(!ax_modelfile_get_output_dir(NULL));)        \
    X(ax_modelfile_get_analysis, null, E_, NONE, NONE, ax_modelfile_analysis a;                                     \
      return ax_modelfile_get_analysis(NULL, &a);)                                                                 \
    X(ax_modelfile_get_projection_name, null, E_, NONE, NONE,                                                      \
      return gave(!ax_modelfile_get_projection_name(NULL, 0));)                                                    \
    X(ax_modelfile_get_projection_name, no_such_projection, E_, NONE, NONE,                                        \
      return gave(!ax_modelfile_get_projection_name(modelfile(f), 99));)                                           \
    X(ax_modelfile_write_recordings, null, E_, NONE, NONE, return ax_modelfile_write_recordings(NULL, "/tmp");)    \
    X(ax_modelfile_stream_recordings, null_dir, E_, "stream recordings", "'dir' is NULL",                          \
      return ax_modelfile_stream_recordings(modelfile(f), NULL);)                                                  \
    X(ax_modelfile_stream_recordings, missing_dir, AX_ERR_IO, "stream recording", "cannot create /nonexistent/",   \
      return ax_modelfile_stream_recordings(modelfile(f), "/nonexistent");)                                        \
    X(ax_modelfile_write_recordings, null_dir, E_, "write recordings", "'dir' is NULL",                            \
      return ax_modelfile_write_recordings(modelfile(f), NULL);)                                                   \
    X(ax_modelfile_get_recording_file, null, E_, NONE, NONE, return gave(!ax_modelfile_get_recording_file(NULL, 0));) \
    X(ax_modelfile_get_recording_file, past_the_end, E_, NONE, NONE,                                               \
      return gave(!ax_modelfile_get_recording_file(modelfile(f), 99));) \
    X(ax_projection_find_synapse, null_network, E_, NONE, NONE, ax_synapse s;                                        \
      return ax_projection_find_synapse(NULL, 0, 0, 0, &s);)                                                         \
    X(ax_projection_find_synapse, null_out, E_, "find synapse", "'out' is NULL",                                     \
      return ax_projection_find_synapse(f->net, f->stat, 0, 0, NULL);)                                               \
    X(ax_projection_find_synapse, bad_handle, NF, "find synapse", "projection handle 99 does not exist",             \
      ax_synapse s; return ax_projection_find_synapse(f->net, 99, 0, 0, &s);)                                        \
    X(ax_projection_find_synapse, not_built, ST, "find synapse of projection 0 (P -> E)", "not built yet",           \
      ax_synapse s; return ax_projection_find_synapse(f->net, f->stat, 0, 0, &s);)                                   \
    X(ax_projection_find_synapse, bad_source, E_, "find synapse of projection 0 (P -> E)",                           \
      "source 5 is outside population 'P' (0 .. 4)", OK(f->net, ax_network_build(f->net)); ax_synapse s;             \
      return ax_projection_find_synapse(f->net, f->stat, 5, 0, &s);)                                                 \
    X(ax_projection_set_synapse_weight, null_network, E_, NONE, NONE,                                                \
      return ax_projection_set_synapse_weight(NULL, 0, 0, 0, 1.0);)                                                  \
    X(ax_projection_set_synapse_weight, bad_handle, NF, "set synapse weight", "projection handle 99 does not exist", \
      return ax_projection_set_synapse_weight(f->net, 99, 0, 0, 1.0);)                                               \
    X(ax_projection_set_synapse_weight, bad_target, E_, "set synapse weight of projection 0 (P -> E)",               \
      "target 10 is outside population 'E' (0 .. 9)", OK(f->net, ax_network_build(f->net));                          \
      return ax_projection_set_synapse_weight(f->net, f->stat, 0, 10, 1.0);)                                         \
    X(ax_projection_set_synapse_weight, nan, E_, "set weights of projection 0 (P -> E)", "is nan",                   \
      OK(f->net, ax_network_build(f->net)); return ax_projection_set_synapse_weight(f->net, f->stat, 0, 0, NAN);)    \
    X(ax_projection_set_synapse_delay, null_network, E_, NONE, NONE,                                                 \
      return ax_projection_set_synapse_delay(NULL, 0, 0, 0, 1.0);)                                                   \
    X(ax_projection_set_synapse_delay, not_built, ST, "set synapse delay of projection 0 (P -> E)", "not built yet", \
      return ax_projection_set_synapse_delay(f->net, f->stat, 0, 0, 1.0);)                                           \
    X(ax_projection_set_synapse_delay, too_short, E_, "set delays of projection 0 (P -> E)", "0.01",                 \
      OK(f->net, ax_network_build(f->net)); return ax_projection_set_synapse_delay(f->net, f->stat, 0, 0, 0.01);)    \
    X(ax_population_get_incoming, null_network, E_, NONE, NONE, size_t n;                                            \
      return ax_population_get_incoming(NULL, 0, 0, NULL, 0, &n);)                                                   \
    X(ax_population_get_incoming, null_n, E_, "get incoming synapses", "'n' is NULL",                                \
      return ax_population_get_incoming(f->net, f->E, 0, NULL, 0, NULL);)                                            \
    X(ax_population_get_incoming, bad_handle, NF, "get incoming synapses", "population handle 99 does not exist",    \
      size_t n; return ax_population_get_incoming(f->net, 99, 0, NULL, 0, &n);)                                      \
    X(ax_population_get_incoming, not_built, ST, "get incoming synapses of neuron 0 of 'E'", "not built yet",        \
      size_t n; return ax_population_get_incoming(f->net, f->E, 0, NULL, 0, &n);)                                    \
    X(ax_population_get_outgoing, null_network, E_, NONE, NONE, size_t n;                                            \
      return ax_population_get_outgoing(NULL, 0, 0, NULL, 0, &n);)                                                   \
    X(ax_population_get_outgoing, null_out, E_, "get outgoing synapses", "'out' is NULL",                            \
      size_t n; return ax_population_get_outgoing(f->net, f->E, 0, NULL, 3, &n);)                                    \
    X(ax_population_get_outgoing, bad_neuron, E_, "get outgoing synapses", "neuron 10 is outside population 'E'",    \
      OK(f->net, ax_network_build(f->net)); size_t n;                                                                \
      return ax_population_get_outgoing(f->net, f->E, 10, NULL, 0, &n);)                                             \
    X(ax_graph_format_from_path, null_path, E_, "graph format", "'path' is NULL", ax_graph_format g;                 \
      return ax_graph_format_from_path(f->net, NULL, &g);)                                                           \
    X(ax_graph_format_from_path, null_network, E_, NONE, NONE, ax_graph_format g;                                    \
      return ax_graph_format_from_path(NULL, "x.txt", &g);)                                                          \
    X(ax_graph_format_from_path, unknown, E_, "graph format", "'x.mat' does not end in .csv, .npy or .npz",          \
      ax_graph_format g; return ax_graph_format_from_path(f->net, "x.mat", &g);)                                     \
    X(ax_projection_export, null_network, E_, NONE, NONE,                                                            \
      return ax_projection_export(NULL, 0, "/tmp/x.csv", AX_GRAPH_CSV);)                                             \
    X(ax_projection_export, null_path, E_, "export", "'path' is NULL",                                               \
      return ax_projection_export(f->net, f->stat, NULL, AX_GRAPH_CSV);)                                             \
    X(ax_projection_export, bad_handle, NF, "projection handle 99 does not exist", NONE,                             \
      return ax_projection_export(f->net, 99, "/tmp/x.csv", AX_GRAPH_CSV);)                                          \
    X(ax_projection_export, not_built, ST, "export projection 0 (P -> E) to /tmp/x.csv", "not built yet",            \
      return ax_projection_export(f->net, f->stat, "/tmp/x.csv", AX_GRAPH_CSV);)                                     \
    X(ax_projection_export, bad_format, E_, "export projection 0 (P -> E)", "format 9 is not one of",                \
      return ax_projection_export(f->net, f->stat, "/tmp/x.csv", (ax_graph_format)9);)                               \
    X(ax_projection_import, null_network, E_, NONE, NONE,                                                            \
      return ax_projection_import(NULL, 0, "/tmp/x.csv", AX_GRAPH_CSV);)                                             \
    X(ax_projection_import, null_path, E_, "import", "'path' is NULL",                                               \
      return ax_projection_import(f->net, f->stat, NULL, AX_GRAPH_CSV);)                                             \
    X(ax_projection_import, bad_handle, NF, "projection handle 99 does not exist", NONE,                             \
      return ax_projection_import(f->net, 99, "/tmp/x.csv", AX_GRAPH_CSV);)                                          \
    X(ax_projection_import, not_built, ST, "import into projection 0 (P -> E) from /tmp/x.csv", "not built yet",     \
      return ax_projection_import(f->net, f->stat, "/tmp/x.csv", AX_GRAPH_CSV);)                                     \
    X(ax_projection_import, missing_file, AX_ERR_IO, "import into projection 0 (P -> E)", "/nonexistent.csv",        \
      OK(f->net, ax_network_build(f->net));                                                                          \
      return ax_projection_import(f->net, f->stat, "/nonexistent.csv", AX_GRAPH_CSV);)                               \
    X(ax_modelfile_build, null, E_, NONE, NONE, return ax_modelfile_build(NULL);)                                    \
    X(ax_modelfile_build, missing_weights_file, AX_ERR_IO, "x.toml:10:16: projections[0].weights_from",               \
      "cannot open", ax_error err;                                                                                   \
      f->mf = ax_modelfile_load_string("[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 3\n"                        \
                                       "[[projections]]\nfrom = \"E\"\nto = \"E\"\nreceptor = \"excitatory\"\n"      \
                                       "weight = 0.1\nconnector = { all_to_all = true }\n"                           \
                                       "weights_from = \"/nonexistent.csv\"\n", "x.toml", NULL, NULL, 0, &err);      \
      cr_assert_not_null(f->mf, "%s", err.message);                                                                  \
      f->message = ax_network_get_error(ax_modelfile_get_network(f->mf)); return ax_modelfile_build(f->mf);)

/* The analysis calls' cases, one list per area (tests/contract_*.h), so
 * each area's file grows on its own. */
#include "contract_trains.h"
#include "contract_spectra.h"
#include "contract_stats.h"
#include "contract_distances.h"
#include "contract_correlations.h"
#include "contract_optimizers.h"
#include "contract_objectives.h"
#include "contract_sweeps.h"
#include "contract_generations.h"
#include "contract_fits.h"
#include "contract_fit_tasks.h"
#include "contract_attractors.h"
#include "contract_loop.h"
#include "contract_mpi.h"
#define ALL_CASES(X)                                                                                            \
    CASES(X) CONTRACT_TRAINS(X) CONTRACT_SPECTRA(X) CONTRACT_STATS(X) CONTRACT_DISTANCES(X)                   \
    CONTRACT_CORRELATIONS(X) CONTRACT_OPTIMIZERS(X) CONTRACT_OBJECTIVES(X) CONTRACT_SWEEPS(X) \
    CONTRACT_GENERATIONS(X) CONTRACT_ATTRACTORS(X) CONTRACT_LOOP(X) CONTRACT_FITS(X)               \
    CONTRACT_FIT_TASKS(X) CONTRACT_MPI(X) CONTRACT_MPI_AGREE(X)

typedef struct contract_case {
    const char *function, *what;
    ax_status (*call)(fixture *f);
    ax_status expect;
    const char *says[2];
} contract_case;

#define DEFINE(fn, tag, st, m1, m2, ...) \
    static ax_status fn##__##tag(fixture *f) { (void)f; __VA_ARGS__ }
ALL_CASES(DEFINE)

#define ENTRY(fn, tag, st, m1, m2, ...) {#fn, #tag, fn##__##tag, st, {m1, m2}},
static const contract_case cases[] = {ALL_CASES(ENTRY)};
#define N_CASES (sizeof cases / sizeof cases[0])

/* Criterion hands each test process a copy of its parameter; pointers into
 * this binary would not survive that (the process may be a new one), so the
 * parameter is the index of the case. */
ParameterizedTestParameters(contract, a_bad_argument)
{
    static size_t index[N_CASES];
    for (size_t k = 0; k < N_CASES; k++)
        index[k] = k;
    return cr_make_param_array(size_t, index, N_CASES);
}

ParameterizedTest(size_t *k, contract, a_bad_argument)
{
    const contract_case *c = &cases[*k];
    fixture f;
    fixture_make(&f);
    /* an unrelated message first: a call that fails without its own shows this one */
    ax_network_set_memory_limit(f.net, 1);
    const char *stale = "memory limit 1 bytes";
    ax_status st = c->call(&f);
    const char *msg = f.message ? f.message : ax_network_get_error(f.net);
    cr_expect_eq(st, c->expect, "%s (%s): %s, expected %s; message: %s", c->function, c->what, ax_status_name(st),
                 ax_status_name(c->expect), msg);
    for (int j = 0; j < 2; j++)
        if (c->says[j]) {
            cr_expect(strstr(msg, c->says[j]) != NULL, "%s (%s): the message lacks '%s': %s", c->function, c->what,
                      c->says[j], msg);
            cr_expect(f.message || !strstr(msg, stale), "%s (%s) failed without a message of its own", c->function,
                      c->what);
        }
    if (!f.unrunnable)
        OK(f.net, ax_network_run(f.net, 1.0));   /* nothing half-done */
    ax_modelfile_free(f.mf);
    ax_network_free(f.net);
}

/* Every function of axon.h has a case, and every case names one. */
Test(contract, every_function_of_the_header_has_a_case)
{
    names decl = declared_functions();
    cr_assert_gt(decl.n, 50, "the header declares %zu functions", decl.n);
    for (size_t k = 0; k < decl.n; k++) {
        bool covered = false;
        for (size_t c = 0; c < N_CASES && !covered; c++)
            covered = strcmp(cases[c].function, decl.name[k]) == 0;
        cr_expect(covered, "%s is declared in include/axon.h but no case in test_api_contract.c calls it",
                  decl.name[k]);
    }
    for (size_t c = 0; c < N_CASES; c++)
        cr_expect(bsearch(&cases[c].function, decl.name, decl.n, sizeof decl.name[0], by_name),
                  "case %s (%s) names a function axon.h does not declare", cases[c].function, cases[c].what);
    names_free(&decl);
}
