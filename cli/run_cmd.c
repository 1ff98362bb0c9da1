/*
 * run_cmd.c - `axon run MODEL.toml` and `axon check MODEL.toml`.
 *
 * Both load the model file (with --set overrides) and validate it the same
 * way (load, ax_modelfile_validate): check stops there, so it refuses
 * whatever run would refuse before its first step, with the same message.
 *
 * run then makes sure it can write where it will (exit 2 if not: the
 * output folder, the folder of --save-state), builds, continues from a
 * saved state if asked (--restore-state), runs (its recordings streamed),
 * writes what is left, the state if asked (--save-state) and summary.json;
 * an old summary.json is removed before anything is built.
 *
 * Under mpirun (docs/mpi.md) every rank runs this command on its part of
 * the network; the library writes the recordings from rank 0 and gives
 * every rank the same status.  Rank 0 alone prints (its output is
 * silenced on the others) and writes summary.json and the analysis; every
 * rank checks the output folder, so that all stop there or none does.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axon.h"
#include "analyze.h"
#include "cli.h"
#include "json.h"
#include "run_report.h"

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
                   "population, parameter and receptor, and simulation.duration - whatever `axon run`\n"
                   "checks before its first step, with the same messages (file:line:col: key: ...),\n"
                   "except what depends on the synapses drawn: check generates none and writes nothing.\n\n"
                   "exit status: 0 fine, 1 error in the model file or a file it reads, 2 bad command line\n");
    else
        fprintf(f, "usage: axon run MODEL.toml [--set key.path=value]... [--threads N] [--seed S]\n"
                   "                [--out DIR] [--save-state FILE] [--restore-state FILE] [--json] [--quiet]\n\n"
                   "Runs a model file and writes its recordings and summary.json to the output\n"
                   "folder (simulation.output, default axon-out/<name>).\n\n"
                   "  --set key.path=value  override any key, e.g. --set simulation.duration=200,\n"
                   "                        --set populations.E.params.tau_m=10, --set projections.0.weight=0.5\n"
                   "  --threads N           worker threads (0 = one part per core, run by 1 or more threads:\n"
                   "                        those that ran the first windows fastest)\n"
                   "  --seed S              random seed\n"
                   "  --out DIR             output folder\n"
                   "  --save-state FILE     write the whole simulation state to FILE at the end of the run\n"
                   "  --restore-state FILE  continue from a state saved by --save-state (same model file and\n"
                   "                        seed, any --threads) for simulation.duration more ms; times in\n"
                   "                        the outputs go on from the saved time\n"
                   "  --json                print summary.json on stdout\n"
                   "  --quiet               print nothing but errors\n\n"
                   "exit status: 0 success\n"
                   "  1 error in the model file or an input file (--restore-state, from_list, weights_from)\n"
                   "  2 bad command line, or an output place that cannot be written (the output folder,\n"
                   "    the folder of --save-state)\n"
                   "  3 failure while running (numerical blow-up, out of memory, interrupted, a write\n"
                   "    that failed, e.g. a full disk)\n");
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
        const char *val;
        int which = cli_option_value(argc, argv, &k, opts, check ? 1 : 6, &val);
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
/* Signals                                                             */
/* ------------------------------------------------------------------ */

/* SIGINT (Ctrl-C), SIGTERM (timeout, Slurm, container stops) and SIGHUP
 * (a closed terminal) stop the run at the next window, so that it writes
 * what it recorded and a summary that says it stopped.  The handler is
 * reset when it runs: a second signal ends the process at once. */
static ax_network *volatile running_net;
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
    ax_network_interrupt(running_net);   /* an atomic store: safe here */
}

/* What the progress callback rewrites every few seconds: summary.json
 * saying how far the recordings go. */
typedef struct running_summary {
    const char *path, *model;
    ax_modelfile *m;
    double start, duration;
} running_summary;

static void rewrite_running_summary(void *ctx)
{
    running_summary *r = ctx;
    run_end end = {.status = "running"};
    write_summary(r->path, r->m, r->model, r->start, r->duration, &end, NULL);
}

/* ------------------------------------------------------------------ */
/* The commands                                                        */
/* ------------------------------------------------------------------ */

/* Loads and validates the model file as both commands do: NULL (message
 * printed) when anything a run checks before its first step is wrong. */
static ax_modelfile *load(const run_opts *o)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(o->model, o->sets, o->n_sets, &err);
    if (!m) {
        fprintf(stderr, "%s\n", err.message);
        return NULL;
    }
    if (ax_modelfile_validate(m) != AX_OK) {
        fprintf(stderr, "%s\n", ax_network_get_error(ax_modelfile_get_network(m)));
        ax_modelfile_free(m);
        return NULL;
    }
    return m;
}

/* 0 when a file can be written at path (its folder exists and is
 * writable, and path is no folder), else an errno. */
static int writable_file(const char *path)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir] = '\0';   /* "/x" -> "/" */
    else
        snprintf(dir, sizeof dir, ".");
    struct stat st;
    if (stat(dir, &st) != 0)
        return errno;
    if (!S_ISDIR(st.st_mode))
        return ENOTDIR;
    if (access(dir, W_OK) != 0)
        return errno;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR : 0;
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
    size_t warned = 0;
    ax_network_check_run(net, ax_modelfile_get_duration(m));   /* recorders against the duration */
    print_warnings(net, "check", &warned);
    ax_stats st;
    ax_network_get_stats(net, &st);
    printf("%s: ok (%zu populations, %llu neurons, %zu recordings, %g ms)\n", o.model, ax_population_count(net),
           (unsigned long long)st.neurons, ax_recorder_count(net), ax_modelfile_get_duration(m));
    ax_modelfile_free(m);
    return 0;
}

/* Under mpirun, this process's rank (0 without): MPI starts here when
 * the command was launched with more than one rank.  The ranks after 0
 * print nothing: rank 0 says what every rank would. */
static int mpi_rank(void)
{
    ax_mpi_info mi;
    if (ax_mpi_get_info(&mi, NULL) != AX_OK || mi.rank == 0)
        return 0;
    fflush(stdout);
    fflush(stderr);
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
        return mi.rank;   /* still rank > 0: its files are not written either way */
    return mi.rank;
}

int cmd_run(int argc, char **argv)
{
    const int rank = mpi_rank();
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
    /* where the run will write: checked before anything is built, so that
     * a long run does not end in a place it cannot write to */
    int status = 0, e;
    if (make_dirs(dir) != 0 || access(dir, W_OK) != 0) {
        fprintf(stderr, "axon run: cannot write to the output folder %s: %s\n", dir, strerror(errno));
        status = EXIT_USAGE;
    } else if (rank == 0 && remove(summary) != 0 && errno != ENOENT) {
        fprintf(stderr, "axon run: cannot remove the old %s: %s\n", summary, strerror(errno));
        status = EXIT_USAGE;
    } else if (o.save_state && (e = writable_file(o.save_state)) != 0) {
        fprintf(stderr, "axon run: --save-state %s: cannot write there: %s\n", o.save_state, strerror(e));
        status = EXIT_USAGE;
    }
    if (status) {
        ax_modelfile_free(m);
        return status;
    }
    /* from here a signal stops the run (before its first step, if it
     * comes while the network is built) with a summary that says so */
    cli_stop_signals old;
    running_net = net;
    cli_stop_signals_catch(&old, on_stop_signal);
    ax_status st = ax_modelfile_build(m);   /* and the weights_from files */
    if (st != AX_OK) {
        const char *msg = ax_network_get_error(net);   /* a weights_from file's is placed in the model file */
        if (strncmp(msg, o.model, strlen(o.model)) == 0)
            fprintf(stderr, "%s\n", msg);
        else
            fprintf(stderr, "%s: %s\n", o.model, msg);
        cli_stop_signals_release(&old);
        ax_modelfile_free(m);
        return st == AX_ERR_MEMORY || st == AX_ERR_ARGUMENT || st == AX_ERR_IO ? EXIT_MODEL : EXIT_RUN;
    }
    if (o.restore_state && ax_network_restore_state(net, o.restore_state) != AX_OK) {
        fprintf(stderr, "%s: %s\n", o.model, ax_network_get_error(net));
        cli_stop_signals_release(&old);
        ax_modelfile_free(m);
        return EXIT_MODEL;
    }
    size_t warned = 0;
    if (!o.quiet)
        print_warnings(net, "run", &warned);
    double start = ax_network_get_time(net);
    if (ax_modelfile_stream_recordings(m, dir) != AX_OK) {
        fprintf(stderr, "axon run: %s\n", ax_network_get_error(net));
        cli_stop_signals_release(&old);
        ax_modelfile_free(m);
        return EXIT_RUN;
    }
    running_summary rs = {summary, o.model, m, start, duration};
    if (rank == 0)
        rewrite_running_summary(&rs);
    progress prog;
    progress_start(&prog, net, o.quiet || o.json || rank ? PROGRESS_NONE
                               : isatty(STDERR_FILENO) ? PROGRESS_BAR : PROGRESS_LINES);
    prog.tick = rank == 0 ? rewrite_running_summary : NULL;
    prog.tick_ctx = &rs;
    ax_network_set_progress(net, progress_report, &prog, 0);   /* every window: cheap */
    st = ax_modelfile_run(m, duration);
    cli_stop_signals_release(&old);
    ax_network_set_progress(net, NULL, NULL, 0);
    progress_end(&prog);
    if (!o.quiet)
        print_warnings(net, "run", &warned);   /* also when the run failed: they may say why */

    ax_run_failure failure;
    ax_network_get_failure(net, &failure);
    run_end end = {.status = "completed"};
    char message[1200];
    if (st != AX_OK) {
        snprintf(message, sizeof message, "%s", ax_network_get_error(net));
        end.message = message;
        if (st == AX_ERR_INTERRUPTED) {
            end.status = "interrupted";
            end.reason = stop_signal ? cli_signal_name(stop_signal) : "interrupted";
            fprintf(stderr, "axon run: stopped by %s at t = %g ms; writing what was recorded so far\n", end.reason,
                    ax_network_get_time(net));
        } else {
            end.status = "failed";
            end.reason = st == AX_ERR_NUMERIC ? "numerical blow-up" : ax_status_name(st);
            end.failure = failure.status == AX_ERR_NUMERIC ? &failure : NULL;
            fprintf(stderr, "%s: %s\n", o.model, message);
            if (end.failure)
                print_failure(m, &failure);
        }
    }
    status = st == AX_OK ? 0 : EXIT_RUN;
    /* what is left to write: the final synapses (the recordings streamed) */
    if (ax_modelfile_write_recordings(m, dir) != AX_OK) {
        fprintf(stderr, "axon run: %s\n", ax_network_get_error(net));
        status = EXIT_RUN;
    }
    /* an interrupted run stops at a clean point, from which it can go on:
     * its state is saved too; a failed one's cannot be trusted */
    if (o.save_state && st != AX_ERR_NUMERIC && ax_network_save_state(net, o.save_state) != AX_OK) {
        fprintf(stderr, "axon run: %s\n", ax_network_get_error(net));
        status = EXIT_RUN;
    }
    if (rank == 0 && write_summary(summary, m, o.model, start, duration, &end, o.json ? stdout : NULL) != 0) {
        fprintf(stderr, "axon run: cannot write %s: %s\n", summary, strerror(errno));
        status = EXIT_RUN;
    }
    /* [analysis]: the run's folder is analysed once it is complete, as
     * `axon analyze` does; a failed analysis fails the run's command */
    ax_modelfile_analysis an;
    if (rank == 0 && status == 0 && ax_modelfile_get_analysis(m, &an) == AX_OK && an.enabled) {
        an_options ao = {.bin_ms = an.bin_ms, .sample = (size_t)an.sample, .seed = an.seed, .pictures = an.pictures};
        if (analyze_folder(dir, &ao, NULL, false, "axon run") != 0)
            status = EXIT_RUN;
    }
    if (!o.quiet && !o.json && st == AX_OK) {
        print_summary(m, o.model, dir, start);
        if (o.restore_state)
            printf("  continued from %s at t = %g ms\n", o.restore_state, start);
        if (o.save_state)
            printf("  saved the state at t = %g ms to %s\n", ax_network_get_time(net), o.save_state);
    }
    ax_modelfile_free(m);
    return status;
}
