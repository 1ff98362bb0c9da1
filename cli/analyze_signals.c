/*
 * analyze_signals.c - the population signals of a run folder for `axon
 * analyze` (EEG, LFP, mean_<var>; docs/model-file.md "Population
 * signals"): the Welch PSD of each, its peak and band powers.  The files
 * are read with the recordings reader of `axon plot` (file:line:col
 * errors); a signal is sampled regularly at the interval summary.json
 * gives.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "json.h"
#include "recordings.h"

/* Rows read at most: the PSD needs every sample (an evenly spread subset
 * would alias), so a longer signal is refused rather than thinned. */
#define MAX_SAMPLES ((size_t)1 << 26)

static bool is_signal(const char *var)
{
    return !strcmp(var, "eeg") || !strcmp(var, "lfp") || !strncmp(var, "mean_", 5);
}

static bool exists_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

long an_signals_json(FILE *f, const char *dir, const void *summary, const an_options *o, const char *pictures_dir,
                     char *err, size_t len)
{
    const json_value *recs = json_get(summary, "recordings");
    long written = 0;
    for (size_t k = 0; recs && recs->type == JSON_ARRAY && k < recs->n; k++) {
        const json_value *pop = json_get(recs->items[k], "population"), *var = json_get(recs->items[k], "variable");
        const json_value *iv = json_get(recs->items[k], "interval_ms");
        if (!pop || !var || pop->type != JSON_STRING || var->type != JSON_STRING || !is_signal(var->string))
            continue;
        char csv[4096], npy[4096], times[4096];
        snprintf(csv, sizeof csv, "%s/%s.%s.csv", dir, pop->string, var->string);
        snprintf(npy, sizeof npy, "%s/%s.%s.npy", dir, pop->string, var->string);
        snprintf(times, sizeof times, "%s/%s.%s.times.npy", dir, pop->string, var->string);
        rec_table t = {0};
        int rc;
        if (exists_file(csv))
            rc = rec_read_csv(csv, REC_SAMPLES, 2, MAX_SAMPLES, &t, err, len);
        else if (exists_file(npy))
            rc = rec_read_npy(npy, times, 2, MAX_SAMPLES, &t, err, len);
        else
            continue;
        if (rc < 0)
            return -1;
        if (t.total > t.rows) {
            snprintf(err, len, "%s: more than %zu samples: too long for its spectrum", exists_file(csv) ? csv : npy,
                     MAX_SAMPLES);
            rec_table_free(&t);
            return -1;
        }
        /* the interval summary.json gives, else the times' first step */
        double dt = iv && iv->type == JSON_NUMBER ? iv->number : t.rows > 1 ? t.data[t.cols] - t.data[0] : NAN;
        double *x = malloc((t.rows ? t.rows : 1) * sizeof *x);
        if (!x) {
            rec_table_free(&t);
            snprintf(err, len, "out of memory");
            return -1;
        }
        for (size_t r = 0; r < t.rows; r++)
            x[r] = t.cols > 1 ? t.data[r * t.cols + 1] : NAN;
        ax_spectrum sp = {0};
        ax_error e = {0};
        size_t nperseg = 0;
        if (!(dt > 0) || an_psd(x, t.rows, dt, &sp, &nperseg, &e) < 0) {
            snprintf(err, len, "%s.%s: %s", pop->string, var->string, dt > 0 ? e.message : "no sampling interval");
            free(x);
            rec_table_free(&t);
            return -1;
        }
        fprintf(f, "%s\n  \"%s.%s\": {\"samples\": %zu, \"interval_ms\": ", written ? "," : "", pop->string,
                var->string, t.rows);
        an_number(f, dt);
        fputs(", \"psd\": ", f);
        an_psd_json(f, &sp, nperseg, dt);
        fputc('}', f);
        int prc = 0;
        if (o->pictures) {
            char path[4096], title[512];
            snprintf(path, sizeof path, "%s/%s.%s.psd.png", pictures_dir, pop->string, var->string);
            snprintf(title, sizeof title, "%s %s: power spectral density (Welch)", pop->string, var->string);
            prc = an_draw_lines(path, title, "frequency (Hz)", "power", sp.freqs_hz, sp.power, sp.n, true, err, len);
        }
        ax_array_free(sp.freqs_hz);
        ax_array_free(sp.power);
        free(x);
        rec_table_free(&t);
        if (prc < 0)
            return -1;
        written++;
    }
    return written;
}
