/*
 * test_analyze_stream_cli.c - `axon analyze` on a spike file much larger
 * than its sample: what it streams (Fano factor, synchrony) and what it
 * computes on the sampled neurons it reads alone (correlations,
 * SPIKE-distance) are exactly the library's values on the whole file read
 * into memory (JSON numbers are written with 17 digits, so they read back
 * to the same doubles); without summary.json the population's size and
 * interval come from the file; a file whose rows go back in time is
 * refused at that row, and nothing is written.
 */
#include "cli_helpers.h"

#define NEURONS 500
#define SAMPLE 25

static double uniform(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return (double)((*s * 0x2545F4914F6CDD1Du) >> 11) / 9007199254740992.0;
}

/* dir/A.spikes.csv: NEURONS neurons at 20 Hz for 3 s on a 0.1 ms grid, a
 * burst of a third of them every 250 ms, in time order (axon's format);
 * dir/summary.json when `summary`.  Returns the number of spikes. */
static size_t write_folder(const char *dir, bool summary)
{
    char path[400];
    snprintf(path, sizeof path, "%s/A.spikes.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("time_ms,neuron\n", f);
    uint64_t seed = 99;
    size_t m = 0;
    for (int s = 1; s < 30000; s++)
        for (int a = 0; a < NEURONS; a++)
            if (uniform(&seed) < 20 * 1e-4 || (s % 2500 == 1000 && a % 3 == 0)) {
                fprintf(f, "%.17g,%d\n", s * 0.1, a);
                m++;
            }
    fclose(f);
    if (summary) {
        snprintf(path, sizeof path, "%s/summary.json", dir);
        char text[256];
        snprintf(text, sizeof text, "{\"time_ms\": 3000, \"populations\": {\"A\": {\"size\": %d, \"spikes\": %zu}}}\n",
                 NEURONS, m);
        write_file(path, text);
    }
    return m;
}

/* The number after "key": in text (NAN for null). */
static double value_after(const char *text, const char *key)
{
    char k[64];
    snprintf(k, sizeof k, "\"%s\": ", key);
    const char *q = strstr(text, k);
    cr_assert_not_null(q, "no %s in %s", key, text);
    q += strlen(k);
    return strncmp(q, "null", 4) == 0 ? NAN : strtod(q, NULL);
}

/* analysis.json's numbers against the library's on the whole file. */
static void check_against_whole(const char *json, const ax_spike_trains *whole, double bin)
{
    ax_error e;
    double fano[NEURONS], pooled, chi2;
    cr_assert_eq(ax_spike_trains_fano_factor(whole, bin, fano, &pooled, &e), AX_OK, "%s", e.message);
    cr_assert_eq(ax_spike_trains_synchrony(whole, bin, 0, &chi2, &e), AX_OK, "%s", e.message);
    cr_expect_eq(value_after(json, "spikes"), (double)whole->offsets[whole->n_trains]);
    cr_expect_eq(value_after(json, "neurons"), (double)whole->n_trains);
    cr_expect_eq(value_after(json, "t_stop_ms"), whole->t_stop);
    cr_expect_eq(value_after(json, "fano_factor"), pooled, "%.17g", pooled);
    cr_expect_eq(value_after(json, "synchrony_chi2"), chi2, "%.17g", chi2);
    cr_expect(chi2 > 0.01, "the bursts synchronise: %g", chi2);

    /* the sample, and the same neurons' trains of the whole file */
    size_t which[SAMPLE], offs[SAMPLE + 1] = {0};
    char *end = strstr(json, "\"ids\": [") + 8;
    double *times = malloc(whole->offsets[whole->n_trains] * sizeof *times);
    for (int k = 0; k < SAMPLE; k++) {
        which[k] = strtoul(end, &end, 10);
        end += k < SAMPLE - 1 ? 2 : 0;
        size_t lo = whole->offsets[which[k]], hi = whole->offsets[which[k] + 1];
        memcpy(times + offs[k], whole->times_ms + lo, (hi - lo) * sizeof *times);
        offs[k + 1] = offs[k] + hi - lo;
    }
    cr_expect_eq(*end, ']', "%d ids", SAMPLE);
    double cm[SAMPLE * SAMPLE], dm[SAMPLE * SAMPLE], r[SAMPLE * SAMPLE], d_sum = 0;
    cr_assert_eq(ax_spike_trains_correlation_matrix(whole, which, SAMPLE, bin, cm, &e), AX_OK, "%s", e.message);
    ax_spike_trains sub = {SAMPLE, offs, times, whole->t_start, whole->t_stop};
    cr_assert_eq(ax_spike_distance_matrix(&sub, AX_SPIKE_DISTANCE_SPIKE, NULL, dm, &e), AX_OK, "%s", e.message);
    size_t c = 0;
    for (int i = 0; i < SAMPLE; i++)
        for (int j = i + 1; j < SAMPLE; j++) {
            d_sum += dm[i * SAMPLE + j];
            r[c++] = cm[i * SAMPLE + j];
        }
    ax_correlation_summary cs;
    cr_assert_eq(ax_spike_trains_correlation_summary(r, c, &cs, &e), AX_OK, "%s", e.message);
    const char *corr = strstr(json, "\"correlation\": ");
    cr_assert_not_null(corr);
    cr_expect_eq(value_after(corr, "pairs"), (double)c);
    cr_expect_eq(value_after(corr, "mean"), cs.mean, "%.17g", cs.mean);
    cr_expect_eq(value_after(corr, "sd"), cs.sd, "%.17g", cs.sd);
    cr_expect_eq(value_after(corr, "min"), cs.min);
    cr_expect_eq(value_after(corr, "median"), cs.median);
    cr_expect_eq(value_after(corr, "max"), cs.max);
    cr_expect_eq(value_after(json, "spike_distance"), d_sum / (double)c, "%.17g", d_sum / (double)c);
    free(times);
}

Test(analyze_stream, a_large_file_gives_the_whole_files_numbers, .timeout = 300)
{
    char *dir = strdup(tmpdir()), args[1024], path[400], json[1 << 16];
    size_t m = write_folder(dir, true);
    cr_assert_gt(m, 25000, "the file (%zu spikes) is much larger than the sample's (about 5%%)", m);
    snprintf(args, sizeof args, "analyze %s --bin 5 --sample %d --seed 4 --no-pictures", dir, SAMPLE);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/analysis.json", dir);
    slurp(path, json, sizeof json);
    ax_spike_trains whole;
    ax_error e;
    ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = NEURONS};
    snprintf(path, sizeof path, "%s/A.spikes.csv", dir);
    cr_assert_eq(ax_spike_trains_read(path, &fmt, 0, 3000, &whole, &e), AX_OK, "%s", e.message);
    check_against_whole(json, &whole, 5);
    ax_spike_trains_free(&whole);

    /* no summary.json: n = 1 + the largest id, the interval [0, the last spike] */
    snprintf(path, sizeof path, "%s/summary.json", dir);
    cr_assert_eq(remove(path), 0);
    snprintf(args, sizeof args, "analyze %s --bin 7 --sample %d --seed 4 --no-pictures", dir, SAMPLE);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/analysis.json", dir);
    slurp(path, json, sizeof json);
    snprintf(path, sizeof path, "%s/A.spikes.csv", dir);
    cr_assert_eq(ax_spike_trains_read(path, NULL, NAN, NAN, &whole, &e), AX_OK, "%s", e.message);
    cr_assert_lt(whole.t_stop, 3000);
    check_against_whole(json, &whole, 7);
    ax_spike_trains_free(&whole);
    remove_tree(dir);
    free(dir);
}

Test(analyze_stream, rows_out_of_time_order_are_refused_at_their_line, .timeout = 60)
{
    char *dir = tmpdir(), args[1024], path[400];
    snprintf(path, sizeof path, "%s/A.spikes.csv", dir);
    write_file(path, "time_ms,neuron\n1,0\n30,1\n20,0\n40,1\n");
    snprintf(args, sizeof args, "analyze %s", dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->err, "A.spikes.csv:4:1:") && strstr(r->err, "time order") && strstr(r->err, "sort"), "%s",
              r->err);
    cr_expect_eq(exists(dir, "analysis.json"), 0, "nothing written");
    remove_tree(dir);
}
