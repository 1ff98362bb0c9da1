/*
 * test_analyze_cli.c - `axon analyze OUTDIR` and the [analysis] table: the
 * statistics in analysis.json are those of the library's calls on the
 * same spike file; bad folders, files and options are refused with their
 * exit status and leave no analysis.json; a model file's [analysis] runs
 * at the end of `axon run`.
 */
#include <cairo.h>

#include "cli_helpers.h"

static const char *model =
    "[simulation]\nduration = 500\nseed = 3\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 120\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 100\nparams = { rate = 20 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_indegree = 30 }\nweight = 0.6\ndelay = 1.0\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n"
    "[[record]]\npopulation = \"P\"\nvariables = [\"spikes\"]\n";

/* The number after `key` inside population pop's object of analysis.json
 * (NAN for null). */
static double number_of(const char *json, const char *pop, const char *key)
{
    char name[64];
    snprintf(name, sizeof name, "\"%s\": {\"neurons\"", pop);
    const char *p = strstr(json, name);
    cr_assert_not_null(p, "no population %s in %s", pop, json);
    char k[64];
    snprintf(k, sizeof k, "\"%s\": ", key);
    const char *q = strstr(p, k);
    cr_assert_not_null(q, "no %s in %s", key, p);
    q += strlen(k);
    return strncmp(q, "null", 4) == 0 ? NAN : strtod(q, NULL);
}

/* Runs the model into dir/out. */
static void run_model(const char *dir, const char *extra)
{
    char path[300], args[1024], text[4096];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    snprintf(text, sizeof text, "%s%s", model, extra);
    write_file(path, text);
    snprintf(args, sizeof args, "run %s --out %s/out --quiet", path, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
}

Test(analyze_cli, json_statistics_are_the_librarys, .timeout = 120)
{
    char *dir = tmpdir(), args[1024], path[400], json[1 << 16];
    run_model(dir, "");
    snprintf(args, sizeof args, "analyze %s/out --bin 4 --sample 30 --seed 7 --json", dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/out/analysis.json", dir);
    slurp(path, json, sizeof json);
    cr_assert_str_eq(r->out, json, "--json prints the file");
    cr_assert_null(strstr(json, "nan"), "no NaN in JSON");

    snprintf(path, sizeof path, "%s/out/E.spikes.csv", dir);
    ax_spike_trains tr;
    ax_error e;
    ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = 120};
    cr_assert_eq(ax_spike_trains_read(path, &fmt, 0, 500, &tr, &e), AX_OK, "%s", e.message);
    double rates[120], cv[120], lv[120], mean_rate, mean_cv, mean_lv, fano[120], pooled, chi2;
    size_t n_cv, n_lv;
    cr_assert_eq(ax_spike_trains_rates(&tr, rates, &mean_rate, &e), AX_OK, "%s", e.message);
    cr_assert_eq(ax_spike_trains_cv(&tr, cv, &mean_cv, &n_cv, &e), AX_OK, "%s", e.message);
    cr_assert_eq(ax_spike_trains_lv(&tr, lv, &mean_lv, &n_lv, &e), AX_OK, "%s", e.message);
    cr_assert_eq(ax_spike_trains_fano_factor(&tr, 4, fano, &pooled, &e), AX_OK, "%s", e.message);
    cr_assert_eq(ax_spike_trains_synchrony(&tr, 4, 0, &chi2, &e), AX_OK, "%s", e.message);
    cr_assert_gt(n_cv, 10, "the model gives CVs (%zu)", n_cv);
    cr_assert_eq(number_of(json, "E", "neurons"), 120);
    cr_assert_eq(number_of(json, "E", "spikes"), (double)tr.offsets[120]);
    cr_assert_float_eq(number_of(json, "E", "mean_rate_hz"), mean_rate, 1e-12 * mean_rate);
    cr_assert_float_eq(number_of(json, "E", "cv_isi"), mean_cv, 1e-12);
    cr_assert_eq(number_of(json, "E", "cv_isi_defined"), (double)n_cv);
    cr_assert_float_eq(number_of(json, "E", "lv"), mean_lv, 1e-12);
    cr_assert_eq(number_of(json, "E", "lv_defined"), (double)n_lv);
    cr_assert_float_eq(number_of(json, "E", "fano_factor"), pooled, 1e-12);
    cr_assert_float_eq(number_of(json, "E", "synchrony_chi2"), chi2, 1e-12);

    /* the population rate's mean is the mean rate; its PSD peak is a
     * frequency of the Welch grid (125 bins of 4 ms: 2 Hz apart) */
    double *pr;
    size_t nb;
    cr_assert_eq(ax_spike_trains_population_rate(&tr, 4, 0, &pr, &nb, &e), AX_OK, "%s", e.message);
    cr_assert_eq(number_of(json, "E", "bins"), (double)nb);
    cr_assert_float_eq(number_of(json, "E", "mean_hz"), mean_rate, 1e-9);
    ax_welch_spec ws;
    ax_spectrum sp;
    cr_assert_eq(ax_signal_welch_defaults(&ws, &e), AX_OK);
    ws.nperseg = nb;
    cr_assert_eq(ax_signal_welch(pr, nb, 4, &ws, &sp, &e), AX_OK, "%s", e.message);
    double fpk, pk;
    cr_assert_eq(ax_spectrum_peak_frequency(sp.freqs_hz, sp.power, sp.n, sp.freqs_hz[1], 125, &fpk, &pk, &e), AX_OK,
                 "%s", e.message);
    cr_assert_float_eq(number_of(json, "E", "peak_hz"), fpk, 1e-9);
    ax_array_free(pr);
    ax_array_free(sp.freqs_hz);
    ax_array_free(sp.power);

    /* the sample: 30 neurons, the same for the same seed */
    cr_assert_eq(number_of(json, "E", "pairs"), 30 * 29 / 2);
    const char *ids = strstr(strstr(json, "\"E\": {"), "\"ids\": [");
    size_t which[30];
    char *end = (char *)ids + 8;
    for (int k = 0; k < 30; k++) {
        which[k] = strtoul(end, &end, 10);
        end += k < 29 ? 2 : 0;
    }
    double cm[900];
    cr_assert_eq(ax_spike_trains_correlation_matrix(&tr, which, 30, 4, cm, &e), AX_OK, "%s", e.message);
    double rr[435];
    size_t c = 0;
    for (int i = 0; i < 30; i++)
        for (int j = i + 1; j < 30; j++)
            rr[c++] = cm[i * 30 + j];
    ax_correlation_summary cs;
    cr_assert_eq(ax_spike_trains_correlation_summary(rr, c, &cs, &e), AX_OK, "%s", e.message);
    const char *corr = strstr(strstr(json, "\"E\": {"), "\"correlation\": ");
    cr_assert_float_eq(strtod(strstr(corr, "\"mean\": ") + 8, NULL), cs.mean, 1e-12);
    cr_assert_float_eq(strtod(strstr(corr, "\"median\": ") + 10, NULL), cs.median, 1e-12);
    ax_spike_trains_free(&tr);

    char again[1 << 16];
    snprintf(args, sizeof args, "analyze %s/out --bin 4 --sample 30 --seed 7 --out %s/again.json", dir, dir);
    cr_assert_eq(axon(args)->status, 0);
    snprintf(path, sizeof path, "%s/again.json", dir);
    slurp(path, again, sizeof again);
    cr_assert_str_eq(again, json, "the same seed gives the same analysis");
    remove_tree(dir);
}

Test(analyze_cli, bad_input_is_refused_and_nothing_is_written, .timeout = 120)
{
    char *dir = tmpdir(), args[1024], path[400];
    result *r;
    snprintf(args, sizeof args, "analyze %s/nowhere", dir);
    r = axon(args);
    cr_assert_eq(r->status, 1, "%s", r->err);
    cr_assert(strstr(r->err, "nowhere: No such file"), "%s", r->err);

    r = axon(strcat(strcpy(args, "analyze "), dir));
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "no spike recordings"), "%s", r->err);

    snprintf(path, sizeof path, "%s/A.spikes.csv", dir);
    write_file(path, "time_ms,neuron\n");
    r = axon(strcat(strcpy(args, "analyze "), dir));
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "A.spikes.csv"), "an empty file is named: %s", r->err);

    write_file(path, "time_ms,neuron\n1.5,0\n2.5,x\n");
    r = axon(strcat(strcpy(args, "analyze "), dir));
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "A.spikes.csv:3:"), "file:line:col: %s", r->err);
    cr_assert_eq(exists(dir, "analysis.json"), 0, "nothing half-written");

    write_file(path, "time_ms,neuron\n1.5,0\n2.5,1\n30,0\n");
    const char *bad[] = {"--bin 0", "--bin -2", "--bin nan", "--sample 0", "--seed -1", "--frobnicate"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        snprintf(args, sizeof args, "analyze %s %s", dir, bad[k]);
        r = axon(args);
        cr_assert_eq(r->status, 2, "%s: %d", bad[k], r->status);
        cr_assert_gt(strlen(r->err), 10, "%s says why", bad[k]);
    }
    cr_assert_eq(exists(dir, "analysis.json"), 0);
    snprintf(args, sizeof args, "analyze %s --out /nonexistent/a.json", dir);
    cr_assert_eq(axon(args)->status, 2);
    r = axon(strcat(strcpy(args, "analyze "), dir));
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert_eq(exists(dir, "analysis.json"), 1);
    remove_tree(dir);
}

Test(analyze_cli, analysis_table_runs_at_the_end_of_axon_run, .timeout = 120)
{
    char *dir = strdup(tmpdir()), args[1024], path[400], json[1 << 16];
    run_model(dir, "[analysis]\nbin = 10\nsample = 5\nseed = 2\n");
    snprintf(path, sizeof path, "%s/out/analysis.json", dir);
    slurp(path, json, sizeof json);
    cr_assert(strstr(json, "\"bin_ms\": 10, \"sample\": 5, \"seed\": 2"), "%s", json);
    cr_assert_eq(number_of(json, "E", "neurons"), 120);
    cr_assert_eq(number_of(json, "P", "neurons"), 100);

    /* enabled = false: no analysis */
    char *d2 = strdup(tmpdir());
    run_model(d2, "[analysis]\nenabled = false\n");
    snprintf(path, sizeof path, "%s/out", d2);
    cr_assert_eq(exists(path, "analysis.json"), 0);

    /* bad values: file:line:col from axon check */
    const char *bad[] = {"bin = 0", "sample = 0", "seed = -3", "colour = 1", "bin = \"x\""};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char text[4096];
        snprintf(path, sizeof path, "%s/bad.toml", d2);
        snprintf(text, sizeof text, "%s[analysis]\n%s\n", model, bad[k]);
        write_file(path, text);
        snprintf(args, sizeof args, "check %s", path);
        result *r = axon(args);
        cr_assert_eq(r->status, 1, "%s", bad[k]);
        cr_assert(strstr(r->err, "bad.toml:24:"), "%s: %s", bad[k], r->err);
    }
    remove_tree(dir);
    remove_tree(d2);
    free(dir);
    free(d2);
}

/* A PNG's size, read back with cairo (0 x 0: not a PNG). */
static void png_size(const char *path, int *w, int *h)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    *w = ok ? cairo_image_surface_get_width(s) : 0;
    *h = ok ? cairo_image_surface_get_height(s) : 0;
    cairo_surface_destroy(s);
}

/* What a PNG shows: the fraction of its pixels that differ from the
 * background (the top-left pixel) and the number of distinct colours (up to
 * 64).  A blank picture, or one with axes and nothing in them, has little
 * ink and few colours. */
static void png_ink(const char *path, double *ink, int *colours)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS, "%s", path);
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    uint32_t seen[64], background = *(const uint32_t *)data;
    long inked = 0;
    *colours = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t p = *(const uint32_t *)(data + (size_t)y * stride + 4 * (size_t)x);
            inked += p != background;
            int known = 0;
            for (int k = 0; k < *colours && !known; k++)
                known = seen[k] == p;
            if (!known && *colours < 64)
                seen[(*colours)++] = p;
        }
    *ink = (double)inked / ((double)w * h);
    cairo_surface_destroy(s);
}

Test(analyze_cli, pictures_are_pngs_next_to_the_json, .timeout = 120)
{
    char *dir = strdup(tmpdir()), args[1024], path[400];   /* tmpdir's buffer is reused */
    run_model(dir, "");
    snprintf(args, sizeof args, "analyze %s/out --sample 20", dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    const char *lines[] = {"rate", "psd", "rates", "cv", "isi"}, *matrices[] = {"correlation", "spike_distance"};
    for (int pop = 0; pop < 2; pop++) {
        for (size_t k = 0; k < 7; k++) {
            int w, h;
            snprintf(path, sizeof path, "%s/out/%s.%s.png", dir, pop ? "P" : "E", k < 5 ? lines[k] : matrices[k - 5]);
            png_size(path, &w, &h);
            cr_assert_eq(w, k < 5 ? 1200 : 876, "%s: width %d", path, w);
            cr_assert_eq(h, k < 5 ? 520 : 718, "%s: height %d", path, h);
            /* not blank: the line pictures were seen with 1.5 - 4.5 % of
             * their pixels drawn (text is anti-aliased: 64 colours in all),
             * the matrices of 20 x 20 sampled neurons with 60 %; this only
             * catches a picture left empty, not a wrong one */
            double ink;
            int colours;
            png_ink(path, &ink, &colours);
            cr_assert_gt(ink, k < 5 ? 0.005 : 0.3, "%s: %.3f of the pixels drawn", path, ink);
            cr_assert_geq(colours, 20, "%s: %d colours", path, colours);
        }
    }
    /* --no-pictures: the JSON alone */
    char *d2 = strdup(tmpdir());
    snprintf(path, sizeof path, "cp %s/out/*.spikes.csv %s/out/summary.json %s/", dir, dir, d2);
    cr_assert_eq(system(path), 0);
    snprintf(args, sizeof args, "analyze %s --no-pictures", d2);
    cr_assert_eq(axon(args)->status, 0);
    cr_assert_eq(exists(d2, "analysis.json"), 1);
    cr_assert_eq(exists(d2, "E.psd.png"), 0);
    cr_assert_eq(exists(d2, "E.correlation.png"), 0);
    remove_tree(dir);
    remove_tree(d2);
    free(dir);
    free(d2);
}

Test(analyze_cli, population_signals_get_their_spectrum, .timeout = 120)
{
    char *dir = strdup(tmpdir()), args[1024], path[400], json[1 << 16];
    run_model(dir, "[[record]]\npopulation = \"E\"\nsignal = \"mean_v\"\ninterval = 1.0\n");
    snprintf(args, sizeof args, "analyze %s/out", dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/out/analysis.json", dir);
    slurp(path, json, sizeof json);
    const char *s = strstr(json, "\"E.mean_v\": {\"samples\": 500, \"interval_ms\": 1, \"psd\": {");
    cr_assert_not_null(s, "%s", json);

    /* the peak of the library's Welch PSD of the file's values */
    double v[500];
    FILE *f = fopen(strcat(strcpy(path, dir), "/out/E.mean_v.csv"), "r");
    cr_assert_not_null(f);
    char line[256];
    cr_assert_not_null(fgets(line, sizeof line, f));
    for (int k = 0; k < 500; k++) {
        double t;
        cr_assert_eq(fscanf(f, "%lf,%lf", &t, &v[k]), 2);
    }
    fclose(f);
    ax_welch_spec ws;
    ax_spectrum sp;
    ax_error e;
    cr_assert_eq(ax_signal_welch_defaults(&ws, &e), AX_OK);
    ws.nperseg = 500;
    cr_assert_eq(ax_signal_welch(v, 500, 1.0, &ws, &sp, &e), AX_OK, "%s", e.message);
    double fpk, pk;
    cr_assert_eq(ax_spectrum_peak_frequency(sp.freqs_hz, sp.power, sp.n, sp.freqs_hz[1], 500, &fpk, &pk, &e), AX_OK);
    cr_assert_float_eq(strtod(strstr(s, "\"peak_hz\": ") + 11, NULL), fpk, 1e-9);
    ax_array_free(sp.freqs_hz);
    ax_array_free(sp.power);
    int w, h;
    snprintf(path, sizeof path, "%s/out/E.mean_v.psd.png", dir);
    png_size(path, &w, &h);
    cr_assert_eq(w, 1200);
    remove_tree(dir);
    free(dir);
}

Test(analyze_cli, a_silent_population_is_no_error, .timeout = 120)
{
    char *dir = strdup(tmpdir()), args[1024], path[400], json[1 << 16];
    run_model(dir, "[populations.Q]\nmodel = \"IF_curr_exp\"\nsize = 10\n"
                   "[[record]]\npopulation = \"Q\"\nvariables = [\"spikes\"]\n");
    snprintf(args, sizeof args, "analyze %s/out", dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/out/analysis.json", dir);
    slurp(path, json, sizeof json);
    cr_assert(strstr(json, "\"Q\": {\"neurons\": 10, \"spikes\": 0, \"mean_rate_hz\": 0"), "%s", json);
    cr_assert_eq(number_of(json, "E", "neurons"), 120, "the others are analysed");
    remove_tree(dir);
    free(dir);
}
