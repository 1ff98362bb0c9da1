/*
 * test_loop.c - closed reward loops (ax_loop_*, docs/learning.md) and
 * ax_input_set_level.
 *
 * References: the same network driven by a step current of the same
 * amplitudes (an input path that knows nothing of loops) for the levels
 * and the counts; the modulator's closed-form decay for the reward; the
 * one-thread run for the run on three threads.  That the cue task learns
 * is tested in tests/python/test_loop.py (both drivers, several seeds,
 * controls).
 */
#include "helpers.h"

#define SEG 20.0                   /* ms */
#define N_SEG 10
#define CELLS 3

static const double levels_of[N_SEG] = {0.0, 1.2, 0.3, 2.0, 0.0, 0.9, 1.6, 0.0, 3.0, 0.6};   /* nA */

typedef struct record {
    uint32_t counts[N_SEG][64];
    size_t n_counts;
    uint64_t acted;
    double reward_at[N_SEG];       /* what reward returns at segment k */
    int fail_act_at;               /* act fails at this segment (-1: never) */
    double bad_level;              /* observe writes this into levels[0] when not 0 */
} record;

static ax_status observe_dc(void *user, uint64_t k, double *levels, size_t n, ax_error *err)
{
    (void)err;
    record *r = user;
    cr_assert_eq(n, 1);
    levels[0] = r->bad_level != 0 ? r->bad_level : levels_of[k % N_SEG];
    return AX_OK;
}

static ax_status act_keep(void *user, uint64_t k, const uint32_t *counts, size_t n, ax_error *err)
{
    record *r = user;
    if ((int)k == r->fail_act_at) {
        snprintf(err->message, sizeof err->message, "the agent hit a wall");
        return AX_ERR_ARGUMENT;
    }
    cr_assert_leq(n, 64);
    memcpy(r->counts[k % N_SEG], counts, n * sizeof *counts);
    r->n_counts = n;
    r->acted++;
    return AX_OK;
}

static ax_status reward_table(void *user, uint64_t k, const uint32_t *counts, size_t n, double *reward, ax_error *err)
{
    (void)counts, (void)n, (void)err;
    *reward = ((record *)user)->reward_at[k % N_SEG];
    return AX_OK;
}

static ax_network *cells(int threads)
{
    ax_network *net = new_net(0.1, 5, threads);
    ax_population p;
    OK(net, ax_population_add(net, "cells", "IF_curr_exp", CELLS, &p));
    OK(net, ax_modulator_add(net, "dopamine", 50.0, NULL));
    return net;
}

static ax_loop *dc_loop(ax_network *net, record *r)
{
    static const char *outputs[] = {"cells"};
    ax_loop_input in = {.population = "cells", .neurons = AX_ALL_NEURONS, .kind = AX_INPUT_DC};
    ax_loop_spec spec = {.segment_ms = SEG, .inputs = &in, .n_inputs = 1, .outputs = outputs, .n_outputs = 1,
                         .modulator = "dopamine", .observe = observe_dc, .act = act_keep, .reward = reward_table,
                         .user = r};
    ax_loop *loop = NULL;
    ax_error err;
    cr_assert_eq(ax_loop_create(net, &spec, &loop, &err), AX_OK, "%s", err.message);
    return loop;
}

/* The levels observe sets hold for their segment, and act counts exactly the
 * spikes of the segment: against a step current with the same amplitudes
 * at the segments' starts, recorded by a spike recorder.  A level applied a
 * segment late, or counts taken over [t0, t1) instead of (t0, t1], fail. */
Test(loop, dc_levels_and_counts_equal_a_step_current)
{
    ax_network *net = cells(1);
    record r = {.fail_act_at = -1};
    ax_loop *loop = dc_loop(net, &r);
    ax_error err;
    cr_assert_eq(ax_loop_run(loop, N_SEG, &err), AX_OK, "%s", err.message);
    cr_assert_eq(r.acted, N_SEG);
    cr_assert_eq(r.n_counts, CELLS);

    ax_network *ref = new_net(0.1, 5, 1);
    ax_population p;
    OK(ref, ax_population_add(ref, "cells", "IF_curr_exp", CELLS, &p));
    double times[N_SEG];
    for (int k = 0; k < N_SEG; k++)
        times[k] = k * SEG;
    ax_input_spec step = {.kind = AX_INPUT_STEP, .times = times, .amplitudes = levels_of, .n_times = N_SEG};
    OK(ref, ax_input_add(ref, p, AX_ALL_NEURONS, &step, NULL));
    ax_recorder rec;
    OK(ref, ax_recorder_add_spikes(ref, p, AX_ALL_NEURONS, &rec));
    OK(ref, ax_network_run(ref, N_SEG * SEG));
    size_t n;
    const double *t;
    const uint32_t *who;
    OK(ref, ax_recorder_get_spikes(ref, rec, &n, &t, &who));
    uint32_t expect[N_SEG][CELLS] = {{0}};
    for (size_t s = 0; s < n; s++) {
        int k = (int)ceil(t[s] / SEG - 1e-9) - 1;   /* a spike at t belongs to the segment (k SEG, (k+1) SEG] */
        expect[k][who[s]]++;
    }
    uint32_t total = 0;
    for (int k = 0; k < N_SEG; k++)
        for (int i = 0; i < CELLS; i++) {
            cr_expect_eq(r.counts[k][i], expect[k][i], "segment %d, cell %d: %u spikes, the step current gives %u",
                         k, i, r.counts[k][i], expect[k][i]);
            total += expect[k][i];
        }
    cr_assert_gt(total, 20, "the levels make the cells fire (%u spikes)", total);
    cr_assert_eq(expect[0][0] + expect[4][0] + expect[7][0], 0, "no spikes at level 0");
    ax_loop_free(loop);
    ax_network_free(ref);
    ax_network_free(net);
}

/* The reward goes into the modulator at the segment's end: right after it
 * the level is the reward (it was 0), and it decays as exp(-t / tau_d)
 * (closed form; 1e-9 relative covers the step-wise product's rounding). */
Test(loop, the_reward_is_injected_as_dopamine)
{
    ax_network *net = cells(1);
    record r = {.fail_act_at = -1, .reward_at = {0.7}};
    ax_loop *loop = dc_loop(net, &r);
    ax_error err;
    ax_modulator m;
    OK(net, ax_modulator_find(net, "dopamine", &m));
    cr_assert_eq(ax_loop_run(loop, 1, &err), AX_OK, "%s", err.message);
    double level;
    OK(net, ax_modulator_get_level(net, m, &level));
    cr_assert_eq(level, 0.7, "level %.17g after a reward of 0.7", level);
    cr_assert_eq(ax_loop_run(loop, 1, &err), AX_OK, "%s", err.message);
    OK(net, ax_modulator_get_level(net, m, &level));
    double expect = 0.7 * exp(-SEG / 50.0);
    cr_assert_float_eq(level, expect, 1e-9 * expect, "level %.17g, closed form %.17g", level, expect);
    size_t n;
    const double *rewards;
    cr_assert_eq(ax_loop_get_rewards(loop, &n, &rewards, &err), AX_OK);
    cr_assert_eq(n, 2);
    cr_assert(rewards[0] == 0.7 && rewards[1] == 0.0);
    ax_loop_info info;
    cr_assert_eq(ax_loop_get_info(loop, &info, &err), AX_OK);
    cr_assert(info.segments == 2 && info.n_inputs == 1 && info.n_counts == CELLS && info.segment_ms == SEG);
    ax_loop_free(loop);
    ax_network_free(net);
}

/* ---- the cue network with Poisson drives, on 1 and 3 threads ---- */

typedef struct cue_run {
    double rewards[16];
    long diffs[16];
} cue_run;

static ax_status observe_alternate(void *user, uint64_t k, double *levels, size_t n, ax_error *err)
{
    (void)user, (void)n, (void)err;
    levels[0] = k % 2 ? 0.0 : 30.0;
    levels[1] = k % 2 ? 30.0 : 0.0;
    return AX_OK;
}

static ax_status reward_diff(void *user, uint64_t k, const uint32_t *counts, size_t n, double *reward, ax_error *err)
{
    (void)err;
    long d = 0;
    for (size_t j = 0; j < n; j++)
        d += j < n / 2 ? (long)counts[j] : -(long)counts[j];
    ((cue_run *)user)->diffs[k] = d;
    *reward = (k % 2 ? -d : d) / 100.0;
    return AX_OK;
}

static void run_cues(int threads, cue_run *out)
{
    char set[32];
    snprintf(set, sizeof set, "simulation.threads=%d", threads);
    const char *overrides[] = {set};
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load("examples/cue_learning.toml", overrides, 1, &err);
    cr_assert_not_null(mf, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(mf);
    ax_loop_input drive = {.neurons = AX_ALL_NEURONS, .kind = AX_INPUT_POISSON, .sources = 1, .weight = 8.0,
                           .receptor = "excitatory"};
    ax_loop_input in[2] = {drive, drive};
    in[0].population = "cue_a";
    in[1].population = "cue_b";
    const char *outputs[] = {"out_a", "out_b"};
    ax_loop_spec spec = {.segment_ms = 100.0, .inputs = in, .n_inputs = 2, .outputs = outputs, .n_outputs = 2,
                         .modulator = "dopamine", .observe = observe_alternate, .reward = reward_diff, .user = out};
    ax_loop *loop;
    cr_assert_eq(ax_loop_create(net, &spec, &loop, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_loop_run(loop, 16, &err), AX_OK, "%s", err.message);
    size_t n;
    const double *r;
    ax_loop_get_rewards(loop, &n, &r, NULL);
    memcpy(out->rewards, r, sizeof out->rewards);
    ax_loop_free(loop);
    ax_modelfile_free(mf);
}

Test(loop, same_result_for_any_thread_count)
{
    cue_run one, three;
    memset(&one, 0, sizeof one);
    memset(&three, 0, sizeof three);
    run_cues(1, &one);
    run_cues(3, &three);
    long spread = 0;
    for (int k = 0; k < 16; k++) {
        cr_expect_eq(one.diffs[k], three.diffs[k], "trial %d: %ld on 1 thread, %ld on 3", k, one.diffs[k],
                     three.diffs[k]);
        cr_expect(one.rewards[k] == three.rewards[k], "trial %d: reward %.17g vs %.17g", k, one.rewards[k],
                  three.rewards[k]);
        spread += labs(one.diffs[k]);
    }
    cr_assert_gt(spread, 0, "the outputs fire");
}

/* ---- errors ---- */

static void expect_error(ax_status st, const ax_error *err, ax_status status, const char *a, const char *b)
{
    cr_assert_eq(st, status, "%s (expected %s): %s", ax_status_name(st), ax_status_name(status), err->message);
    cr_assert(strstr(err->message, a) && strstr(err->message, b), "message '%s' lacks '%s' or '%s'", err->message,
              a, b);
}

Test(loop, a_wrong_spec_is_refused_before_anything_is_added)
{
    ax_network *net = cells(1);
    ax_loop *loop = (ax_loop *)1;
    ax_error err;
    const char *good[] = {"cells"}, *bad[] = {"cells", "cels"};
    ax_loop_input in = {.population = "cells", .neurons = AX_ALL_NEURONS, .kind = AX_INPUT_DC};
    ax_loop_spec spec = {.segment_ms = 0.25, .outputs = good, .n_outputs = 1};
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_ARGUMENT, "segment_ms",
                 "not a multiple of dt");
    cr_assert_null(loop, "*out is NULL after a failure");
    spec.segment_ms = 10.0;
    spec.outputs = bad;
    spec.n_outputs = 2;
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_NOT_FOUND, "outputs[1]", "'cels'");
    spec.n_outputs = 1;
    in.population = "E";
    spec.inputs = &in;
    spec.n_inputs = 1;
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_NOT_FOUND, "inputs[0].population", "'E'");
    in.population = "cells";
    in.kind = AX_INPUT_AC;
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_ARGUMENT, "inputs[0].kind", "AX_INPUT_DC");
    in.kind = AX_INPUT_POISSON;
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_ARGUMENT, "inputs[0]", "sources = 0");
    in.sources = 1;
    in.receptor = "AMPA";
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_NOT_FOUND, "inputs[0].receptor = 'AMPA'",
                 "allowed: excitatory, inhibitory");
    in.receptor = "excitatory";
    uint32_t far[] = {1, 3};
    in.neurons = ax_neurons_list(far, 2);
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_ARGUMENT, "inputs[0].neurons", "index 3");
    in.neurons = ax_neurons_first(4);
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_ARGUMENT, "inputs[0].neurons",
                 "the first 4 neurons");
    ax_population src;
    OK(net, ax_population_add(net, "source", "SpikeSourcePoisson", 2, &src));
    in.population = "source";
    in.neurons = AX_ALL_NEURONS;
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_ARGUMENT, "population 'source'",
                 "a spike source");
    spec.n_inputs = 0;
    spec.modulator = "serotonin";
    expect_error(ax_loop_create(net, &spec, &loop, &err), &err, AX_ERR_NOT_FOUND, "modulator", "'serotonin'");
    expect_error(ax_loop_create(net, NULL, &loop, &err), &err, AX_ERR_ARGUMENT, "ax_loop_create", "'spec' is NULL");
    /* nothing was added: the network's first input is still to come (handle 0) */
    ax_input_spec dc = {.kind = AX_INPUT_DC};
    ax_input first;
    OK(net, ax_input_add(net, 0, AX_ALL_NEURONS, &dc, &first));
    cr_assert_eq(first, 0, "the failed loops added %u inputs", first);
    OK(net, ax_network_run(net, 1.0));
    ax_network_free(net);
}

/* A callback's failure stops the loop with its message; the network runs
 * on, and so does the loop. */
Test(loop, a_failing_callback_stops_the_loop_and_leaves_it_usable)
{
    ax_network *net = cells(2);
    record r = {.fail_act_at = 2};
    ax_loop *loop = dc_loop(net, &r);
    ax_error err;
    expect_error(ax_loop_run(loop, 5, &err), &err, AX_ERR_ARGUMENT, "ax_loop_run: segment 2: act failed",
                 "the agent hit a wall");
    ax_loop_info info;
    ax_loop_get_info(loop, &info, NULL);
    cr_assert_eq(info.segments, 2, "the failed segment is not counted");
    cr_assert_float_eq(ax_network_get_time(net), 3 * SEG, 1e-9, "the failed segment was run");
    r.fail_act_at = -1;
    cr_assert_eq(ax_loop_run(loop, 2, &err), AX_OK, "%s", err.message);
    ax_loop_get_info(loop, &info, NULL);
    cr_assert_eq(info.segments, 4);
    cr_assert_float_eq(ax_network_get_time(net), 5 * SEG, 1e-9);
    ax_loop_free(loop);
    ax_network_free(net);
}

static ax_status reward_nan(void *user, uint64_t k, const uint32_t *counts, size_t n, double *reward, ax_error *err)
{
    (void)user, (void)k, (void)counts, (void)n, (void)err;
    *reward = NAN;
    return AX_OK;
}

Test(loop, a_level_or_reward_that_is_not_a_number_is_refused)
{
    ax_network *net = cells(1);
    record r = {.fail_act_at = -1, .bad_level = NAN};
    ax_loop *loop = dc_loop(net, &r);
    ax_error err;
    expect_error(ax_loop_run(loop, 1, &err), &err, AX_ERR_ARGUMENT, "segment 0: observe gave levels[0] = nan",
                 "a dc input");
    cr_assert_eq(ax_network_get_time(net), 0.0, "the segment was not run");
    ax_loop_free(loop);

    static const char *outputs[] = {"cells"};
    ax_loop_spec spec = {.segment_ms = SEG, .outputs = outputs, .n_outputs = 1, .reward = reward_nan};
    cr_assert_eq(ax_loop_create(net, &spec, &loop, &err), AX_OK, "%s", err.message);
    expect_error(ax_loop_run(loop, 1, &err), &err, AX_ERR_ARGUMENT, "segment 0: reward gave nan", "finite");
    ax_loop_free(loop);
    OK(net, ax_network_run(net, 1.0));
    ax_network_free(net);
}

/* ax_input_set_level on a Poisson drive: a rate of 0 stops it, a negative
 * one is refused and leaves it as it was, and a rate set at 100 ms gives
 * exactly the spikes of a drive of that rate that starts at 100 ms (its
 * counts are keyed by seed, input, neuron and step, not by the rate's
 * history); a step input has no level. */
static uint64_t drive_count(double start_ms, bool set_later)
{
    ax_network *net = new_net(0.1, 3, 1);
    ax_population p;
    OK(net, ax_population_add(net, "cells", "IF_curr_exp", 10, &p));
    ax_input_spec drive = {.kind = AX_INPUT_POISSON, .sources = 1, .rate = set_later ? 0.0 : 50.0, .weight = 8.0,
                           .receptor = "excitatory", .start = start_ms};
    ax_input in;
    OK(net, ax_input_add(net, p, AX_ALL_NEURONS, &drive, &in));
    OK(net, ax_network_run(net, 100.0));
    uint64_t count;
    OK(net, ax_population_get_spike_count(net, p, &count));
    cr_assert_eq(count, 0, "rate 0 or not started: no spikes");
    if (set_later) {
        OK(net, ax_input_set_level(net, in, 50.0));
        FAILS(net, ax_input_set_level(net, in, -1.0), AX_ERR_ARGUMENT, "level = -1 Hz");
    }
    OK(net, ax_network_run(net, 1000.0));
    OK(net, ax_population_get_spike_count(net, p, &count));
    double t[] = {0.0};
    double a[] = {1.0};
    ax_input_spec step = {.kind = AX_INPUT_STEP, .times = t, .amplitudes = a, .n_times = 1};
    ax_input s;
    OK(net, ax_input_add(net, p, AX_ALL_NEURONS, &step, &s));
    FAILS(net, ax_input_set_level(net, s, 1.0), AX_ERR_ARGUMENT, "not a dc input or a Poisson drive");
    ax_network_free(net);
    return count;
}

Test(loop, set_level_of_a_poisson_drive)
{
    uint64_t set = drive_count(0.0, true), started = drive_count(100.0, false);
    cr_assert_eq(set, started, "%llu spikes with the rate set at 100 ms, %llu with the drive started there",
                 (unsigned long long)set, (unsigned long long)started);
    cr_assert_gt(set, 400, "10 cells driven at 50 Hz for 1 s fire (%llu spikes)", (unsigned long long)set);
}
