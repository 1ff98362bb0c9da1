/*
 * fit_cmd.c - `axon fit MODEL.toml` (docs/fitting.md, "Fits"): the [fit]
 * table's optimiser run generation by generation, each generation one run
 * of the evaluator (every candidate under every protocol at once) scored
 * in C by the objective as the run goes.  After each generation the
 * optimiser's state is saved (fit.state) and progress.csv rewritten, so
 * `--resume` goes on exactly where the fit stopped: the same candidates,
 * the same scores, bit for bit.  At the end: best.toml, best.json and the
 * pictures.
 */
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "fit.h"

/* A stop signal (SIGINT, SIGTERM, SIGHUP) asks the fit to stop after the
 * generation that runs: its checkpoint is then complete, and --resume goes on. */
static volatile sig_atomic_t fit_stop;

static void on_stop_signal(int sig)
{
    fit_stop = sig;
}

typedef struct fit_opts {
    const char *model, *out;
    long long threads, generations;
    bool resume, quiet;
} fit_opts;

static int usage(FILE *f)
{
    fputs("usage: axon fit MODEL.toml [--out DIR] [--resume] [--threads N] [--generations G] [--quiet]\n\n"
          "Fits the free parameters of the file's [fit] table (docs/fitting.md, \"Fits\"): each generation of\n"
          "the optimiser runs as one network, every candidate under every protocol, scored by the objective.\n"
          "Writes to DIR: progress.csv (best and median score per generation), fit.state (the optimiser,\n"
          "after every generation), best.toml (the best neuron under the protocols: axon run it),\n"
          "best.json, best.spikes.csv and target.spikes.csv (one neuron per protocol), convergence.png,\n"
          "rasters.png and traces.png.\n\n"
          "  --out DIR          output folder (default simulation.output, axon-out/<name>)\n"
          "  --resume           go on from DIR/fit.state, bit for bit as if never stopped\n"
          "  --threads N        threads of each run (default fit.threads; the fit is the same for any N)\n"
          "  --generations G    stop after G more generations (--resume goes on)\n"
          "  --quiet            print nothing but errors\n\n"
          "exit status: 0 success\n"
          "  1 error in the model file, its [fit] table or its data files\n"
          "  2 bad command line, a file without [fit], an output folder that cannot be written,\n"
          "    --resume without a checkpoint, or a fit already in DIR without --resume\n"
          "  3 failure while fitting (a failed write, a model that diverges), or stopped by a signal\n"
          "    (after the generation that runs: --resume goes on)\n",
          f);
    return f == stderr ? EXIT_USAGE : 0;
}

static int parse(int argc, char **argv, fit_opts *o)
{
    *o = (fit_opts){.threads = -1, .generations = -1};
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return 1;
        if (!strcmp(a, "--resume") || !strcmp(a, "--quiet")) {
            *(!strcmp(a, "--resume") ? &o->resume : &o->quiet) = true;
            continue;
        }
        const char *opts[] = {"--out", "--threads", "--generations"};
        const char *val = NULL;
        int which = cli_option_value(argc, argv, &k, opts, 3, &val);
        if (which < 0) {
            if (a[0] == '-' && a[1]) {
                fprintf(stderr, "axon fit: unknown option %s\n", a);
                return -1;
            }
            if (o->model) {
                fprintf(stderr, "axon fit: one model file at a time (%s and %s given)\n", o->model, a);
                return -1;
            }
            o->model = a;
            continue;
        }
        long long n = 0;
        if (!val || !*val) {
            fprintf(stderr, "axon fit: %s needs a value\n", opts[which]);
            return -1;
        }
        if (which == 0) {
            o->out = val;
        } else if (!parse_long(val, &n) || n < (which == 1 ? 0 : 1) || n > (which == 1 ? 1024 : (1ll << 40))) {
            fprintf(stderr, "axon fit: %s takes a whole number %s, got '%s'\n", opts[which],
                    which == 1 ? "from 0 to 1024" : ">= 1", val);
            return -1;
        } else {
            *(which == 1 ? &o->threads : &o->generations) = n;
        }
    }
    if (!o->model) {
        fprintf(stderr, "axon fit: no model file given\n");
        return -1;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n scores, a non-finite one counting as +inf (as the optimisers count it). */
static double median(const double *s, size_t n, double *tmp)
{
    for (size_t k = 0; k < n; k++)
        tmp[k] = isfinite(s[k]) ? s[k] : INFINITY;
    qsort(tmp, n, sizeof *tmp, cmp_double);
    return n % 2 ? tmp[n / 2] : 0.5 * (tmp[n / 2 - 1] + tmp[n / 2]);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The state of a fit in progress: what the loop and the end share. */
typedef struct fit_state {
    const ax_fit_table *t;
    ax_objective *obj;
    ax_optimizer *opt;
    ax_fit_evaluator *ev;
    fit_progress progress;
    size_t pop;
    double *x, *tmp;
} fit_state;

/* One generation: ask, one run, tell, checkpoint. 0, 1 (done) or -1 (message in err). */
static int generation(fit_state *s, const char *dir, double t0, const fit_opts *o, ax_error *err)
{
    const ax_fit_table *t = s->t;
    size_t rows;
    ax_optimizer_info info;
    ax_optimizer_get_info(s->opt, &info, NULL);
    if (info.done)
        return 1;
    if (ax_optimizer_ask(s->opt, s->x, s->pop, &rows, err))
        return -1;
    /* candidates that cannot beat the best so far may stop (the best is in the checkpoint: resumable) */
    ax_fit_evaluate_options eo = {.score = ax_fit_score_objective, .user = s->obj, .chunk_ms = t->chunk_ms,
                                  .stop_early = t->stop_early && isfinite(info.best_score),
                                  .stop_above = info.best_score};
    ax_fit_results r;
    if (ax_fit_evaluate(s->ev, s->x, rows, &eo, &r, err))
        return -1;
    ax_status st = ax_optimizer_tell(s->opt, r.scores, rows, err);
    double med = median(r.scores, rows, s->tmp);
    ax_fit_results_free(&r);
    if (st)
        return -1;
    ax_optimizer_get_info(s->opt, &info, NULL);
    char path[4096], msg[1024] = "";
    snprintf(path, sizeof path, "%.4000s/fit.state", dir);
    if (ax_optimizer_save(s->opt, path, err))
        return -1;
    double elapsed = now_s() - t0;
    if (fit_progress_add(&s->progress, (size_t)info.evaluations, info.best_score, med, elapsed) ||
        fit_progress_write(dir, &s->progress, msg, sizeof msg))
        return fit_fail(err, AX_ERR_IO, "%s", s->progress.cap ? msg : "out of memory");
    if (!o->quiet)
        fprintf(stderr, "axon fit: generation %llu: %llu evaluations, best %.6g, median %.6g, %.1f s\n",
                (unsigned long long)info.generations - 1, (unsigned long long)info.evaluations, info.best_score, med,
                elapsed);
    return info.done ? 1 : 0;
}

/* The end: the best neuron alone, its per-term scores, and every output. */
static int finish(fit_state *s, const fit_opts *o, const char *dir, const fit_target *tg, ax_error *err)
{
    const ax_fit_table *t = s->t;
    ax_optimizer_info info;
    ax_optimizer_get_info(s->opt, &info, NULL);
    double *best = malloc(t->n_free * sizeof *best), score;
    size_t n_terms = t->n_terms * t->n_protocols;
    double *terms = malloc(n_terms * sizeof *terms);
    fit_run run = {0};
    int rc = -1;
    char msg[1024] = "";
    if (!best || !terms) {
        fit_fail(err, AX_ERR_MEMORY, "out of memory");
        goto done;
    }
    if (ax_optimizer_get_best(s->opt, best, &score, err) ||
        fit_run_one(t, t->model, t->base_names, t->base_values, t->n_base, t->free, best, t->n_free, &run, err))
        goto done;
    ax_objective_outputs *out = calloc(t->n_protocols, sizeof *out);
    ax_spike_trains *views = calloc(t->n_protocols, sizeof *views);
    size_t(*off)[2] = calloc(t->n_protocols, sizeof *off);
    double total = NAN;
    ax_status st = !out || !views || !off ? AX_ERR_MEMORY : AX_OK;
    for (size_t p = 0; !st && p < t->n_protocols; p++) {
        views[p] = fit_one_train(&run.r.trains, p, t->protocols[p].run_ms, off[p]);
        out[p] = (ax_objective_outputs){.spikes = &views[p], .voltage = run.v[p], .n_voltage = run.n_v[p],
                                        .voltage_dt_ms = t->record_ms};
    }
    st = st ? fit_fail(err, st, "out of memory"), st : ax_objective_evaluate(s->obj, out, &total, terms, err);
    free(out), free(views), free(off);
    if (st)
        goto done;
    if (fit_write_best_toml(dir, o->model, t, best, msg, sizeof msg) ||
        fit_write_best_json(dir, t, best, total, terms, &info, msg, sizeof msg) ||
        fit_write_spikes(dir, "best.spikes.csv", &run.r.trains, t->dt_ms, msg, sizeof msg) ||
        fit_write_spikes(dir, "target.spikes.csv", &tg->trains, tg->simulated ? t->dt_ms : 0, msg, sizeof msg)) {
        fit_fail(err, AX_ERR_IO, "%s", msg);
        goto done;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/convergence.png", dir);
    if (fit_draw_convergence(path, &s->progress, msg, sizeof msg) == 0) {
        snprintf(path, sizeof path, "%s/rasters.png", dir);
        if (fit_draw_rasters(path, t, &tg->trains, &run.r.trains, msg, sizeof msg) == 0) {
            snprintf(path, sizeof path, "%s/traces.png", dir);
            fit_draw_traces(path, t, tg, &run, msg, sizeof msg);
        }
    }
    if (*msg) {
        fit_fail(err, AX_ERR_IO, "%s", msg);
        goto done;
    }
    if (!o->quiet) {
        fprintf(stderr, "axon fit: best score %.6g after %llu evaluations (%llu generations):", total,
                (unsigned long long)info.evaluations, (unsigned long long)info.generations);
        for (size_t k = 0; k < t->n_free; k++)
            fprintf(stderr, " %s = %.6g", t->free[k], best[k]);
        fprintf(stderr, "\n  in %s: best.toml, best.json, best.spikes.csv, target.spikes.csv, progress.csv,\n"
                "  convergence.png, rasters.png, traces.png\n", dir);
    }
    rc = 0;
done:
    fit_run_free(&run);
    free(best), free(terms);
    return rc;
}

int cmd_fit(int argc, char **argv)
{
    fit_opts o;
    int pr = parse(argc, argv, &o);
    if (pr)
        return pr > 0 ? usage(stdout) : (usage(stderr), EXIT_USAGE);
    ax_error err = {0};
    ax_modelfile *m = ax_modelfile_load(o.model, NULL, 0, &err);
    if (!m) {
        fprintf(stderr, "axon fit: %s\n", err.message);
        return EXIT_MODEL;
    }
    const ax_fit_table *t;
    if (ax_fit_get_table(m, &t, &err)) {
        fprintf(stderr, "axon fit: %s: no [fit] table: nothing to fit (docs/fitting.md, \"Fits\")\n", o.model);
        ax_modelfile_free(m);
        return EXIT_USAGE;
    }
    char dir[4096], state[4200];
    snprintf(dir, sizeof dir, "%s", o.out ? o.out : ax_modelfile_get_output_dir(m));
    snprintf(state, sizeof state, "%s/fit.state", dir);
    int code = EXIT_USAGE;
    fit_state s = {.t = t};
    fit_target tg = {0};
    if (make_dirs(dir) != 0) {
        fprintf(stderr, "axon fit: cannot create the output folder %s: %s\n", dir, strerror(errno));
        goto out;
    }
    if (o.resume != exists(state)) {
        fprintf(stderr, o.resume ? "axon fit: --resume: %s has no checkpoint (fit.state): nothing to resume\n"
                                 : "axon fit: %s holds a fit already (fit.state): --resume it, or give another "
                                   "--out\n", dir);
        goto out;
    }
    code = EXIT_MODEL;
    /* the target and the objective: every check before the first generation */
    if (fit_target_make(t, &tg, &err) || !(s.obj = fit_objective_make(t, &tg, &err))) {
        fprintf(stderr, "axon fit: %s: %s\n", o.model, err.message);
        goto out;
    }
    code = EXIT_RUN;
    if (o.resume) {
        char msg[1024];
        ax_optimizer_info info;
        if (ax_optimizer_load(state, &s.opt, &err) || ax_optimizer_get_info(s.opt, &info, &err)) {
            fprintf(stderr, "axon fit: %s\n", err.message);
            goto out;
        }
        if (info.n_params != t->n_free || info.seed != t->optimizer.seed || info.budget != t->optimizer.budget ||
            info.kind != t->optimizer.kind) {
            fprintf(stderr, "axon fit: %s is the checkpoint of another fit (its optimiser, seed, budget or free "
                    "parameters differ from %s's [fit])\n", state, o.model);
            code = EXIT_USAGE;
            goto out;
        }
        if (fit_progress_read(dir, (size_t)info.generations, &s.progress, msg, sizeof msg)) {
            fprintf(stderr, "axon fit: %s\n", msg);
            goto out;
        }
    } else if (ax_optimizer_create(&t->optimizer, &s.opt, &err)) {
        fprintf(stderr, "axon fit: %s\n", err.message);
        goto out;
    }
    ax_optimizer_info info;
    ax_optimizer_get_info(s.opt, &info, NULL);
    s.pop = info.pop_size;
    s.x = malloc(s.pop * t->n_free * sizeof *s.x);
    s.tmp = malloc(s.pop * sizeof *s.tmp);
    ax_fit_evaluator_spec spec = {.model = t->model, .base_names = t->base_names, .base_values = t->base_values,
                                  .n_base = t->n_base, .free = t->free, .n_free = t->n_free, .max_candidates = s.pop,
                                  .protocols = t->protocols, .n_protocols = t->n_protocols, .dt_ms = t->dt_ms,
                                  .threads = (int)(o.threads >= 0 ? o.threads : t->threads),
                                  .record_ms = (t->needs & AX_OBJECTIVE_NEEDS_VOLTAGE) ? t->record_ms : 0};
    if (!s.x || !s.tmp || ax_fit_evaluator_create(&spec, &s.ev, &err)) {
        fprintf(stderr, "axon fit: %s\n", s.x && s.tmp ? err.message : "out of memory");
        goto out;
    }
    if (!o.quiet)
        fprintf(stderr, "axon fit: %s: %zu free parameters, %zu protocols, %zu candidates a generation, budget "
                "%llu evaluations%s\n", o.model, t->n_free, t->n_protocols, s.pop,
                (unsigned long long)info.budget, o.resume ? " (resumed)" : "");
    double t0 = now_s() - (s.progress.generations ? s.progress.elapsed[s.progress.generations - 1] : 0);
    int g = 0;
    cli_stop_signals old;
    fit_stop = 0;
    cli_stop_signals_catch(&old, on_stop_signal);
    for (long long n = 0; (o.generations < 0 || n < o.generations) && !fit_stop; n++)
        if ((g = generation(&s, dir, t0, &o, &err)) != 0)
            break;
    cli_stop_signals_release(&old);
    if (g < 0) {
        fprintf(stderr, "axon fit: %s\n", err.message);
        goto out;
    }
    if (fit_stop) {
        fprintf(stderr, "axon fit: stopped by %s after %zu generations; the checkpoint is in %s: --resume goes on\n",
                cli_signal_name(fit_stop), s.progress.generations, dir);
        goto out;
    }
    if (s.progress.generations == 0) {
        code = 0;
        goto out;
    }
    if (finish(&s, &o, dir, &tg, &err)) {
        fprintf(stderr, "axon fit: %s\n", err.message);
        goto out;
    }
    code = 0;
out:
    ax_fit_evaluator_free(s.ev);
    ax_optimizer_free(s.opt);
    ax_objective_free(s.obj);
    fit_progress_free(&s.progress);
    free(s.x), free(s.tmp);
    fit_target_free(&tg);
    ax_modelfile_free(m);
    return code;
}
