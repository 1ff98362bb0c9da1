/*
 * Recording and reading back: neuron selections, sampling intervals,
 * recorders added between runs, the CSV and NPY writers, and the progress
 * callback that can stop a run at a clean point.
 */
#include <unistd.h>

#include "helpers.h"

/* Neurons that fire at step (index + 1) * 10 ... every 10 ms. */
static ax_network *clockwork(int threads, ax_population *pop)
{
    ax_network *net = new_net(0.1, 1, threads);
    OK(net, ax_population_add(net, "a", "SpikeSourceArray", 20, pop));
    for (uint32_t i = 0; i < 20; i++) {
        double t[5];
        for (int k = 0; k < 5; k++)
            t[k] = 1.0 + i * 0.1 + 10.0 * k;
        OK(net, ax_population_set_spike_times(net, *pop, i, t, 5));
    }
    return net;
}

Test(record, spike_selections)
{
    ax_population pop;
    ax_network *net = clockwork(2, &pop);
    uint32_t list[4] = {17, 3, 3, 9};   /* unsorted, with a repeat */
    ax_recorder all, first, some;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &all));
    OK(net, ax_recorder_add_spikes(net, pop, ax_neurons_first(5), &first));
    OK(net, ax_recorder_add_spikes(net, pop, ax_neurons_list(list, 4), &some));
    OK(net, ax_network_run(net, 60));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, all, &n, &t, &ids));
    cr_assert_eq(n, 100);
    OK(net, ax_recorder_get_spikes(net, first, &n, &t, &ids));
    cr_assert_eq(n, 25);
    for (size_t k = 0; k < n; k++)
        cr_assert(ids[k] < 5);
    OK(net, ax_recorder_get_spikes(net, some, &n, &t, &ids));
    cr_assert_eq(n, 15);
    for (size_t k = 0; k < n; k++) {
        cr_assert(ids[k] == 3 || ids[k] == 9 || ids[k] == 17);
        cr_assert_float_eq(t[k], 1.0 + ids[k] * 0.1 + 10.0 * (k / 3), 1e-9);
    }
    ax_recorder_info info;
    OK(net, ax_recorder_get_info(net, some, &info));
    cr_assert_eq(info.n_neurons, 3);
    cr_assert_str_eq(info.variable, "spikes");
    cr_assert_eq(ax_recorder_count(net), 3);
    ax_network_free(net);
}

Test(record, state_intervals_and_recorders_added_between_runs)
{
    ax_network *net = new_net(0.1, 1, 2);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "IF_curr_exp", 10, &pop));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.2};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    uint32_t cols[3] = {8, 1, 5};
    ax_recorder every, coarse;
    OK(net, ax_recorder_add_state(net, pop, "v", ax_neurons_list(cols, 3), 0, &every));
    OK(net, ax_network_run(net, 10.3));
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 2.5, &coarse));
    OK(net, ax_network_run(net, 9.7));
    size_t n, c;
    const double *t, *v, *t2, *v2;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, every, &n, &c, &t, &v, &ids));
    cr_assert_eq(n, 200);
    cr_assert_eq(c, 3);
    cr_assert(ids[0] == 1 && ids[1] == 5 && ids[2] == 8, "columns in increasing neuron order");
    for (size_t s = 0; s < n; s++)
        cr_assert_float_eq(t[s], 0.1 * (s + 1), 1e-9);
    OK(net, ax_recorder_get_trace(net, coarse, &n, &c, &t2, &v2, &ids));
    /* samples at multiples of 2.5 ms after it was added at 10.3 ms */
    double want[4] = {12.5, 15.0, 17.5, 20.0};
    cr_assert_eq(n, 4);
    cr_assert_eq(c, 10);
    for (size_t s = 0; s < n; s++) {
        cr_assert_float_eq(t2[s], want[s], 1e-9);
        size_t row = (size_t)llround(want[s] / 0.1) - 1;
        cr_assert(v2[s * c + 5] == v[row * 3 + 1], "the same value through both recorders");
    }
    ax_network_free(net);
}

static char *tmpdir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/axon-test-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

Test(record, csv_and_npy_writers_read_back)
{
    ax_population pop;
    ax_network *net = clockwork(1, &pop);
    ax_population lif;
    OK(net, ax_population_add(net, "n", "IF_curr_exp", 3, &lif));
    ax_connector c = ax_connector_fixed_indegree(2);
    OK(net, ax_projection_add(net, pop, lif, &c, "excitatory", ax_value_constant(0.5), ax_value_constant(1.0), NULL));
    ax_recorder sp, tr;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &sp));
    OK(net, ax_recorder_add_state(net, lif, "v", AX_ALL_NEURONS, 0.5, &tr));
    OK(net, ax_network_run(net, 20));
    char *dir = tmpdir(), path[256], path2[256];

    snprintf(path, sizeof path, "%s/a.spikes.csv", dir);
    OK(net, ax_recorder_write_csv(net, sp, path));
    csv_table s = read_csv(path);
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, sp, &n, &t, &ids));
    cr_assert_eq(s.rows, n);
    cr_assert_eq(s.cols, 2);
    for (size_t k = 0; k < n; k++) {
        cr_assert_float_eq(s.data[2 * k], t[k], 1e-12);
        cr_assert_float_eq(s.data[2 * k + 1], ids[k], 0);
    }
    csv_free(&s);
    FILE *f = fopen(path, "r");
    char header[64];
    cr_assert(fgets(header, sizeof header, f) && strcmp(header, "time_ms,neuron\n") == 0, "header %s", header);
    fclose(f);

    snprintf(path, sizeof path, "%s/n.v.csv", dir);
    OK(net, ax_recorder_write_csv(net, tr, path));
    csv_table v = read_csv(path);
    size_t ns, nc;
    const double *tt, *vv;
    OK(net, ax_recorder_get_trace(net, tr, &ns, &nc, &tt, &vv, NULL));
    cr_assert_eq(v.rows, ns);
    cr_assert_eq(v.cols, nc + 1);
    for (size_t r = 0; r < ns; r++) {
        cr_assert_float_eq(v.data[r * v.cols], tt[r], 1e-12);
        for (size_t col = 0; col < nc; col++)
            cr_assert(fabs(v.data[r * v.cols + 1 + col] - vv[r * nc + col]) <= 1e-9 * fabs(vv[r * nc + col]));
    }
    csv_free(&v);
    f = fopen(path, "r");
    cr_assert(fgets(header, sizeof header, f) && strcmp(header, "time_ms,0,1,2\n") == 0, "header %s", header);
    fclose(f);

    /* NPY: a 128-byte header for these shapes, then raw little-endian doubles */
    snprintf(path, sizeof path, "%s/n.v.npy", dir);
    snprintf(path2, sizeof path2, "%s/n.v.times.npy", dir);
    OK(net, ax_recorder_write_npy(net, tr, path, path2));
    f = fopen(path, "rb");
    unsigned char head[10];
    cr_assert_eq(fread(head, 1, 10, f), 10);
    cr_assert(memcmp(head, "\x93NUMPY\x01\x00", 8) == 0);
    size_t hlen = head[8] | (size_t)head[9] << 8;
    cr_assert_eq((10 + hlen) % 64, 0, "header padded to 64 bytes");
    char *dict = calloc(1, hlen + 1);
    cr_assert_eq(fread(dict, 1, hlen, f), hlen);
    char shape[64];
    snprintf(shape, sizeof shape, "'shape': (%zu, %zu)", ns, nc);
    cr_assert(strstr(dict, "'descr': '<f8'") && strstr(dict, "'fortran_order': False") && strstr(dict, shape), "%s",
              dict);
    free(dict);
    double *data = malloc(ns * nc * sizeof *data);
    cr_assert_eq(fread(data, sizeof *data, ns * nc, f), ns * nc);
    cr_assert(memcmp(data, vv, ns * nc * sizeof *data) == 0, "values bit for bit");
    cr_assert_eq(fgetc(f), EOF);
    fclose(f);
    free(data);

    /* no temporary files are left behind */
    snprintf(path, sizeof path, "%s/n.v.npy.partial", dir);
    cr_assert_neq(access(path, F_OK), 0);
    FAILS(net, ax_recorder_write_csv(net, sp, "/nonexistent-dir/x.csv"), AX_ERR_IO, "cannot create");
    FAILS(net, ax_recorder_write_npy(net, sp, path, path), AX_ERR_ARGUMENT, "written as CSV only");
    FAILS(net, ax_recorder_write_csv(net, 99, path), AX_ERR_NOT_FOUND, "recorder handle 99 does not exist");
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    ax_network_free(net);
}

typedef struct progress {
    int calls;
    double last, stop_at;
} progress;

static int on_progress(double t, double t_end, void *user)
{
    progress *p = user;
    cr_assert(t > p->last && t <= t_end + 1e-9, "progress moves forward: %g after %g", t, p->last);
    p->calls++;
    p->last = t;
    return t >= p->stop_at;
}

/* Stopping from the callback leaves a state from which the run continues
 * exactly as if it had not been stopped. */
Test(record, progress_callback_stops_and_run_continues)
{
    ax_network *nets[2];
    ax_recorder rec[2];
    for (int k = 0; k < 2; k++) {
        nets[k] = new_net(0.1, 5, 2);
        ax_population p, drive;
        OK(nets[k], ax_population_add(nets[k], "p", "IF_curr_exp", 200, &p));
        OK(nets[k], ax_population_add(nets[k], "d", "SpikeSourcePoisson", 100, &drive));
        OK(nets[k], ax_population_set_param(nets[k], drive, "rate", ax_value_constant(200)));
        ax_connector c = ax_connector_fixed_indegree(20);
        OK(nets[k], ax_projection_add(nets[k], drive, p, &c, "excitatory", ax_value_constant(1.5), ax_value_constant(0.5), NULL));
        OK(nets[k], ax_projection_add(nets[k], p, p, &c, "inhibitory", ax_value_constant(-0.2), ax_value_constant(0.5), NULL));
        OK(nets[k], ax_recorder_add_spikes(nets[k], p, AX_ALL_NEURONS, &rec[k]));
    }
    progress pr = {0, -1, 40.0};
    ax_network_set_progress(nets[0], on_progress, &pr, 10.0);
    cr_assert_eq(ax_network_run(nets[0], 100.0), AX_ERR_INTERRUPTED, "%s", ax_network_get_error(nets[0]));
    cr_assert(strstr(ax_network_get_error(nets[0]), "stopped at t = 40"), "%s", ax_network_get_error(nets[0]));
    cr_assert_float_eq(ax_network_get_time(nets[0]), 40.0, 1e-9, "stopped at %.17g ms: %s", ax_network_get_time(nets[0]), ax_network_get_error(nets[0]));
    cr_assert(pr.calls >= 4);
    ax_network_set_progress(nets[0], NULL, NULL, 0);
    OK(nets[0], ax_network_run(nets[0], 60.0));
    OK(nets[1], ax_network_run(nets[1], 100.0));
    size_t n[2];
    const double *t[2];
    const uint32_t *ids[2];
    for (int k = 0; k < 2; k++)
        OK(nets[k], ax_recorder_get_spikes(nets[k], rec[k], &n[k], &t[k], &ids[k]));
    cr_assert(n[0] > 100);
    cr_assert_eq(n[0], n[1]);
    cr_assert(memcmp(t[0], t[1], n[0] * sizeof *t[0]) == 0 && memcmp(ids[0], ids[1], n[0] * sizeof *ids[0]) == 0);
    ax_stats st;
    OK(nets[1], ax_network_get_stats(nets[1], &st));
    cr_assert_eq(st.neurons, 300);
    cr_assert_eq(st.synapses, 200 * 20 * 2);
    cr_assert_eq(st.min_delay_steps, 5);
    cr_assert_float_eq(st.time_ms, 100.0, 1e-9);
    cr_assert(st.spikes >= n[1] && st.events > 0);
    for (int k = 0; k < 2; k++)
        ax_network_free(nets[k]);
}

/* The spike rows' own formatter (record/write.c) writes fprintf's
 * "%.*f,%u\n" text: step times of several dt over long runs (products
 * that round either side of the decimal), times that are not on the grid
 * (ties at the last decimal, which round to even), negative, huge and
 * non-finite times, ids up to UINT32_MAX, and more rows than its buffer. */
#include "record/record.h"

Test(record, spike_rows_are_fprintfs_text)
{
    enum { N = 60000 };
    double *t = malloc(N * sizeof *t);
    uint32_t *id = malloc(N * sizeof *id);
    const double dts[] = {0.1, 0.025, 0.01, 1.0, 0.05, 0.001, 0.2, 0.0625};
    char *mine = NULL, *ref = NULL;
    size_t mine_len = 0, ref_len = 0;
    for (int d = 0; d < 8; d++) {
        int dec = ax_time_decimals(dts[d]);
        for (size_t k = 0; k < N; k++) {
            int64_t step = (int64_t)(k * 7919 % 20000000) + (k % 3 == 0 ? 1 : 0);
            t[k] = (double)(step + 1) * dts[d];
            id[k] = (uint32_t)(k * 2654435761u);
        }
        const double odd[] = {0.25, 0.35, 2.5, 0.05, 1e-300, -0.1, -0.0, 0.0, 1e15, 1.2345e17, 1e300, INFINITY,
                              NAN, 0x1p50 / 10.0, 123456.789, 99.95, 0.045};
        for (size_t j = 0; j < sizeof odd / sizeof *odd; j++)
            t[1000 + 37 * j] = odd[j];
        id[5] = UINT32_MAX;
        id[6] = 0;
        FILE *a = open_memstream(&mine, &mine_len), *b = open_memstream(&ref, &ref_len);
        cr_assert(a && b);
        ax_write_spike_rows(a, t, id, N, dec);
        for (size_t k = 0; k < N; k++)
            fprintf(b, "%.*f,%u\n", dec, t[k], id[k]);
        fclose(a);
        fclose(b);
        cr_assert_eq(mine_len, ref_len, "dt %g: %zu bytes, fprintf %zu", dts[d], mine_len, ref_len);
        size_t at = 0;
        while (at < ref_len && mine[at] == ref[at])
            at++;
        cr_assert(at == ref_len, "dt %g: differs at byte %zu: '%.40s' vs fprintf's '%.40s'", dts[d], at, mine + at,
                  ref + at);
        free(mine);
        free(ref);
    }
    free(t);
    free(id);
}
