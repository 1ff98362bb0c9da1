/*
 * run_cmd.c - `axon run MODEL.toml` and `axon check MODEL.toml`.
 *
 * run: load the model file (with --set overrides), build, continue from a
 * saved state if asked (--restore-state), run with a progress bar on a
 * terminal, write the recordings, the state if asked (--save-state) and
 * then summary.json - last, so that a folder with a summary.json holds a
 * finished run; an old summary.json is removed before anything else
 * happens.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "axon.h"
#include "cli.h"
#include "json.h"

#define MAX_SETS 256

typedef struct run_opts {
    const char *model;
    const char *sets[MAX_SETS + 3];
    size_t n_sets;
    bool json, quiet;
    char threads[64], seed[64], out[4200];
    const char *save_state, *restore_state;
} run_opts;

static int usage(FILE *f, bool check)
{
    if (check)
        fprintf(f, "usage: axon check MODEL.toml [--set key.path=value]...\n\n"
                   "Loads and validates a model file without running it: every key, value, model,\n"
                   "population, parameter and receptor.  Exit status 0 when it is fine, 1 otherwise.\n");
    else
        fprintf(f, "usage: axon run MODEL.toml [--set key.path=value]... [--threads N] [--seed S]\n"
                   "                [--out DIR] [--save-state FILE] [--restore-state FILE] [--json] [--quiet]\n\n"
                   "Runs a model file and writes its recordings and summary.json to the output\n"
                   "folder (simulation.output, default axon-out/<name>).\n\n"
                   "  --set key.path=value  override any key, e.g. --set simulation.duration=200,\n"
                   "                        --set populations.E.params.tau_m=10, --set projections.0.weight=0.5\n"
                   "  --threads N           worker threads (0 = all cores)\n"
                   "  --seed S              random seed\n"
                   "  --out DIR             output folder\n"
                   "  --save-state FILE     write the whole simulation state to FILE at the end of the run\n"
                   "  --restore-state FILE  continue from a state saved by --save-state (same model file and\n"
                   "                        seed, any --threads) for simulation.duration more ms; times in\n"
                   "                        the outputs go on from the saved time\n"
                   "  --json                print summary.json on stdout\n"
                   "  --quiet               print nothing but errors\n\n"
                   "exit status: 0 success, 1 error in the model or its input, 2 bad command line,\n"
                   "3 failure while running (e.g. numerical blow-up, interrupted)\n");
    return f == stderr ? EXIT_USAGE : 0;
}

/* 0 ok, 1 help shown, -1 bad command line (message printed). */
static int parse(int argc, char **argv, run_opts *o, bool check)
{
    memset(o, 0, sizeof *o);
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return 1;
        if (!strcmp(a, "--json") && !check) {
            o->json = true;
            continue;
        }
        if (!strcmp(a, "--quiet") && !check) {
            o->quiet = true;
            continue;
        }
        const char *opts[] = {"--set", "--threads", "--seed", "--out", "--save-state", "--restore-state"};
        int which = -1;
        const char *val = NULL;
        for (int i = 0; i < (check ? 1 : 6); i++) {
            size_t n = strlen(opts[i]);
            if (!strncmp(a, opts[i], n) && (a[n] == '\0' || a[n] == '=')) {
                which = i;
                val = a[n] == '=' ? a + n + 1 : (k + 1 < argc ? argv[++k] : NULL);
            }
        }
        if (which < 0) {
            if (a[0] == '-' && a[1]) {
                fprintf(stderr, "axon %s: unknown option %s\n", check ? "check" : "run", a);
                return -1;
            }
            if (o->model) {
                fprintf(stderr, "axon %s: one model file at a time (%s and %s given)\n", check ? "check" : "run",
                        o->model, a);
                return -1;
            }
            o->model = a;
            continue;
        }
        if (!val) {
            fprintf(stderr, "axon: %s needs a value\n", opts[which]);
            return -1;
        }
        long long n;
        if (which == 0) {
            if (!strchr(val, '=') || val[0] == '=') {
                fprintf(stderr, "axon: --set needs key.path=value, got '%s'\n", val);
                return -1;
            }
            if (o->n_sets == MAX_SETS) {
                fprintf(stderr, "axon: more than %d --set options\n", MAX_SETS);
                return -1;
            }
            o->sets[o->n_sets++] = val;
        } else if (which == 1) {
            if (!parse_long(val, &n) || n < 0 || n > 1024) {
                fprintf(stderr, "axon: --threads takes 0 (all cores) .. 1024, got '%s'\n", val);
                return -1;
            }
            snprintf(o->threads, sizeof o->threads, "simulation.threads=%lld", n);
        } else if (which == 2) {
            if (!parse_long(val, &n) || n < 0) {
                fprintf(stderr, "axon: --seed takes a whole number >= 0, got '%s'\n", val);
                return -1;
            }
            snprintf(o->seed, sizeof o->seed, "simulation.seed=%lld", n);
        } else if (which >= 4) {
            if (!*val) {
                fprintf(stderr, "axon: %s needs a file name\n", opts[which]);
                return -1;
            }
            *(which == 4 ? &o->save_state : &o->restore_state) = val;
        } else {
            if (!*val || strlen(val) > 4000) {
                fprintf(stderr, "axon: --out needs a folder name\n");
                return -1;
            }
            /* as a TOML string, so that any folder name survives */
            char *w = o->out + snprintf(o->out, sizeof o->out, "simulation.output=\"");
            for (const char *c = val; *c; c++) {
                if (*c == '"' || *c == '\\')
                    *w++ = '\\';
                *w++ = *c;
            }
            snprintf(w, 3, "\"");
        }
    }
    if (!o->model) {
        fprintf(stderr, "axon %s: no model file given\n", check ? "check" : "run");
        return -1;
    }
    /* the options win over --set: they come last */
    if (o->threads[0])
        o->sets[o->n_sets++] = o->threads;
    if (o->seed[0])
        o->sets[o->n_sets++] = o->seed;
    if (o->out[0])
        o->sets[o->n_sets++] = o->out;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Progress and interruption                                           */
/* ------------------------------------------------------------------ */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct progress {
    bool show;
    double start, last;
    double t0;
} progress;

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int on_progress(double t, double t_end, void *user)
{
    progress *p = user;
    double now = wall();
    if (p->show && (now - p->last > 0.1 || t >= t_end)) {
        p->last = now;
        double frac = (t - p->t0) / (t_end - p->t0), spent = now - p->start;
        double eta = frac > 0 ? spent * (1 - frac) / frac : 0;
        char bar[31];
        int filled = (int)(frac * 30 + 0.5);
        for (int k = 0; k < 30; k++)
            bar[k] = k < filled ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\r  [%s] %5.1f%%  %.1f / %.1f ms  %.1f s  %.2f s per simulated s  ETA %.1f s   ", bar,
                100 * frac, t, t_end, spent, (t - p->t0) > 0 ? spent / ((t - p->t0) * 1e-3) : 0.0, eta);
        if (t >= t_end)
            fputc('\n', stderr);
        fflush(stderr);
    }
    return interrupted != 0;
}

/* ------------------------------------------------------------------ */
/* summary.json                                                        */
/* ------------------------------------------------------------------ */

static int write_summary(const char *path, ax_modelfile *m, const char *model_path, double start, double duration,
                         bool completed, FILE *also)
{
    char tmp[4400];
    snprintf(tmp, sizeof tmp, "%s.partial", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    ax_network *net = ax_modelfile_get_network(m);
    ax_stats st;
    ax_network_get_stats(net, &st);
    fprintf(f, "{\"axon_version\": \"%s\", \"name\": ", AX_VERSION);
    json_write_string(f, ax_modelfile_get_name(m));
    fprintf(f, ", \"model_file\": ");
    json_write_string(f, model_path);
    fprintf(f, ", \"seed\": %llu, \"threads\": %d, \"dt\": %.10g, \"start_ms\": %.17g, \"duration_ms\": %.17g, \"time_ms\": %.17g, "
               "\"completed\": %s,\n \"neurons\": %llu, \"synapses\": %llu, \"events\": %llu, \"build_s\": %.4f, "
               "\"run_s\": %.4f, \"spikes\": %llu, \"peak_rss_mb\": %.1f, \"synapse_bytes\": %llu, \"plastic_bytes\": %llu,\n "
               "\"populations\": {",
            (unsigned long long)ax_network_get_seed(net), st.threads, ax_network_get_dt(net), start, duration, st.time_ms,
            completed ? "true" : "false", (unsigned long long)st.neurons, (unsigned long long)st.synapses,
            (unsigned long long)st.events, st.build_s, st.run_s, (unsigned long long)st.spikes, peak_rss_mb(),
            (unsigned long long)st.synapse_bytes, (unsigned long long)st.plastic_bytes);
    for (size_t k = 0; k < ax_population_count(net); k++) {
        ax_population_info info;
        uint64_t n;
        ax_population_get_info(net, (ax_population)k, &info);
        ax_population_get_spike_count(net, (ax_population)k, &n);
        fprintf(f, "%s\n  ", k ? "," : "");
        json_write_string(f, info.name);
        fprintf(f, ": {\"model\": ");
        json_write_string(f, info.model->name);
        fprintf(f, ", \"size\": %u, \"spikes\": %llu, \"rate_hz\": %.6g}", info.size, (unsigned long long)n,
                st.time_ms > 0 ? n * 1000.0 / (st.time_ms * info.size) : 0.0);
    }
    fprintf(f, "},\n \"files\": [");
    for (size_t k = 0; ax_modelfile_get_recording_file(m, k); k++) {
        fprintf(f, "%s", k ? ", " : "");
        json_write_string(f, ax_modelfile_get_recording_file(m, k));
    }
    fprintf(f, "],\n \"recordings\": [");
    for (size_t k = 0; k < ax_recorder_count(net); k++) {
        ax_recorder_info ri;
        ax_population_info info;
        ax_recorder_get_info(net, (ax_recorder)k, &ri);
        if (ri.kind == AX_RECORDER_WEIGHTS || ri.kind == AX_RECORDER_WEIGHT_HISTOGRAM) {
            const char *pname = ax_modelfile_get_projection_name(m, ri.projection);
            fprintf(f, "%s\n  {\"projection\": ", k ? "," : "");
            json_write_string(f, pname ? pname : "");
            fprintf(f, ", \"variable\": ");
            json_write_string(f, ri.variable);
            fprintf(f, ", \"synapses\": %zu", ri.n_neurons);
            if (ri.bins)
                fprintf(f, ", \"bins\": %u", ri.bins);
            if (ri.interval_ms > 0)
                fprintf(f, ", \"interval_ms\": %.10g", ri.interval_ms);
            fprintf(f, "}");
            continue;
        }
        ax_population_get_info(net, ri.pop, &info);
        fprintf(f, "%s\n  {\"population\": ", k ? "," : "");
        json_write_string(f, info.name);
        fprintf(f, ", \"variable\": ");
        json_write_string(f, ri.variable);
        fprintf(f, ", \"neurons\": %zu", ri.n_neurons);
        if (strcmp(ri.variable, "spikes") != 0)
            fprintf(f, ", \"interval_ms\": %.10g", ri.interval_ms);
        fprintf(f, "}");
    }
    fprintf(f, "]}\n");
    bool bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    if (also) {
        FILE *in = fopen(path, "r");
        char buf[4096];
        size_t got;
        while (in && (got = fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, got, also);
        if (in)
            fclose(in);
    }
    return 0;
}

static void print_summary(ax_modelfile *m, const char *model_path, const char *dir, double start)
{
    ax_network *net = ax_modelfile_get_network(m);
    ax_stats st;
    ax_network_get_stats(net, &st);
    printf("axon run %s (%s): %llu neurons, %llu synapses, %.1f ms, seed %llu, %d thread%s\n", ax_modelfile_get_name(m),
           model_path, (unsigned long long)st.neurons, (unsigned long long)st.synapses, st.time_ms,
           (unsigned long long)ax_network_get_seed(net), st.threads, st.threads == 1 ? "" : "s");
    printf("  build %.3f s, run %.3f s (%.3f s per simulated second), %llu spikes\n", st.build_s, st.run_s,
           st.time_ms > start ? st.run_s / ((st.time_ms - start) * 1e-3) : 0.0, (unsigned long long)st.spikes);
    for (size_t k = 0; k < ax_population_count(net); k++) {
        ax_population_info info;
        uint64_t n;
        ax_population_get_info(net, (ax_population)k, &info);
        ax_population_get_spike_count(net, (ax_population)k, &n);
        printf("  %-12s %8u %-24s %10llu spikes %9.3f Hz\n", info.name, info.size, info.model->name,
               (unsigned long long)n, st.time_ms > 0 ? n * 1000.0 / (st.time_ms * info.size) : 0.0);
    }
    printf("  wrote %s/", dir);
    for (size_t k = 0; ax_modelfile_get_recording_file(m, k); k++)
        printf("%s%s", k ? ", " : "", ax_modelfile_get_recording_file(m, k));
    printf("%ssummary.json\n", ax_modelfile_get_recording_file(m, 0) ? ", " : "");
}

/* ------------------------------------------------------------------ */
/* The commands                                                        */
/* ------------------------------------------------------------------ */

static ax_modelfile *load(const run_opts *o)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(o->model, o->sets, o->n_sets, &err);
    if (!m)
        fprintf(stderr, "%s\n", err.message);
    return m;
}

int cmd_check(int argc, char **argv)
{
    run_opts o;
    int p = parse(argc, argv, &o, true);
    if (p)
        return usage(p > 0 ? stdout : stderr, true);
    ax_modelfile *m = load(&o);
    if (!m)
        return EXIT_MODEL;
    ax_network *net = ax_modelfile_get_network(m);
    if (ax_network_validate(net) != AX_OK) {
        fprintf(stderr, "%s: %s\n", o.model, ax_network_get_error(net));
        ax_modelfile_free(m);
        return EXIT_MODEL;
    }
    ax_stats st;
    ax_network_get_stats(net, &st);
    printf("%s: ok (%zu populations, %llu neurons, %zu recordings", o.model, ax_population_count(net),
           (unsigned long long)st.neurons, ax_recorder_count(net));
    if (isnan(ax_modelfile_get_duration(m)))
        printf("; no simulation.duration: give one with --set simulation.duration=MS");
    printf(")\n");
    ax_modelfile_free(m);
    return 0;
}

int cmd_run(int argc, char **argv)
{
    run_opts o;
    int p = parse(argc, argv, &o, false);
    if (p)
        return usage(p > 0 ? stdout : stderr, false);
    ax_modelfile *m = load(&o);
    if (!m)
        return EXIT_MODEL;
    ax_network *net = ax_modelfile_get_network(m);
    double duration = ax_modelfile_get_duration(m);
    const char *dir = ax_modelfile_get_output_dir(m);
    char summary[4300];
    snprintf(summary, sizeof summary, "%s/summary.json", dir);
    int status = 0;
    if (isnan(duration)) {
        fprintf(stderr, "%s: simulation.duration is missing: give it in the file or with --set simulation.duration=MS\n",
                o.model);
        status = EXIT_MODEL;
    } else if (ax_network_validate(net) != AX_OK) {
        fprintf(stderr, "%s: %s\n", o.model, ax_network_get_error(net));
        status = EXIT_MODEL;
    } else if (make_dirs(dir) != 0 || access(dir, W_OK) != 0) {
        fprintf(stderr, "axon run: cannot write to the output folder %s: %s\n", dir, strerror(errno));
        status = EXIT_RUN;
    } else if (remove(summary) != 0 && errno != ENOENT) {
        fprintf(stderr, "axon run: cannot remove the old %s: %s\n", summary, strerror(errno));
        status = EXIT_RUN;
    }
    if (status) {
        ax_modelfile_free(m);
        return status;
    }
    ax_status st = ax_network_build(net);
    if (st != AX_OK) {
        fprintf(stderr, "%s: %s\n", o.model, ax_network_get_error(net));
        ax_modelfile_free(m);
        return st == AX_ERR_MEMORY || st == AX_ERR_ARGUMENT ? EXIT_MODEL : EXIT_RUN;
    }
    if (o.restore_state && ax_network_restore_state(net, o.restore_state) != AX_OK) {
        fprintf(stderr, "%s: %s\n", o.model, ax_network_get_error(net));
        ax_modelfile_free(m);
        return EXIT_MODEL;
    }
    double start = ax_network_get_time(net);
    progress prog = {isatty(STDERR_FILENO) && !o.quiet && !o.json, wall(), 0, ax_network_get_time(net)};
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old);
    ax_network_set_progress(net, on_progress, &prog, duration / 400 > ax_network_get_dt(net) ? duration / 400 : ax_network_get_dt(net));
    st = ax_modelfile_run(m, duration);
    sigaction(SIGINT, &old, NULL);
    if (st != AX_OK && st != AX_ERR_INTERRUPTED) {
        if (prog.show)
            fputc('\n', stderr);
        fprintf(stderr, "%s: %s\n", o.model, ax_network_get_error(net));
        ax_modelfile_free(m);
        return EXIT_RUN;
    }
    bool completed = st == AX_OK;
    if (!completed)
        fprintf(stderr, "\naxon run: interrupted at t = %g ms; writing what was recorded so far\n", ax_network_get_time(net));
    if (ax_modelfile_write_recordings(m, dir) != AX_OK) {
        fprintf(stderr, "axon run: %s\n", ax_network_get_error(net));
        ax_modelfile_free(m);
        return EXIT_RUN;
    }
    /* an interrupted run stops at a clean point, from which it can go on: its state is saved too */
    if (o.save_state && ax_network_save_state(net, o.save_state) != AX_OK) {
        fprintf(stderr, "axon run: %s\n", ax_network_get_error(net));
        ax_modelfile_free(m);
        return EXIT_RUN;
    }
    if (write_summary(summary, m, o.model, start, duration, completed, o.json ? stdout : NULL) != 0) {
        fprintf(stderr, "axon run: cannot write %s: %s\n", summary, strerror(errno));
        ax_modelfile_free(m);
        return EXIT_RUN;
    }
    if (!o.quiet && !o.json) {
        print_summary(m, o.model, dir, start);
        if (o.restore_state)
            printf("  continued from %s at t = %g ms\n", o.restore_state, start);
        if (o.save_state)
            printf("  saved the state at t = %g ms to %s\n", ax_network_get_time(net), o.save_state);
    }
    ax_modelfile_free(m);
    return completed ? 0 : EXIT_RUN;
}
