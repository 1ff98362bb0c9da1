/*
 * fit_outputs.c - the files `axon fit` writes in its folder: progress.csv
 * (one row per generation), best.toml (the fitted neuron under every
 * protocol, runnable with `axon run`) and best.json.  Each is written as
 * NAME.partial and renamed, so a file is whole or absent, never half
 * written.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"

/* path = dir/name; the .partial file opened for writing. */
static FILE *open_partial(const char *dir, const char *name, char *path, char *tmp, size_t len, char *msg,
                          size_t msg_len)
{
    snprintf(path, len, "%.3900s/%s", dir, name);
    snprintf(tmp, len, "%.4000s.partial", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        snprintf(msg, msg_len, "cannot write %s", tmp);
    return f;
}

static int close_rename(FILE *f, const char *tmp, const char *path, char *msg, size_t len)
{
    bool ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(msg, len, "cannot write %s", path);
        return -1;
    }
    return 0;
}

/* A number as JSON (null when not finite) or TOML: the shortest text that reads back as x. */
static void number(FILE *f, double x)
{
    if (!isfinite(x)) {
        fputs("null", f);
        return;
    }
    char buf[40];
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (!strpbrk(buf, ".en"))   /* 10 -> 10.0: a float in TOML */
        strcat(buf, ".0");
    fputs(buf, f);
}

int fit_progress_add(fit_progress *p, size_t evaluations, double best, double median, double elapsed)
{
    if (p->generations == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        size_t *e = realloc(p->evaluations, cap * sizeof *e);
        if (e)
            p->evaluations = e;
        double *b = e ? realloc(p->best, cap * sizeof *b) : NULL;
        if (b)
            p->best = b;
        double *m = b ? realloc(p->median, cap * sizeof *m) : NULL;
        if (m)
            p->median = m;
        double *t = m ? realloc(p->elapsed, cap * sizeof *t) : NULL;
        if (!t)
            return -1;
        p->elapsed = t;
        p->cap = cap;
    }
    size_t g = p->generations++;
    p->evaluations[g] = evaluations, p->best[g] = best, p->median[g] = median, p->elapsed[g] = elapsed;
    return 0;
}

void fit_progress_free(fit_progress *p)
{
    free(p->evaluations), free(p->best), free(p->median), free(p->elapsed);
    memset(p, 0, sizeof *p);
}

static void csv_number(FILE *f, double x)
{
    if (isnan(x))
        fputs("nan", f);
    else if (isinf(x))
        fputs(x > 0 ? "inf" : "-inf", f);
    else
        fprintf(f, "%.17g", x);
}

int fit_progress_write(const char *dir, const fit_progress *p, char *msg, size_t len)
{
    char path[4096], tmp[4200];
    FILE *f = open_partial(dir, "progress.csv", path, tmp, sizeof path, msg, len);
    if (!f)
        return -1;
    fputs("generation,evaluations,best,median,elapsed_s\n", f);
    for (size_t g = 0; g < p->generations; g++) {
        fprintf(f, "%zu,%zu,", g, p->evaluations[g]);
        csv_number(f, p->best[g]);
        fputc(',', f);
        csv_number(f, p->median[g]);
        fprintf(f, ",%.3f\n", p->elapsed[g]);
    }
    return close_rename(f, tmp, path, msg, len);
}

int fit_progress_read(const char *dir, size_t generations, fit_progress *p, char *msg, size_t len)
{
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/progress.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(msg, len, "%s: cannot be read to resume the fit (%zu generations done)", path, generations);
        return -1;
    }
    size_t g = 0;
    bool header = true, ok = true;
    while (ok && g < generations && fgets(line, sizeof line, f)) {
        if (header) {
            header = false;
            continue;
        }
        size_t gen, ev;
        char b[64], m[64];
        double t;
        ok = sscanf(line, "%zu,%zu,%63[^,],%63[^,],%lf", &gen, &ev, b, m, &t) == 5 && gen == g &&
             fit_progress_add(p, ev, strtod(b, NULL), strtod(m, NULL), t) == 0;
        g++;
    }
    fclose(f);
    if (!ok || g < generations) {
        snprintf(msg, len, "%s: holds %zu of the %zu generations of the checkpoint: it does not belong to it", path,
                 p->generations, generations);
        return -1;
    }
    return 0;
}

int fit_write_best_toml(const char *dir, const char *source, const ax_fit_table *t, const double *best, char *msg,
                        size_t len)
{
    char path[4096], tmp[4200];
    FILE *f = open_partial(dir, "best.toml", path, tmp, sizeof path, msg, len);
    if (!f)
        return -1;
    double longest = 0;
    for (size_t p = 0; p < t->n_protocols; p++)
        longest = fmax(longest, t->protocols[p].run_ms);
    fprintf(f, "# The best neuron of `axon fit %s`: population p<k> is the fitted %s under protocol k\n"
               "# (a current step), recorded as in the fit.  `axon run` on this file reproduces the fit's spikes\n"
               "# bit for bit (a protocol shorter than the simulation: its spikes up to its run).\n\n"
               "name = \"best\"\n\n[simulation]\ndt = ", source, t->model);
    number(f, t->dt_ms);
    fputs("\nduration = ", f);
    number(f, longest);
    fputs("\nseed = 1\n", f);
    /* a fitted input_scale is written into the currents: the candidate got
     * input_scale * amplitude_na, the same product here */
    double scale = 1.0;
    for (size_t k = 0; k < t->n_free; k++)
        if (strcmp(t->free[k], "input_scale") == 0)
            scale = best[k];
    for (size_t p = 0; p < t->n_protocols; p++) {
        const ax_fit_protocol *pr = &t->protocols[p];
        fprintf(f, "\n[populations.p%zu]   # protocol %zu: %g nA from %g ms for %g ms, run %g ms\nmodel = \"%s\"\n"
                   "size = 1\n\n[populations.p%zu.params]\n", p, p, pr->amplitude_na, pr->onset_ms, pr->duration_ms,
                pr->run_ms, t->model, p);
        for (size_t k = 0; k < t->n_base; k++) {
            fprintf(f, "%s = ", t->base_names[k]);
            number(f, t->base_values[k]);
            fputc('\n', f);
        }
        for (size_t k = 0; k < t->n_free; k++) {
            if (strcmp(t->free[k], "input_scale") == 0)
                continue;
            fprintf(f, "%s = ", t->free[k]);
            number(f, best[k]);
            fputs("   # fitted\n", f);
        }
        if (pr->amplitude_na != 0) {
            fprintf(f, "\n[[inputs]]\nkind = \"dc\"\ntarget = \"p%zu\"\namplitude = ", p);
            number(f, scale * pr->amplitude_na);
            if (scale != 1.0) {
                fputs("   # the protocol's ", f);
                number(f, pr->amplitude_na);
                fputs(" nA times the fitted input_scale", f);
            }
            fputs("\nstart = ", f);
            number(f, pr->onset_ms);
            double stop = pr->onset_ms + pr->duration_ms;
            if (stop < pr->run_ms) {
                fputs("\nstop = ", f);
                number(f, stop);
            }
            fputc('\n', f);
        }
        fprintf(f, "\n[[record]]\npopulation = \"p%zu\"\nvariables = [\"spikes\", \"v\"]\ninterval = ", p);
        number(f, t->record_ms);
        fputc('\n', f);
    }
    return close_rename(f, tmp, path, msg, len);
}

static const char *kind_name(ax_objective_kind k)
{
    static const char *const n[] = {"gamma", "spike_distance", "summary", "trace", "feature", "spectrum",
                                    "population"};
    return (unsigned)k < 7 ? n[k] : "?";
}

static const char *optimizer_name(ax_optimizer_kind k)
{
    static const char *const n[] = {"bit_ga", "real_ga", "de", "cma_es"};
    return (unsigned)k < 4 ? n[k] : "?";
}

int fit_write_best_json(const char *dir, const ax_fit_table *t, const double *best, double score,
                        const double *terms, const ax_optimizer_info *info, char *msg, size_t len)
{
    char path[4096], tmp[4200];
    FILE *f = open_partial(dir, "best.json", path, tmp, sizeof path, msg, len);
    if (!f)
        return -1;
    fprintf(f, "{\n  \"model\": \"%s\",\n  \"params\": {", t->model);
    for (size_t k = 0; k < t->n_free; k++) {
        fprintf(f, "%s\"%s\": ", k ? ", " : "", t->free[k]);
        number(f, best[k]);
    }
    fputs("},\n  \"score\": ", f);
    number(f, score);
    fputs(",\n  \"terms\": [", f);
    size_t P = t->n_protocols;
    for (size_t i = 0; i < t->n_terms; i++)
        for (size_t p = 0; p < P; p++) {
            fprintf(f, "%s\n    {\"term\": %zu, \"kind\": \"%s\", \"protocol\": %zu, \"weight\": ", i || p ? "," : "",
                    i, kind_name(t->terms[i].kind), p);
            number(f, t->terms[i].weight);
            fputs(", \"value\": ", f);
            number(f, terms[i * P + p]);
            fputc('}', f);
        }
    fprintf(f, "\n  ],\n  \"optimizer\": \"%s\",\n  \"seed\": %llu,\n  \"budget\": %llu,\n  \"evaluations\": %llu,\n"
               "  \"generations\": %llu\n}\n", optimizer_name(info->kind), (unsigned long long)info->seed,
            (unsigned long long)info->budget, (unsigned long long)info->evaluations,
            (unsigned long long)info->generations);
    return close_rename(f, tmp, path, msg, len);
}

int fit_write_spikes(const char *dir, const char *name, const ax_spike_trains *trains, double dt_ms, char *msg,
                     size_t len)
{
    char path[4096], tmp[4200];
    FILE *f = open_partial(dir, name, path, tmp, sizeof path, msg, len);
    if (!f)
        return -1;
    /* as axon's recordings (record/write.c): times on the dt grid with its decimals, in time order;
     * dt_ms 0 (data files): every digit */
    int dec = 0;
    while (dt_ms > 0 && dec < 12 && fabs(dt_ms * pow(10, dec) - round(dt_ms * pow(10, dec))) >= 1e-9 * dt_ms *
                                        pow(10, dec))
        dec++;
    fputs("time_ms,neuron\n", f);
    size_t n = trains->n_trains, *next = calloc(n ? n : 1, sizeof *next);
    if (!next) {
        fclose(f), remove(tmp);
        snprintf(msg, len, "%s: out of memory", path);
        return -1;
    }
    for (size_t k = 0; k < n; k++)
        next[k] = trains->offsets[k];
    for (;;) {   /* merge the trains: the earliest spike first, the lower train on ties */
        size_t pick = n;
        for (size_t k = 0; k < n; k++)
            if (next[k] < trains->offsets[k + 1] &&
                (pick == n || trains->times_ms[next[k]] < trains->times_ms[next[pick]]))
                pick = k;
        if (pick == n)
            break;
        if (dt_ms > 0)
            fprintf(f, "%.*f,%zu\n", dec, trains->times_ms[next[pick]++], pick);
        else
            fprintf(f, "%.17g,%zu\n", trains->times_ms[next[pick]++], pick);
    }
    free(next);
    return close_rename(f, tmp, path, msg, len);
}
