/*
 * test_stream.c - recorders streamed to their files during runs, runs
 * stopped by ax_network_interrupt, and what a failed run tells
 * (ax_network_get_failure).
 *
 * The reference for a streamed file is the same recorder written whole
 * after the run (ax_recorder_write_csv / _npy) in an identical network:
 * the bytes must be equal, however many chunks the run was cut into.
 */
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static char *tmpdir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/axon_stream_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

/* The whole file, NUL-terminated; *len its size. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static void same_file(const char *a, const char *b)
{
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    cr_assert_eq(na, nb, "%s has %zu bytes, %s %zu", a, na, b, nb);
    cr_assert(memcmp(x, y, na) == 0, "%s and %s differ", a, b);
    free(x);
    free(y);
}

/* A recurrent network driven by Poisson sources, with a plastic
 * projection; recorders of every kind: E's spikes, E's v (every step)
 * and I's v (every 0.5 ms), the weights and their histogram. */
typedef struct net_rec {
    ax_network *net;
    ax_population E;
    ax_recorder spikes, v, vi, w, hist;
} net_rec;

static net_rec make_net(int threads)
{
    net_rec n;
    ax_network *net = n.net = new_net(0.1, 11, threads);
    ax_population I, P;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 200, &n.E));
    OK(net, ax_population_add(net, "I", "IF_cond_exp", 50, &I));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 100, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(40)));
    ax_connector c = ax_connector_fixed_indegree(20);
    OK(net, ax_projection_add(net, P, n.E, &c, "excitatory", ax_value_uniform(0.5, 1.5), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, P, I, &c, "excitatory", ax_value_constant(0.01), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, I, n.E, &c, "inhibitory", ax_value_constant(-0.3), ax_value_constant(0.5), NULL));
    ax_plasticity rule = ax_plasticity_defaults();
    ax_projection pl;
    OK(net, ax_projection_add_plastic(net, n.E, n.E, &c, "excitatory", ax_value_uniform(0.0, 0.2),
                                      ax_value_constant(1.5), &rule, &pl));
    OK(net, ax_recorder_add_spikes(net, n.E, AX_ALL_NEURONS, &n.spikes));
    OK(net, ax_recorder_add_state(net, n.E, "v", ax_neurons_first(7), 0, &n.v));
    OK(net, ax_recorder_add_state(net, I, "v", AX_ALL_NEURONS, 0.5, &n.vi));
    ax_weight_spec ws = {.synapses = ax_synapses_first(30), .interval_ms = 2.0};
    OK(net, ax_recorder_add_weights(net, pl, &ws, &n.w));
    ax_weight_spec hs = {.interval_ms = 5.0, .bins = 8};
    OK(net, ax_recorder_add_weights(net, pl, &hs, &n.hist));
    return n;
}

/* The six files of a net_rec under dir, with a prefix. */
static void paths(char p[6][300], const char *dir, const char *pre)
{
    const char *names[6] = {"spikes.csv", "v.csv", "vi.npy", "vi.times.npy", "w.csv", "hist.csv"};
    for (int k = 0; k < 6; k++)
        snprintf(p[k], 300, "%s/%s%s", dir, pre, names[k]);
}

static void stream_all(net_rec *n, char p[6][300])
{
    OK(n->net, ax_recorder_stream_csv(n->net, n->spikes, p[0]));
    OK(n->net, ax_recorder_stream_csv(n->net, n->v, p[1]));
    OK(n->net, ax_recorder_stream_npy(n->net, n->vi, p[2], p[3]));
    OK(n->net, ax_recorder_stream_csv(n->net, n->w, p[4]));
    OK(n->net, ax_recorder_stream_csv(n->net, n->hist, p[5]));
}

static void write_all(net_rec *n, char p[6][300])
{
    OK(n->net, ax_recorder_write_csv(n->net, n->spikes, p[0]));
    OK(n->net, ax_recorder_write_csv(n->net, n->v, p[1]));
    OK(n->net, ax_recorder_write_npy(n->net, n->vi, p[2], p[3]));
    OK(n->net, ax_recorder_write_csv(n->net, n->w, p[4]));
    OK(n->net, ax_recorder_write_csv(n->net, n->hist, p[5]));
}

/* Counts the chunk boundaries a run passed (the recorded time moved). */
typedef struct chunk_watch {
    ax_network *net;
    double last;
    int chunks;
    char (*p)[300];
} chunk_watch;

/* Between chunks the files are complete: every CSV ends with a whole
 * line, and the NPY headers count exactly the rows in the files. */
static void check_files_complete(char p[6][300], double recorded_ms)
{
    for (int k = 0; k < 6; k++) {
        if (k == 2 || k == 3) {
            size_t n;
            char *b = slurp(p[k], &n);
            cr_assert_geq(n, 128u, "%s has no header", p[k]);
            cr_assert(memcmp(b, "\x93NUMPY\x01\x00", 8) == 0, "%s", p[k]);
            unsigned long rows = 0, cols = 1;
            const char *shape = strstr(b + 10, "'shape': (");
            cr_assert_not_null(shape);
            if (k == 2)
                cr_assert_eq(sscanf(shape, "'shape': (%lu, %lu)", &rows, &cols), 2);
            else
                cr_assert_eq(sscanf(shape, "'shape': (%lu,)", &rows), 1);
            cr_assert_eq(n, 128 + 8 * rows * cols, "%s: %zu bytes for %lu x %lu", p[k], n, rows, cols);
            if (k == 3 && rows) {   /* the last time written is the last sample before the recorded time */
                double last;
                memcpy(&last, b + n - 8, 8);
                cr_assert(last <= recorded_ms + 1e-9 && last > recorded_ms - 0.5 - 1e-9, "last %g, recorded %g", last,
                          recorded_ms);
            }
            free(b);
            continue;
        }
        size_t n;
        char *b = slurp(p[k], &n);
        cr_assert(n > 0 && b[n - 1] == '\n', "%s does not end with a whole line", p[k]);
        free(b);
    }
}

static int watch_chunks(double t, double t_end, void *user)
{
    (void)t;
    (void)t_end;
    chunk_watch *w = user;
    ax_stats st;
    ax_network_get_stats(w->net, &st);
    if (st.recorded_ms != w->last) {
        w->last = st.recorded_ms;
        w->chunks++;
        check_files_complete(w->p, st.recorded_ms);
    }
    return 0;
}

Test(stream, files_equal_whole_writes_and_are_complete_at_every_chunk, .timeout = 120)
{
    char *dir = tmpdir(), s[6][300], w[6][300];
    paths(s, dir, "stream_");
    paths(w, dir, "whole_");
    net_rec a = make_net(2), b = make_net(1);
    stream_all(&a, s);
    /* a small buffer: the run is cut into many chunks */
    OK(a.net, ax_network_set_record_buffer(a.net, 4096));
    chunk_watch cw = {a.net, 0, 0, s};
    ax_network_set_progress(a.net, watch_chunks, &cw, 0);
    OK(a.net, ax_network_run(a.net, 150.0));
    OK(a.net, ax_network_run(a.net, 50.3));   /* a second run appends */
    OK(b.net, ax_network_run(b.net, 200.3));
    write_all(&b, w);
    cr_assert_gt(cw.chunks, 20, "only %d chunks", cw.chunks);
    ax_stats st;
    OK(a.net, ax_network_get_stats(a.net, &st));
    cr_assert_float_eq(st.recorded_ms, 200.3, 1e-9);
    /* streamed recorders hold nothing after a run; writing them whole is refused */
    size_t n;
    OK(a.net, ax_recorder_get_spikes(a.net, a.spikes, &n, NULL, NULL));
    cr_assert_eq(n, 0u);
    FAILS(a.net, ax_recorder_write_csv(a.net, a.spikes, w[0]), AX_ERR_STATE, "streams to");
    ax_network_free(a.net);   /* closes the files */
    for (int k = 0; k < 6; k++)
        same_file(s[k], w[k]);
    ax_network_free(b.net);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(stream, reset_and_restore_start_the_files_again, .timeout = 60)
{
    char *dir = tmpdir(), s[6][300], w[6][300], state[300];
    paths(s, dir, "stream_");
    paths(w, dir, "whole_");
    snprintf(state, sizeof state, "%s/state.bin", dir);
    net_rec a = make_net(2), b = make_net(2);
    stream_all(&a, s);
    OK(a.net, ax_network_run(a.net, 30.0));
    OK(a.net, ax_network_reset(a.net));
    size_t n;
    char *csv = slurp(s[0], &n);
    cr_assert_eq(n, 0u, "a reset empties the file until the next run writes its header");
    free(csv);
    OK(a.net, ax_network_run(a.net, 40.0));
    OK(b.net, ax_network_run(b.net, 40.0));
    write_all(&b, w);
    for (int k = 0; k < 6; k++)
        same_file(s[k], w[k]);
    /* a restored checkpoint: the files hold what the runs after it record */
    OK(b.net, ax_network_save_state(b.net, state));
    OK(b.net, ax_network_run(b.net, 20.0));
    ax_network_free(b.net);
    b = make_net(1);
    OK(b.net, ax_network_build(b.net));
    OK(b.net, ax_network_restore_state(b.net, state));
    OK(b.net, ax_network_run(b.net, 20.0));
    write_all(&b, w);
    OK(a.net, ax_network_restore_state(a.net, state));
    OK(a.net, ax_network_run(a.net, 20.0));
    ax_network_free(a.net);
    ax_network_free(b.net);
    for (int k = 0; k < 6; k++)
        same_file(s[k], w[k]);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Peak resident memory of this process (Criterion runs each test in its
 * own), MB. */
static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* 2000 neurons firing at about 200 Hz: 400 000 spikes a simulated
 * second, 10 MB a second held in memory when not streamed. */
static ax_network *busy_net(ax_recorder *rec)
{
    ax_network *net = new_net(1.0, 3, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "SpikeSourcePoisson", 2000, &E));
    OK(net, ax_population_set_param(net, E, "rate", ax_value_constant(200)));
    OK(net, ax_recorder_add_spikes(net, E, AX_ALL_NEURONS, rec));
    return net;
}

Test(stream, memory_stays_bounded_in_a_long_run, .timeout = 120)
{
    char *dir = tmpdir(), path[300];
    snprintf(path, sizeof path, "%s/spikes.csv", dir);
    ax_recorder rec;
    ax_network *net = busy_net(&rec);
    OK(net, ax_recorder_stream_csv(net, rec, path));
    OK(net, ax_network_set_record_buffer(net, 1 << 20));
    OK(net, ax_network_run(net, 1000.0));
    double before = peak_mb();
    OK(net, ax_network_run(net, 10000.0));
    double streamed = peak_mb() - before;
    ax_stats st;
    OK(net, ax_network_get_stats(net, &st));
    cr_assert_gt(st.spikes, 4000000u, "%llu spikes", (unsigned long long)st.spikes);
    ax_network_free(net);
    /* the same run held in memory grows by its spikes: the measure can see it */
    net = busy_net(&rec);
    OK(net, ax_network_run(net, 1000.0));
    before = peak_mb();
    OK(net, ax_network_run(net, 10000.0));
    double held = peak_mb() - before;
    ax_network_free(net);
    cr_assert_lt(streamed, 8.0, "streaming 4 million spikes grew the memory by %.1f MB", streamed);
    cr_assert_gt(held, 40.0, "holding 4 million spikes grew the memory by only %.1f MB", held);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(stream, bad_uses_are_refused)
{
    char *dir = tmpdir(), a[300], b[300];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    net_rec n = make_net(1);
    OK(n.net, ax_recorder_stream_csv(n.net, n.spikes, a));
    FAILS(n.net, ax_recorder_stream_csv(n.net, n.spikes, b), AX_ERR_STATE, "already streams to");
    FAILS(n.net, ax_recorder_stream_npy(n.net, n.hist, a, b), AX_ERR_ARGUMENT, "written as CSV only");
    ax_network_free(n.net);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* ---- interrupting ---- */

typedef struct interrupter {
    ax_network *net;
    double at;
} interrupter;

static int interrupt_at(double t, double t_end, void *user)
{
    (void)t_end;
    interrupter *it = user;
    if (t >= it->at)
        ax_network_interrupt(it->net);
    return 0;
}

Test(stream, interrupt_stops_at_the_window_and_the_run_continues_exactly)
{
    net_rec a = make_net(2), b = make_net(2);
    interrupter it = {a.net, 30.0};
    ax_network_set_progress(a.net, interrupt_at, &it, 0);
    FAILS(a.net, ax_network_run(a.net, 100.0), AX_ERR_INTERRUPTED, "on request (ax_network_interrupt)");
    double t = ax_network_get_time(a.net);
    cr_assert(t >= 30.0 && t <= 31.0 + 1e-9, "stopped at %g ms", t);
    ax_run_failure f;
    OK(a.net, ax_network_get_failure(a.net, &f));
    cr_assert_eq(f.status, AX_ERR_INTERRUPTED);
    cr_assert_float_eq(f.time_ms, t, 1e-9);
    ax_network_set_progress(a.net, NULL, NULL, 0);
    OK(a.net, ax_network_run(a.net, 100.0 - t));   /* the request was answered: this one runs */
    OK(a.net, ax_network_get_failure(a.net, &f));
    cr_assert_eq(f.status, AX_OK);
    OK(b.net, ax_network_run(b.net, 100.0));
    size_t na, nb;
    const double *ta, *tb;
    const uint32_t *ia, *ib;
    OK(a.net, ax_recorder_get_spikes(a.net, a.spikes, &na, &ta, &ia));
    OK(b.net, ax_recorder_get_spikes(b.net, b.spikes, &nb, &tb, &ib));
    cr_assert_eq(na, nb);
    cr_assert(na > 100 && memcmp(ta, tb, na * sizeof *ta) == 0 && memcmp(ia, ib, na * sizeof *ia) == 0);
    ax_network_free(a.net);
    ax_network_free(b.net);
}

static void *interrupt_later(void *arg)
{
    usleep(100000);
    ax_network_interrupt(arg);
    return NULL;
}

Test(stream, interrupt_from_another_thread_stops_a_long_run, .timeout = 60)
{
    ax_recorder rec;
    ax_network *net = busy_net(&rec);
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, interrupt_later, net), 0);
    /* a simulated hour would take minutes */
    ax_status st = ax_network_run(net, 3600e3);
    pthread_join(th, NULL);
    cr_assert_eq(st, AX_ERR_INTERRUPTED, "%s", ax_network_get_error(net));
    cr_assert_lt(ax_network_get_time(net), 3600e3);
    size_t n;
    OK(net, ax_recorder_get_spikes(net, rec, &n, NULL, NULL));
    cr_assert_gt(n, 0u, "what was recorded up to the stop is kept");
    ax_network_free(net);
}

/* ---- a numerical failure ---- */

Test(stream, numerical_failure_names_the_neuron_its_state_and_a_cause)
{
    char *dir = tmpdir(), path[300];
    snprintf(path, sizeof path, "%s/v.csv", dir);
    ax_network *net = new_net(0.1, 1, 2);
    ax_population ok, bad;
    OK(net, ax_population_add(net, "calm", "IF_curr_exp", 10, &ok));
    OK(net, ax_population_add(net, "X", "Izhikevich", 6, &bad));
    ax_input dc;
    ax_input_spec spec = {.kind = AX_INPUT_DC, .amplitude = 1e200};
    OK(net, ax_input_add(net, bad, ax_neurons_list((uint32_t[]){4, 5}, 2), &spec, &dc));
    ax_recorder v;
    OK(net, ax_recorder_add_state(net, bad, "v", AX_ALL_NEURONS, 0, &v));
    OK(net, ax_recorder_stream_csv(net, v, path));
    ax_status st = ax_network_run(net, 50.0);
    cr_assert_eq(st, AX_ERR_NUMERIC, "%s", ax_network_get_error(net));
    const char *msg = ax_network_get_error(net);
    cr_assert(strstr(msg, "population 'X' (Izhikevich) neuron 4") && strstr(msg, "likely cause: too strong an input") &&
                  strstr(msg, "input 0 (an injected current of up to 1e+200 nA)"),
              "%s", msg);
    ax_run_failure f;
    OK(net, ax_network_get_failure(net, &f));
    cr_assert_eq(f.status, AX_ERR_NUMERIC);
    cr_assert_eq(f.pop, bad);
    cr_assert_eq(f.neuron, 4u);
    const ax_model *adex = ax_model_find(net, "Izhikevich");
    cr_assert_eq(f.n_vars, adex->n_vars);
    cr_assert_str_eq(f.variable, adex->vars[0].name);
    cr_assert(!isfinite(f.state[0]), "v is %g", f.state[0]);
    cr_assert(f.to_ms > f.from_ms && f.to_ms - f.from_ms <= 1.0 + 1e-9);
    cr_assert_float_eq(f.time_ms, ax_network_get_time(net), 1e-9);
    /* the trace up to the failure is in the file */
    size_t n;
    char *csv = slurp(path, &n);
    cr_assert(n > 0 && csv[n - 1] == '\n');
    size_t rows = 0;
    for (size_t k = 0; k < n; k++)
        rows += csv[k] == '\n';
    cr_assert_eq(rows, 1 + (size_t)llround(f.time_ms / 0.1), "%zu rows to t = %g ms", rows, f.time_ms);
    free(csv);
    ax_network_free(net);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* A leaky unit integrated by explicit Euler: unstable when dt > 2 tau. */
static const ax_param_info leak_params[] = {{"tau", "ms", 10, 0, INFINITY, AX_PARAM_GT_MIN, "time constant"}};
static const ax_var_info leak_vars[] = {{"v", "mV", 1, "deviation from rest"}};

static void leak_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    for (uint32_t i = begin; i < end; i++)
        p->state[0][i] -= p->dt * p->state[0][i] / AX_PARAM(p, 0, i);
}

static const ax_model euler_leak = {
    .name = "EulerLeak", .doc = "dv/dt = -v / tau, explicit Euler", .params = leak_params, .n_params = 1,
    .vars = leak_vars, .n_vars = 1, .update = leak_update,
};

Test(stream, failure_cause_names_a_time_step_too_long_for_the_model)
{
    ax_network *net = new_net(1.0, 1, 1);
    OK(net, ax_model_register(net, &euler_leak));
    ax_population p;
    OK(net, ax_population_add(net, "L", "EulerLeak", 3, &p));
    OK(net, ax_network_run(net, 100.0));   /* tau = 10 ms: stable */
    OK(net, ax_population_set_param(net, p, "tau", ax_value_constant(0.1)));
    ax_status st = ax_network_run(net, 1000.0);   /* |1 - dt / tau| = 9: v overflows in ~330 steps */
    cr_assert_eq(st, AX_ERR_NUMERIC, "%s", ax_network_get_error(net));
    cr_assert(strstr(ax_network_get_error(net), "population 'L' (EulerLeak) neuron 0") &&
                  strstr(ax_network_get_error(net), "likely cause: the time step: dt = 1 ms is not small against "
                                                    "tau = 0.1 ms; take dt <= 0.01 ms"),
              "%s", ax_network_get_error(net));
    ax_run_failure f;
    OK(net, ax_network_get_failure(net, &f));
    cr_assert(f.time_ms > 100 && f.time_ms < 600, "stopped at %g ms", f.time_ms);
    FAILS(net, ax_network_run(net, 1.0), AX_ERR_STATE, "an earlier run of this network failed");
    ax_network_free(net);
}

/* A disk that is full: the run stops with the file named, the network's
 * state still good (it can go on once the recorder writes elsewhere - here
 * it cannot, so it keeps saying so). */
Test(stream, a_write_that_fails_stops_the_run_and_names_the_file)
{
    ax_recorder rec;
    ax_network *net = busy_net(&rec);
    OK(net, ax_recorder_stream_csv(net, rec, "/dev/full"));
    FAILS(net, ax_network_run(net, 100.0), AX_ERR_IO, "could not write the recording /dev/full: No space left on device");
    ax_run_failure f;
    OK(net, ax_network_get_failure(net, &f));
    cr_assert_eq(f.status, AX_ERR_IO);
    cr_assert(strstr(f.cause, "/dev/full"), "%s", f.cause);
    cr_assert_lt(f.time_ms, 100.0);
    FAILS(net, ax_network_run(net, 100.0), AX_ERR_IO, "could not be written earlier; it is incomplete");
    ax_network_free(net);
}
