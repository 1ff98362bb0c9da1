/*
 * Recording the weights of plastic synapses (ax_recorder_add_weights): traces
 * equal ax_projection_get_synapses after runs that end at the sample times, for 1
 * and 2 threads, with samples inside min-delay windows and at their ends;
 * histograms equal those of ax_projection_get_synapses; the CSV and NPY writers; and
 * the errors of bad selections.
 */
#include <unistd.h>

#include "helpers.h"

#define N_PRE 20
#define N_POST 10
#define N_SYN (N_PRE * N_POST)

/* Poisson sources onto Poisson-driven LIF neurons through all-to-all STDP
 * synapses with delays of 0.5 to 1.5 ms (windows of 5 steps). */
static ax_network *stdp_net(int threads, ax_projection *proj)
{
    ax_network *net = new_net(0.1, 11, threads);
    ax_population pre, post;
    OK(net, ax_population_add(net, "pre", "SpikeSourcePoisson", N_PRE, &pre));
    OK(net, ax_population_set_param(net, pre, "rate", ax_value_constant(40.0)));
    OK(net, ax_population_add(net, "post", "IF_curr_exp", N_POST, &post));
    ax_input_spec drive = {.kind = AX_INPUT_POISSON, .sources = 200, .rate = 10.0, .weight = 0.15,
                           .receptor = "excitatory"};
    OK(net, ax_input_add(net, post, AX_ALL_NEURONS, &drive, NULL));
    ax_plasticity rule = ax_plasticity_defaults();
    rule.weight = AX_STDP_MULTIPLICATIVE;
    rule.A_plus = 0.05;
    rule.A_minus = 0.06;
    ax_connector c = ax_connector_all_to_all();
    OK(net, ax_projection_add_plastic(net, pre, post, &c, "excitatory", ax_value_uniform(0.2, 0.8), ax_value_uniform(0.5, 1.5), &rule,
                               proj));
    return net;
}

static void current_weights(ax_network *net, ax_projection proj, double *w)
{
    OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, w, NULL));
}

/* A sample every 0.3 ms (3 steps: inside windows of 5 and at their ends)
 * equals the weights after runs of 0.3 ms; the same with 2 threads, for
 * the recording and for the runs. */
Test(weights, traces_equal_get_synapses_after_segments)
{
    static double ref[101][N_SYN];
    for (int threads = 1; threads <= 2; threads++) {
        ax_projection proj;
        ax_network *seg = stdp_net(threads, &proj);
        OK(seg, ax_network_build(seg));
        current_weights(seg, proj, ref[0]);
        for (int s = 1; s <= 100; s++) {
            OK(seg, ax_network_run(seg, 0.3));
            current_weights(seg, proj, ref[s]);
        }
        ax_network_free(seg);

        ax_network *net = stdp_net(threads, &proj);
        ax_recorder all, some;
        ax_weight_spec spec = {.synapses = AX_ALL_SYNAPSES, .interval_ms = 0.3};
        OK(net, ax_recorder_add_weights(net, proj, &spec, &all));
        uint64_t pick[] = {17, 3, 199};
        spec.synapses = ax_synapses_list(pick, 3);
        OK(net, ax_recorder_add_weights(net, proj, &spec, &some));
        OK(net, ax_network_run(net, 12.0));    /* continued runs: samples go on */
        OK(net, ax_network_run(net, 18.0));
        size_t ns, nc;
        const double *t, *v;
        const uint64_t *ids;
        OK(net, ax_recorder_get_weights(net, all, &ns, &nc, &t, &v, &ids));
        cr_assert_eq(ns, 101);
        cr_assert_eq(nc, N_SYN);
        int changed = 0;
        for (size_t s = 0; s < ns; s++) {
            cr_assert_float_eq(t[s], 0.3 * (double)s, 1e-9);
            for (size_t c = 0; c < nc; c++) {
                cr_assert_eq(ids[c], c);
                cr_assert_eq(v[s * nc + c], ref[s][c], "threads %d, sample %zu (t = %g ms), synapse %zu: %.9g vs %.9g",
                             threads, s, t[s], c, v[s * nc + c], ref[s][c]);
                changed += v[s * nc + c] != ref[0][c];
            }
        }
        cr_assert_gt(changed, 1000, "the weights hardly changed (%d samples differ from the start)", changed);
        OK(net, ax_recorder_get_weights(net, some, &ns, &nc, &t, &v, &ids));
        cr_assert_eq(nc, 3);
        cr_assert(ids[0] == 3 && ids[1] == 17 && ids[2] == 199);
        for (size_t s = 0; s < ns; s++)
            for (size_t c = 0; c < nc; c++)
                cr_assert_eq(v[s * nc + c], ref[s][ids[c]]);
        ax_recorder_info info;
        OK(net, ax_recorder_get_info(net, some, &info));
        cr_assert_eq(info.kind, AX_RECORDER_WEIGHTS);
        cr_assert_str_eq(info.variable, "weights");
        cr_assert_eq(info.projection, proj);
        cr_assert_eq(info.n_neurons, 3);
        cr_assert_float_eq(info.interval_ms, 0.3, 1e-12);
        ax_network_free(net);
    }
}

/* The bin of w as the recorder counts it. */
static uint32_t bin_of(double w, double low, double high, uint32_t bins)
{
    double x = (w - low) * (bins / (high - low));
    return x <= 0 ? 0 : x >= bins ? bins - 1 : (uint32_t)x;
}

/* Snapshots and histograms at chosen times (a recorder added between
 * runs included) equal ax_projection_get_synapses there, and counts sum to the
 * number of synapses; 1 and 2 threads give the same. */
Test(weights, snapshots_and_histograms_at_chosen_times)
{
    const double at[] = {20.0, 0.0, 7.3, 20.0 - 0.1};
    uint64_t counts[2][4][25];
    double snaps[2][4][N_SYN];
    for (int threads = 1; threads <= 2; threads++) {
        ax_projection proj;
        ax_network *net = stdp_net(threads, &proj);
        ax_recorder hist, snap, later;
        ax_weight_spec spec = {.times_ms = at, .n_times = 4, .bins = 25};
        OK(net, ax_recorder_add_weights(net, proj, &spec, &hist));
        ax_weight_spec sspec = {.times_ms = at, .n_times = 4};
        OK(net, ax_recorder_add_weights(net, proj, &sspec, &snap));
        double w[N_SYN];
        const double stops[] = {0.0, 7.3, 19.9, 20.0};
        double now = 0.0;
        OK(net, ax_network_build(net));
        for (int s = 0; s < 4; s++) {
            if (stops[s] > now) {
                OK(net, ax_network_run(net, stops[s] - now));
                now = stops[s];
            }
            if (s == 2) {   /* added at 19.9 ms: takes 19.9 (the run's start) and 25 */
                const double at2[] = {19.9, 25.0};
                ax_weight_spec l = {.times_ms = at2, .n_times = 2, .bins = 4, .low = 0.0, .high = 0.5};
                OK(net, ax_recorder_add_weights(net, proj, &l, &later));
            }
            current_weights(net, proj, w);
            memcpy(snaps[threads - 1][s], w, sizeof w);
        }
        OK(net, ax_network_run(net, 5.0));
        size_t ns, bins;
        const double *t, *edges;
        const uint64_t *cnt;
        OK(net, ax_recorder_get_weight_histogram(net, hist, &ns, &bins, &t, &cnt, &edges));
        cr_assert_eq(ns, 4);
        cr_assert_eq(bins, 25);
        cr_assert_float_eq(edges[0], 0.0, 1e-12);   /* the rule's bounds */
        cr_assert_float_eq(edges[25], 1.0, 1e-12);
        size_t nv, nc;
        const double *tv, *v;
        OK(net, ax_recorder_get_weights(net, snap, &nv, &nc, &tv, &v, NULL));
        cr_assert_eq(nv, 4);
        for (int s = 0; s < 4; s++) {
            cr_assert_float_eq(t[s], stops[s], 1e-9);
            cr_assert_float_eq(tv[s], stops[s], 1e-9);
            uint64_t want[25] = {0}, sum = 0;
            for (int c = 0; c < N_SYN; c++) {
                want[bin_of(snaps[threads - 1][s][c], 0.0, 1.0, 25)]++;
                cr_assert_eq(v[s * nc + c], snaps[threads - 1][s][c]);
            }
            for (int b = 0; b < 25; b++) {
                cr_assert_eq(cnt[s * 25 + b], want[b], "t = %g ms, bin %d: %llu, expected %llu", t[s], b,
                             (unsigned long long)cnt[s * 25 + b], (unsigned long long)want[b]);
                sum += cnt[s * 25 + b];
                counts[threads - 1][s][b] = cnt[s * 25 + b];
            }
            cr_assert_eq(sum, N_SYN);
        }
        /* out-of-range weights go to the end bins: the counts still sum up */
        OK(net, ax_recorder_get_weight_histogram(net, later, &ns, &bins, &t, &cnt, &edges));
        cr_assert_eq(ns, 2);
        cr_assert_float_eq(t[0], 19.9, 1e-9);
        cr_assert_float_eq(t[1], 25.0, 1e-9);
        uint64_t want[4] = {0};
        for (int c = 0; c < N_SYN; c++)
            want[bin_of(snaps[threads - 1][2][c], 0.0, 0.5, 4)]++;
        uint64_t sum = 0;
        for (int b = 0; b < 4; b++) {
            cr_assert_eq(cnt[b], want[b]);
            sum += cnt[4 + b];
        }
        cr_assert_eq(sum, N_SYN);
        ax_network_free(net);
    }
    cr_assert(memcmp(counts[0], counts[1], sizeof counts[0]) == 0);
    cr_assert(memcmp(snaps[0], snaps[1], sizeof snaps[0]) == 0);
}

static char *tmpdir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/axon-test-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

/* A float64 NPY written by axon: the values after the header. */
static double *read_npy(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    unsigned char head[10];
    cr_assert_eq(fread(head, 1, 10, f), 10);
    cr_assert(memcmp(head, "\x93NUMPY\x01\x00", 8) == 0);
    size_t hlen = head[8] | (size_t)head[9] << 8;
    fseek(f, 0, SEEK_END);
    size_t bytes = (size_t)ftell(f) - 10 - hlen;
    fseek(f, (long)(10 + hlen), SEEK_SET);
    double *d = malloc(bytes + 8);
    cr_assert_eq(fread(d, 1, bytes, f), bytes);
    fclose(f);
    *count = bytes / 8;
    return d;
}

Test(weights, csv_and_npy_files_read_back)
{
    ax_projection proj;
    ax_network *net = stdp_net(2, &proj);
    uint64_t pick[] = {0, 42, 150};
    ax_weight_spec spec = {.synapses = ax_synapses_list(pick, 3), .interval_ms = 2.0};
    ax_recorder tr, hi;
    OK(net, ax_recorder_add_weights(net, proj, &spec, &tr));
    const double at[] = {0.0, 10.0};
    ax_weight_spec hs = {.times_ms = at, .n_times = 2, .bins = 5};
    OK(net, ax_recorder_add_weights(net, proj, &hs, &hi));
    OK(net, ax_network_run(net, 10.0));
    char *dir = tmpdir(), path[256], path2[256];
    size_t ns, nc;
    const double *t, *v;
    OK(net, ax_recorder_get_weights(net, tr, &ns, &nc, &t, &v, NULL));
    cr_assert_eq(ns, 6);

    snprintf(path, sizeof path, "%s/ff.weight_trace.csv", dir);
    OK(net, ax_recorder_write_csv(net, tr, path));
    csv_table c = read_csv(path);
    cr_assert_eq(c.rows, ns);
    cr_assert_eq(c.cols, 4);
    for (size_t s = 0; s < ns; s++) {
        cr_assert_float_eq(c.data[s * 4], t[s], 1e-12);
        for (size_t k = 0; k < 3; k++)
            cr_assert_eq((float)c.data[s * 4 + 1 + k], (float)v[s * 3 + k]);   /* 9 digits: the float exactly */
    }
    csv_free(&c);
    FILE *f = fopen(path, "r");
    char header[64];
    cr_assert(fgets(header, sizeof header, f) && strcmp(header, "time_ms,0,42,150\n") == 0, "header %s", header);
    fclose(f);

    snprintf(path, sizeof path, "%s/ff.weight_trace.npy", dir);
    snprintf(path2, sizeof path2, "%s/ff.weight_trace.times.npy", dir);
    OK(net, ax_recorder_write_npy(net, tr, path, path2));
    size_t n;
    double *d = read_npy(path, &n);
    cr_assert_eq(n, ns * 3);
    cr_assert(memcmp(d, v, n * sizeof *d) == 0);
    free(d);
    d = read_npy(path2, &n);
    cr_assert_eq(n, ns);
    cr_assert(memcmp(d, t, n * sizeof *d) == 0);
    free(d);

    snprintf(path, sizeof path, "%s/ff.weight_hist.csv", dir);
    OK(net, ax_recorder_write_csv(net, hi, path));
    c = read_csv(path);
    cr_assert_eq(c.rows, 10);
    cr_assert_eq(c.cols, 4);
    const uint64_t *cnt;
    const double *edges, *th;
    size_t bins;
    OK(net, ax_recorder_get_weight_histogram(net, hi, &ns, &bins, &th, &cnt, &edges));
    for (size_t r = 0; r < 10; r++) {
        cr_assert_float_eq(c.data[r * 4], th[r / 5], 1e-12);
        cr_assert_float_eq(c.data[r * 4 + 1], edges[r % 5], 1e-12);
        cr_assert_float_eq(c.data[r * 4 + 2], edges[r % 5 + 1], 1e-12);
        cr_assert_eq(c.data[r * 4 + 3], (double)cnt[r]);
    }
    csv_free(&c);

    snprintf(path, sizeof path, "%s/ff.weights.csv", dir);
    OK(net, ax_projection_write_csv(net, proj, path));
    c = read_csv(path);
    uint32_t src[N_SYN], tgt[N_SYN];
    double w[N_SYN], dl[N_SYN];
    OK(net, ax_projection_get_synapses(net, proj, src, tgt, w, dl));
    cr_assert_eq(c.rows, N_SYN);
    cr_assert_eq(c.cols, 4);
    for (size_t r = 0; r < N_SYN; r++) {
        cr_assert_eq(c.data[r * 4], src[r]);
        cr_assert_eq(c.data[r * 4 + 1], tgt[r]);
        cr_assert_eq((float)c.data[r * 4 + 2], (float)w[r]);
        cr_assert_float_eq(c.data[r * 4 + 3], dl[r], 1e-9);
    }
    csv_free(&c);
    f = fopen(path, "r");
    cr_assert(fgets(header, sizeof header, f) && strcmp(header, "source,target,weight,delay\n") == 0);
    fclose(f);
    FAILS(net, ax_recorder_write_npy(net, hi, path, path2), AX_ERR_ARGUMENT, "a weight histogram, which is written as CSV only");
    FAILS(net, ax_recorder_write_npy(net, 77, path, path2), AX_ERR_NOT_FOUND, "recorder handle 77 does not exist");
    ax_network_free(net);
}

Test(weights, bad_selections_get_clear_errors)
{
    ax_projection proj, fixed;
    ax_network *net = stdp_net(1, &proj);
    ax_population pre, post;
    OK(net, ax_population_find(net, "pre", &pre));
    OK(net, ax_population_find(net, "post", &post));
    ax_connector c = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, pre, post, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &fixed));
    ax_weight_spec spec = {.synapses = AX_ALL_SYNAPSES, .interval_ms = 1.0};
    FAILS(net, ax_recorder_add_weights(net, fixed, &spec, NULL), AX_ERR_ARGUMENT, "projection pre -> post: it is not plastic");
    FAILS(net, ax_recorder_add_weights(net, 9, &spec, NULL), AX_ERR_NOT_FOUND, "projection handle 9 does not exist");
    spec.interval_ms = 0.25;
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT,
          "interval 0.25 ms is not allowed: must be a multiple of dt = 0.1 ms");
    const double at[] = {1.0, 2.05};
    spec.times_ms = at;
    spec.n_times = 2;
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT, "either an interval or a list of times");
    spec.interval_ms = 0;
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT, "time 2.05 ms is not allowed");
    spec.n_times = 1;
    spec.bins = 10;
    spec.low = 1.0;
    spec.high = 0.5;
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT, "histogram range [1, 0.5]");
    spec.bins = 0;
    uint64_t twice[] = {4, 1, 4};
    spec.synapses = ax_synapses_list(twice, 3);
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT, "synapse index 4 is listed twice");
    /* declared before the build: the range is checked when the run starts */
    uint64_t far[] = {3, 200};
    spec.synapses = ax_synapses_list(far, 2);
    OK(net, ax_recorder_add_weights(net, proj, &spec, NULL));
    FAILS(net, ax_network_run(net, 1.0), AX_ERR_ARGUMENT,
          "projection pre -> post: synapse index 200 is out of range: it has 200 synapses (0 .. 199)");
    ax_network_free(net);

    net = stdp_net(1, &proj);
    OK(net, ax_network_run(net, 1.0));
    spec.synapses = ax_synapses_first(201);
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT, "the first 201 synapses asked for, but it has 200");
    spec.synapses = ax_synapses_first(5);
    const double past[] = {1.0, 0.5};
    spec.times_ms = past;
    spec.n_times = 2;
    FAILS(net, ax_recorder_add_weights(net, proj, &spec, NULL), AX_ERR_ARGUMENT,
          "time 0.5 ms is not allowed: must be on the dt grid (dt = 0.1 ms) and not before the current time, 1 ms");
    spec.n_times = 1;   /* now itself is allowed */
    ax_recorder now;
    OK(net, ax_recorder_add_weights(net, proj, &spec, &now));
    OK(net, ax_network_run(net, 1.0));
    size_t ns, nc;
    const double *t, *v;
    double w[N_SYN];
    OK(net, ax_recorder_get_weights(net, now, &ns, &nc, &t, &v, NULL));
    cr_assert_eq(ns, 1);
    cr_assert_eq(nc, 5);
    cr_assert_float_eq(t[0], 1.0, 1e-12);
    ax_network *again = stdp_net(1, &proj);
    OK(again, ax_network_run(again, 1.0));
    current_weights(again, proj, w);
    for (int k = 0; k < 5; k++)
        cr_assert_eq(v[k], w[k]);
    ax_network_free(again);
    ax_network_free(net);
}
