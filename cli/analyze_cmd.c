/*
 * analyze_cmd.c - `axon analyze OUTDIR`: reads the folder `axon run` wrote
 * (summary.json for the populations, their sizes and the run's interval;
 * every <pop>.spikes.csv) and writes analysis.json: per population the
 * statistics of analyze_stats.c.  The file is written under a temporary
 * name and renamed, so a failure leaves no half-written analysis.json.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "cli.h"
#include "json.h"

static int usage(FILE *f)
{
    fputs("usage: axon analyze OUTDIR [--json] [--out FILE] [--bin MS] [--sample N] [--seed S] [--no-pictures]\n"
          "\n"
          "Statistics of the spikes a run wrote to OUTDIR (docs/analysis.md, \"axon analyze\"): per\n"
          "population the number of neurons and spikes, firing rates (mean and distribution), CV of\n"
          "ISIs and LV (means over neurons where defined), Fano factor, the binned population rate's\n"
          "mean and sd, synchrony (Golomb chi^2), correlations of binned counts and SPIKE-distance\n"
          "over a sample of neurons, and the Welch PSD of the population rate (peak, band powers).\n"
          "Undefined values are null.\n"
          "\n"
          "  --out FILE      where to write the JSON (default OUTDIR/analysis.json)\n"
          "  --json          also print the JSON on stdout\n"
          "  --bin MS        bin width of the population rate and of the counts (default 5, > 0)\n"
          "  --sample N      neurons sampled for correlations and distances (default 50, > 0)\n"
          "  --seed S        seed of the sample (default 1)\n"
          "  --no-pictures   draw no pictures; else next to the JSON, per population POP: POP.rate.png\n"
          "                  (population rate), POP.psd.png (its PSD), POP.rates.png, POP.cv.png,\n"
          "                  POP.isi.png (histograms), POP.correlation.png, POP.spike_distance.png\n"
          "                  (matrices of the sampled neurons)\n"
          "\n"
          "exit status: 0 success; 1 a folder or file that cannot be read or is malformed;\n"
          "2 bad command line or an output that cannot be written\n",
          f);
    return f == stderr ? EXIT_USAGE : 0;
}

static char *slurp_small(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b = cap < ((size_t)64 << 20) ? realloc(buf, cap *= 2) : NULL;
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The populations with a spike file: those summary.json names, else every
 * <pop>.spikes.csv of the folder (sorted). */
static size_t find_populations(const char *dir, const json_value *sum, char ***names)
{
    const json_value *pops = json_get(sum, "populations");
    size_t n = 0, cap = 16;
    char **list = malloc(cap * sizeof *list), path[4096];
    if (pops && pops->type == JSON_OBJECT) {
        for (size_t k = 0; list && k < pops->n; k++) {
            snprintf(path, sizeof path, "%s/%s.spikes.csv", dir, pops->keys[k]);
            if (!is_file(path))
                continue;
            if (n == cap)
                list = realloc(list, (cap *= 2) * sizeof *list);
            if (list)
                list[n++] = strdup(pops->keys[k]);
        }
    } else {
        DIR *d = opendir(dir);
        struct dirent *de;
        while (d && list && (de = readdir(d))) {
            size_t l = strlen(de->d_name), s = strlen(".spikes.csv");
            if (l <= s || strcmp(de->d_name + l - s, ".spikes.csv"))
                continue;
            if (n == cap)
                list = realloc(list, (cap *= 2) * sizeof *list);
            if (list)
                list[n++] = strndup(de->d_name, l - s);
        }
        if (d)
            closedir(d);
        if (list)
            qsort(list, n, sizeof *list, cmp_str);
    }
    *names = list;
    return list ? n : 0;
}

static double number_or(const json_value *v, double fallback)
{
    return v && v->type == JSON_NUMBER ? v->number : fallback;
}

int cmd_analyze(int argc, char **argv)
{
    an_options o = {.bin_ms = 5, .sample = 50, .seed = 1, .pictures = true};
    const char *dir = NULL, *out = NULL;
    bool print = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double x;
        long long v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return usage(stdout);
        if (!strcmp(a, "--json")) {
            print = true;
        } else if (!strcmp(a, "--no-pictures")) {
            o.pictures = false;
        } else if (!strcmp(a, "--out") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(a, "--bin") && i + 1 < argc) {
            if (!parse_double(argv[++i], &x) || !(x > 0) || !isfinite(x)) {
                fprintf(stderr, "axon analyze: --bin must be a number of ms > 0, not '%s'\n", argv[i]);
                return EXIT_USAGE;
            }
            o.bin_ms = x;
        } else if (!strcmp(a, "--sample") && i + 1 < argc) {
            if (!parse_long(argv[++i], &v) || v < 1) {
                fprintf(stderr, "axon analyze: --sample must be a whole number >= 1, not '%s'\n", argv[i]);
                return EXIT_USAGE;
            }
            o.sample = (size_t)v;
        } else if (!strcmp(a, "--seed") && i + 1 < argc) {
            if (!parse_long(argv[++i], &v) || v < 0) {
                fprintf(stderr, "axon analyze: --seed must be a whole number >= 0, not '%s'\n", argv[i]);
                return EXIT_USAGE;
            }
            o.seed = (uint64_t)v;
        } else if (a[0] == '-' || dir) {
            fprintf(stderr, "axon analyze: unexpected '%s'\n\n", a);
            return usage(stderr);
        } else {
            dir = a;
        }
    }
    if (!dir)
        return usage(stderr);
    return analyze_folder(dir, &o, out, print, "axon analyze");
}

int analyze_folder(const char *dir, const an_options *opts, const char *out, bool print, const char *who)
{
    an_options o = *opts;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: %s: %s\n", who, dir, stat(dir, &st) != 0 ? strerror(errno) : "not a folder");
        return EXIT_MODEL;
    }
    char path[4096], tmp[4200], err[2048];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = slurp_small(path);
    json_value *sum = NULL;
    if (text) {
        sum = json_parse(text, err, sizeof err);
        free(text);
        if (!sum) {
            fprintf(stderr, "%s: %s: %s\n", who, path, err);
            return EXIT_MODEL;
        }
    }
    char **names = NULL;
    size_t n = find_populations(dir, sum, &names);
    if (n == 0) {
        fprintf(stderr, "%s: %s: no spike recordings (<population>.spikes.csv) in the folder\n", who, dir);
        json_free(sum);
        free(names);
        return EXIT_MODEL;
    }
    /* The run's interval when summary.json gives it: [0, time_ms], how far
     * the recordings go (the interval of summary.json's rates; a stopped
     * run's time_ms is where it stopped); else [0, the last spike]. */
    double t0 = NAN, t1 = number_or(json_get(sum, "time_ms"), NAN);
    if (!(t1 > 0))
        t1 = number_or(json_get(sum, "duration_ms"), NAN);
    if (isfinite(t1) && t1 > 0)
        t0 = 0;
    else
        t1 = NAN;
    if (!out) {
        snprintf(path, sizeof path, "%s/analysis.json", dir);
        out = path;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", out, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, tmp, strerror(errno));
        json_free(sum);
        for (size_t k = 0; k < n; k++)
            free(names[k]);
        free(names);
        return EXIT_USAGE;
    }
    /* the pictures go next to the JSON */
    char pictures_dir[4096];
    const char *slash = strrchr(out, '/');
    snprintf(pictures_dir, sizeof pictures_dir, "%.*s", slash ? (int)(slash - out) : 1, slash ? out : ".");
    int status = 0;
    fprintf(f, "{\"folder\": ");
    json_write_string(f, dir);
    fprintf(f, ", \"bin_ms\": %.17g, \"sample\": %zu, \"seed\": %llu,\n \"populations\": {", o.bin_ms, o.sample,
            (unsigned long long)o.seed);
    for (size_t k = 0; k < n && !status; k++) {
        char sp[4096];
        snprintf(sp, sizeof sp, "%s/%s.spikes.csv", dir, names[k]);
        const json_value *pj = json_get(json_get(sum, "populations"), names[k]);
        an_population p = {.name = names[k], .spikes_path = sp, .t_start = t0, .t_stop = t1,
                           .size = (uint32_t)number_or(json_get(pj, "size"), 0)};
        fprintf(f, "%s\n  ", k ? "," : "");
        json_write_string(f, names[k]);
        fputs(": ", f);
        /* a population that did not fire (summary.json: 0 spikes) leaves a
         * header alone, which the spike reader refuses as empty: its
         * statistics are undefined, not an error of the folder */
        const json_value *nsp = json_get(pj, "spikes");
        if (nsp && nsp->type == JSON_NUMBER && nsp->number == 0) {
            fprintf(f, "{\"neurons\": %u, \"spikes\": 0, \"mean_rate_hz\": 0, \"note\": \"no spikes\"}", p.size);
            continue;
        }
        if (an_population_json(f, &p, &o, pictures_dir, err, sizeof err) < 0) {
            fprintf(stderr, "%s: %s\n", who, err);
            status = EXIT_MODEL;
        }
    }
    fputs("\n },\n \"signals\": {", f);
    if (!status && an_signals_json(f, dir, sum, &o, pictures_dir, err, sizeof err) < 0) {
        fprintf(stderr, "%s: %s\n", who, err);
        status = EXIT_MODEL;
    }
    fputs("\n }\n}\n", f);
    bool bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (!status && (bad || rename(tmp, out) != 0)) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, out, strerror(errno));
        status = EXIT_USAGE;
    }
    if (status)
        remove(tmp);
    else if (print) {
        char *j = slurp_small(out);
        fputs(j ? j : "", stdout);
        free(j);
    }
    if (!status)
        fprintf(stderr, "%s: analysed %s: wrote %s\n", who, dir, out);
    json_free(sum);
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
    return status;
}
