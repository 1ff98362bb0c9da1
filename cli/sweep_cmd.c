/*
 * sweep_cmd.c - `axon sweep MODEL.toml`: every run of the file's [sweep]
 * table (docs/fitting.md, "Sweeps") into one table, sweep.csv and
 * sweep.json in the output folder.
 *
 * Everything that can be wrong is found before the first run: the table
 * (the loader checks its forms), every swept value (the file is loaded
 * and validated with each one, so a key that does not exist or a value
 * the model refuses is named with the loader's message), the output
 * folder and a table there that belongs to another sweep.
 *
 * Runs go to --jobs workers (threads), each run with --threads threads of
 * its own (or, for a file of one undriven population, a block of a trial's
 * runs laid out as one population: sweep_block_rows); every run is a pure function of the file, its values and its
 * seed, so the table does not depend on either.  Rows are written in the
 * order of the runs (a row finished early waits for those before it), so
 * the table is a prefix of the whole at every moment, and a rerun
 * resumes after its last row.  A signal (Ctrl-C) stops the runs in flight
 * at their next window and abandons them; the rows before are kept.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "run_report.h"
#include "sweep.h"

#define MAX_SETS 256
/* A block of the one-population layout holds at most this many neurons. */
#define MAX_BLOCK_NEURONS (1u << 18)

typedef struct sweep_opts {
    const char *model, *out;
    const char *sets[MAX_SETS];
    size_t n_sets;
    long long threads, jobs, max_runs;
    bool restart, quiet, rebuild;
} sweep_opts;

static int usage(FILE *f)
{
    fputs("usage: axon sweep MODEL.toml [--out DIR] [--jobs J] [--threads N] [--set key.path=value]...\n"
          "                  [--max-runs N] [--restart] [--rebuild] [--quiet]\n\n"
          "Runs every combination of the values in the file's [sweep] table, times sweep.trials seeds\n"
          "(docs/fitting.md, \"Sweeps\"), and writes one row per run - the values, trial, seed, and per\n"
          "population the spike count, mean rate and mean CV of the ISIs (and the Fano factor with an\n"
          "[analysis] table) - to DIR/sweep.csv and DIR/sweep.json.  Rows are appended as runs finish;\n"
          "rerunning the same command resumes after the last row.\n\n"
          "  --out DIR          output folder (default simulation.output, axon-out/<name>)\n"
          "  --jobs J           runs at the same time (default: the cores / --threads)\n"
          "  --threads N        threads of each run (default 1); the table is the same for any J and N\n"
          "  --set key=value    override any key of the file, as axon run --set (before the swept values)\n"
          "  --max-runs N       stop after N more runs (a sweep in parts: rerun to go on)\n"
          "  --restart          discard a table of another sweep in DIR instead of refusing it\n"
          "  --rebuild          load and build the network of every run, also where the sweep could\n"
          "                     reset and reuse one (the same table: a check, or a timing)\n"
          "  --quiet            print nothing but errors\n\n"
          "exit status: 0 success (a run that failed is a row with status \"failed\")\n"
          "  1 error in the model file, its [sweep] table or a swept value\n"
          "  2 bad command line, or an output folder that cannot be written or holds another sweep's table\n"
          "  3 stopped (by a signal: rerun to resume), or a write that failed\n",
          f);
    return f == stderr ? EXIT_USAGE : 0;
}

/* 0 ok, 1 help shown, -1 bad command line (message printed). */
static int parse(int argc, char **argv, sweep_opts *o)
{
    *o = (sweep_opts){.threads = 1, .jobs = 0, .max_runs = -1};
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return 1;
        if (!strcmp(a, "--restart") || !strcmp(a, "--quiet") || !strcmp(a, "--rebuild")) {
            *(!strcmp(a, "--restart") ? &o->restart : !strcmp(a, "--quiet") ? &o->quiet : &o->rebuild) = true;
            continue;
        }
        const char *opts[] = {"--set", "--out", "--jobs", "--threads", "--max-runs"};
        const char *val;
        int which = cli_option_value(argc, argv, &k, opts, 5, &val);
        if (which < 0) {
            if (a[0] == '-' && a[1]) {
                fprintf(stderr, "axon sweep: unknown option %s\n", a);
                return -1;
            }
            if (o->model) {
                fprintf(stderr, "axon sweep: one model file at a time (%s and %s given)\n", o->model, a);
                return -1;
            }
            o->model = a;
            continue;
        }
        if (!val || !*val) {
            fprintf(stderr, "axon sweep: %s needs a value\n", opts[which]);
            return -1;
        }
        long long n = 0;
        if (which == 0) {
            if (!strchr(val, '=') || val[0] == '=') {
                fprintf(stderr, "axon sweep: --set needs key.path=value, got '%s'\n", val);
                return -1;
            }
            if (o->n_sets == MAX_SETS) {
                fprintf(stderr, "axon sweep: more than %d --set options\n", MAX_SETS);
                return -1;
            }
            o->sets[o->n_sets++] = val;
        } else if (which == 1) {
            o->out = val;
        } else if (!parse_long(val, &n) || n < (which == 4 ? 0 : 1) || n > (which == 4 ? (1ll << 62) : 1024)) {
            fprintf(stderr, "axon sweep: %s takes a whole number %s, got '%s'\n", opts[which],
                    which == 4 ? ">= 0" : "from 1 to 1024", val);
            return -1;
        } else {
            *(which == 2 ? &o->jobs : which == 3 ? &o->threads : &o->max_runs) = n;
        }
    }
    if (!o->model) {
        fprintf(stderr, "axon sweep: no model file given\n");
        return -1;
    }
    return 0;
}

/* Loads the file with the --set options and `extra` (NULL: none), and
 * validates it; NULL with the message in msg. */
static ax_modelfile *load_checked(const sweep_opts *o, const char *extra, char *msg, size_t len)
{
    const char *sets[MAX_SETS + 1];
    size_t n = o->n_sets;
    memcpy(sets, o->sets, n * sizeof *sets);
    if (extra)
        sets[n++] = extra;
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(o->model, sets, n, &err);
    if (!m) {
        snprintf(msg, len, "%s", err.message);
        return NULL;
    }
    if (ax_modelfile_validate(m) != AX_OK) {
        snprintf(msg, len, "%s", ax_network_get_error(ax_modelfile_get_network(m)));
        ax_modelfile_free(m);
        return NULL;
    }
    return m;
}

/* Loads and validates the file once with each swept value (the others as
 * the file has them): a key that does not exist, a value of the wrong
 * type or out of its range is found before anything runs.  0, or the
 * exit status (message printed). */
static int check_values(const sweep_opts *o, const sweep_plan *p)
{
    char msg[1200];
    for (size_t k = 0; k < p->info.params; k++) {
        ax_sweep_param sp;
        ax_sweep_get_param(p->base, k, &sp, NULL);
        for (size_t j = 0; j < sp.n_values; j++) {
            const char *value;
            ax_sweep_get_value(p->base, k, j, &value, NULL, NULL);
            char set[1024];
            snprintf(set, sizeof set, "%s=%s", sp.key, value);
            ax_modelfile *m = load_checked(o, set, msg, sizeof msg);
            if (!m) {
                /* the loader places it at "FILE: --set KEY: ": here it is the sweep's value */
                char prefix[1100];
                snprintf(prefix, sizeof prefix, "%s: --set %s: ", o->model, sp.key);
                const char *rest = strncmp(msg, prefix, strlen(prefix)) == 0 ? msg + strlen(prefix) : msg;
                fprintf(stderr, "%s: [sweep] %s = %s: %s\n", o->model, sp.key, value, rest);
                return EXIT_MODEL;
            }
            ax_modelfile_free(m);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Workers                                                             */
/* ------------------------------------------------------------------ */

typedef struct shared {
    const sweep_plan *plan;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    uint64_t next, end;           /* the next run to start; runs stop before end */
    uint64_t first;               /* results[r - first] holds run r's row */
    char **results;
    int running;                  /* workers still running */
    bool out_of_memory;
    uint64_t built, reused;
} shared;

static void *worker(void *arg)
{
    shared *s = arg;
    sweep_worker w = {0};
    const sweep_plan *p = s->plan;
    bool stopped = false;
    while (!stopped) {
        /* the next runs: one, or a block of one trial laid out as one population */
        pthread_mutex_lock(&s->lock);
        bool go = !sweep_stop && !s->out_of_memory && s->next < s->end;
        uint64_t first = s->next, last = first + 1;
        if (go && p->block > 1) {
            uint64_t trial_end = (first / p->info.combinations + 1) * p->info.combinations;
            last = first + p->block < s->end ? first + p->block : s->end;
            last = last < trial_end ? last : trial_end;
        }
        if (go)
            s->next = last;
        pthread_mutex_unlock(&s->lock);
        if (!go)
            break;
        if (p->block > 1) {
            char **rows = calloc(last - first, sizeof *rows);
            int done = rows ? sweep_block_rows(p, first, last - first, rows) : -1;
            if (done >= 0) {
                pthread_mutex_lock(&s->lock);
                for (uint64_t r = first; done == 0 && r < last; r++)
                    s->results[r - s->first] = rows[r - first];
                pthread_cond_signal(&s->changed);
                pthread_mutex_unlock(&s->lock);
                w.built++;
                stopped = done == 1;
                free(rows);
                continue;
            }
            free(rows);   /* the block failed: its runs one by one, each with its own row */
        }
        for (uint64_t run = first; run < last && !stopped; run++) {
            char *row = sweep_run_row(p, &w, run, &stopped);
            pthread_mutex_lock(&s->lock);
            if (row)
                s->results[run - s->first] = row;
            else if (!stopped)
                s->out_of_memory = true;
            pthread_cond_signal(&s->changed);
            pthread_mutex_unlock(&s->lock);
            stopped = stopped || !row;
        }
    }
    pthread_mutex_lock(&s->lock);
    s->built += w.built;
    s->reused += w.reused;
    s->running--;
    pthread_cond_signal(&s->changed);
    pthread_mutex_unlock(&s->lock);
    sweep_worker_free(&w);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Signals                                                             */
/* ------------------------------------------------------------------ */

/* SIGINT, SIGTERM and SIGHUP stop the runs in flight at their next window
 * (their rows are not written); a second signal ends the process at once
 * (a row cut then is cut off by the next run of the command). */
static void on_stop_signal(int sig)
{
    sweep_stop = sig;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Seconds between rewrites of sweep.json while the sweep goes on. */
#define JSON_EVERY_S 2.0

/* Runs [t->n, end) with the workers, appending rows in order to csv and
 * to t; returns 0, or EXIT_RUN (message printed). */
static int run_all(const sweep_plan *p, const sweep_opts *o, FILE *csv, sweep_table *t, uint64_t end, const char *dir,
                   const char *fingerprint, const char *header, uint64_t *built, uint64_t *reused)
{
    uint64_t first = t->n, todo = end - first;
    char **grown = realloc(t->rows, end * sizeof *grown);
    shared s = {.plan = p, .next = first, .end = end, .first = first};
    s.results = calloc(todo, sizeof *s.results);
    if (!grown || !s.results) {
        if (grown)
            t->rows = grown;
        free(s.results);
        fprintf(stderr, "axon sweep: out of memory\n");
        return EXIT_RUN;
    }
    t->rows = grown;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.changed, NULL);
    long long jobs = o->jobs;
    if ((uint64_t)jobs > todo)
        jobs = (long long)todo;
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    sweep_progress prog;
    sweep_progress_start(&prog, o->quiet ? PROGRESS_NONE : isatty(STDERR_FILENO) ? PROGRESS_BAR : PROGRESS_LINES,
                         first, p->info.runs);
    sweep_progress_update(&prog, first, true);
    int status = 0;
    /* counted before they start: a worker may be done before the next starts */
    s.running = threads ? (int)jobs : 0;
    long long started = 0;
    for (; threads && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &s) != 0)
            break;
    pthread_mutex_lock(&s.lock);
    s.running -= (int)(jobs - started);
    pthread_mutex_unlock(&s.lock);
    if (!started) {
        fprintf(stderr, "axon sweep: cannot start the workers\n");
        status = EXIT_RUN;
    }
    double last_json = wall();
    pthread_mutex_lock(&s.lock);
    while (s.running > 0 || (t->n < end && s.results[t->n - first])) {
        char *row = t->n < end ? s.results[t->n - first] : NULL;
        if (!row) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 200000000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&s.changed, &s.lock, &until);
            pthread_mutex_unlock(&s.lock);
            sweep_progress_update(&prog, t->n, false);
            pthread_mutex_lock(&s.lock);
            continue;
        }
        s.results[t->n - first] = NULL;
        pthread_mutex_unlock(&s.lock);
        if (!status && sweep_table_append(csv, row) != 0) {
            fprintf(stderr, "%saxon sweep: cannot write %s/sweep.csv: %s\n", prog.bar_open ? "\n" : "", dir,
                    strerror(errno));
            prog.bar_open = false;
            status = EXIT_RUN;
            sweep_stop = -1;   /* the workers stop: nothing more can be kept */
        }
        t->rows[t->n++] = row;
        if (status)
            t->n--, free(row);
        sweep_progress_update(&prog, t->n, t->n == end);
        if (!status && wall() - last_json >= JSON_EVERY_S) {
            last_json = wall();
            sweep_json_write(dir, p, fingerprint, header, t->rows, t->n, s.built, s.reused);
        }
        pthread_mutex_lock(&s.lock);
    }
    pthread_mutex_unlock(&s.lock);
    for (long long k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    sweep_progress_end(&prog);
    for (uint64_t k = 0; k < todo; k++)   /* finished after a run that was stopped: run again next time */
        free(s.results[k]);
    free(s.results);
    free(threads);
    pthread_mutex_destroy(&s.lock);
    pthread_cond_destroy(&s.changed);
    if (s.out_of_memory && !status) {
        fprintf(stderr, "axon sweep: out of memory\n");
        status = EXIT_RUN;
    }
    *built = s.built;
    *reused = s.reused;
    return status;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

/* The plan: the file's populations, duration, [analysis]; 0 or EXIT_MODEL. */
static int make_plan(const sweep_opts *o, ax_modelfile *base, sweep_plan *p)
{
    *p = (sweep_plan){.model = o->model, .sets = o->sets, .n_sets = o->n_sets, .base = base,
                      .duration_ms = ax_modelfile_get_duration(base), .threads = (int)o->threads,
                      .rebuild = o->rebuild};
    ax_error err;
    if (ax_sweep_get_info(base, &p->info, &err) != AX_OK) {
        if (err.status == AX_ERR_NOT_FOUND)
            fprintf(stderr, "%s: no [sweep] table: add one (docs/fitting.md, \"Sweeps\"), e.g.\n  [sweep]\n"
                            "  \"populations.E.params.tau_m\" = [10, 20, 30]\n",
                    o->model);
        else
            fprintf(stderr, "axon sweep: %s\n", err.message);
        return EXIT_MODEL;
    }
    ax_network *net = ax_modelfile_get_network(base);
    p->n_pops = ax_population_count(net);
    p->pops = calloc(p->n_pops ? p->n_pops : 1, sizeof *p->pops);
    if (!p->pops) {
        fprintf(stderr, "axon sweep: out of memory\n");
        return EXIT_RUN;
    }
    for (size_t k = 0; k < p->n_pops; k++) {
        ax_population_info info;
        ax_population_get_info(net, (ax_population)k, &info);
        p->pops[k] = info.name;
        p->block_size = info.size;   /* used with one population only */
    }
    p->block = 1;
    ax_modelfile_analysis an;
    if (ax_modelfile_get_analysis(base, &an) == AX_OK && an.enabled) {
        p->analysis = true;
        p->bin_ms = an.bin_ms;
    }
    return 0;
}

int cmd_sweep(int argc, char **argv)
{
    sweep_opts o;
    int status = parse(argc, argv, &o);
    sweep_plan p = {0};
    if (status)
        return usage(status > 0 ? stdout : stderr);
    char msg[1200];
    ax_modelfile *base = load_checked(&o, NULL, msg, sizeof msg);
    if (!base) {
        fprintf(stderr, "%s\n", msg);
        return EXIT_MODEL;
    }
    char fingerprint[17], dir[4200], *header = NULL;
    FILE *csv = NULL;
    sweep_table t = {0};
    if ((status = make_plan(&o, base, &p)) || (status = check_values(&o, &p)))
        goto out;
    snprintf(dir, sizeof dir, "%s", o.out ? o.out : ax_modelfile_get_output_dir(base));
    if (make_dirs(dir) != 0 || access(dir, W_OK) != 0) {
        fprintf(stderr, "axon sweep: cannot write to the output folder %s: %s\n", dir, strerror(errno));
        status = EXIT_USAGE;
        goto out;
    }
    if (sweep_fingerprint(o.model, o.sets, o.n_sets, fingerprint) != 0 || !(header = sweep_header(&p))) {
        fprintf(stderr, "axon sweep: %s: %s\n", o.model, header ? "cannot read the model file" : "out of memory");
        status = EXIT_MODEL;
        goto out;
    }
    if (!(csv = sweep_table_open(dir, header, fingerprint, o.restart, &t))) {
        status = EXIT_USAGE;
        goto out;
    }
    if (!o.jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o.jobs = cores > o.threads ? cores / o.threads : 1;
    }
    /* the one-population layout: a trial's combinations in one block per job, within a size */
    if (p.info.one_population && !o.rebuild) {
        uint64_t per_job = (p.info.combinations + (uint64_t)o.jobs - 1) / (uint64_t)o.jobs;
        uint64_t fit = p.block_size ? MAX_BLOCK_NEURONS / p.block_size : 0;
        p.block = per_job < fit ? per_job : fit;
    }
    uint64_t before = t.n, end = p.info.runs, built = 0, reused = 0;
    if (o.max_runs >= 0 && (uint64_t)o.max_runs < end - before)
        end = before + (uint64_t)o.max_runs;
    if (!o.quiet)
        printf("%s: %llu runs (%llu combinations x %llu trials), %llu already in %s/sweep.csv; %s\n", o.model,
               (unsigned long long)p.info.runs, (unsigned long long)p.info.combinations,
               (unsigned long long)p.info.trials, (unsigned long long)before, dir,
               p.block > 1 ? "one population: the runs of a trial in blocks laid out as one population"
               : p.info.rebuild_free && !o.rebuild
                   ? "rebuild-free: each worker builds one network per trial and resets it between runs"
                   : "each run loads and builds its network");
    fflush(stdout);
    if (sweep_json_write(dir, &p, fingerprint, header, t.rows, t.n, 0, 0) != 0) {
        fprintf(stderr, "axon sweep: cannot write %s/sweep.json: %s\n", dir, strerror(errno));
        status = EXIT_USAGE;
        goto out;
    }
    if (before < end) {
        cli_stop_signals old;
        cli_stop_signals_catch(&old, on_stop_signal);
        status = run_all(&p, &o, csv, &t, end, dir, fingerprint, header, &built, &reused);
        cli_stop_signals_release(&old);
    }
    if (sweep_json_write(dir, &p, fingerprint, header, t.rows, t.n, built, reused) != 0 && !status) {
        fprintf(stderr, "axon sweep: cannot write %s/sweep.json: %s\n", dir, strerror(errno));
        status = EXIT_RUN;
    }
    uint64_t failed = 0;
    for (uint64_t k = 0; k < t.n; k++)
        failed += strstr(t.rows[k], ",failed,") != NULL;
    if (sweep_stop > 0) {
        fprintf(stderr, "axon sweep: stopped by %s after %llu of %llu runs; rerun the same command to resume\n",
                cli_signal_name(sweep_stop),
                (unsigned long long)t.n, (unsigned long long)p.info.runs);
        status = EXIT_RUN;
    } else if (!status && !o.quiet) {
        printf("  %llu of %llu runs in %s/sweep.csv and sweep.json (%llu this time: %llu networks built, %llu "
               "runs on a reused one)%s\n",
               (unsigned long long)t.n, (unsigned long long)p.info.runs, dir, (unsigned long long)(t.n - before),
               (unsigned long long)built, (unsigned long long)reused,
               t.n < p.info.runs ? "; rerun to go on" : "");
    }
    if (failed)
        fprintf(stderr, "axon sweep: warning: %llu runs failed (status \"failed\" and the message in the table)\n",
                (unsigned long long)failed);
out:
    if (csv)
        fclose(csv);
    sweep_table_free(&t);
    free(header);
    free(p.pops);
    ax_modelfile_free(base);
    return status;
}
