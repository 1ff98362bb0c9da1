/*
 * test_fit_cli.c - `axon fit FILE` (docs/fitting.md, "Fits"): the example
 * (an Izhikevich neuron fitted to HH_cond_exp, the main seed's task) runs
 * with a small budget and writes every output; `axon run best.toml`
 * reproduces the fit's spikes bit for bit; a fit stopped after some
 * generations and resumed is the uninterrupted fit, bit for bit, on
 * another thread count too; bad [fit] tables and data files are refused
 * at their file:line:col before anything is simulated.
 */
#include <signal.h>

#include "cli_helpers.h"

/* The example with `budget = 8000` replaced, written to dir/NAME.toml; returns the path (static). */
static const char *example(const char *dir, const char *name, const char *budget)
{
    static char path[300];
    char text[8192], out[8400];
    slurp("examples/fit_izhikevich_to_hh.toml", text, sizeof text);
    char *at = strstr(text, "budget = 8000");
    cr_assert_not_null(at, "the example sets its budget");
    *at = '\0';
    snprintf(out, sizeof out, "%sbudget = %s%s", text, budget, at + strlen("budget = 8000"));
    snprintf(path, sizeof path, "%s/%s.toml", dir, name);
    write_file(path, out);
    return path;
}

static void read_in(const char *dir, const char *name, char *buf, size_t len)
{
    char path[1200];
    snprintf(path, sizeof path, "%.1000s/%.100s", dir, name);
    slurp(path, buf, len);
}

/* The times of neuron `id` in an axon spike file (text), as lines "t\n". */
static void times_of(const char *csv, unsigned id, char *out, size_t len)
{
    out[0] = '\0';
    const char *line = strchr(csv, '\n');
    while (line && line[1]) {
        line++;
        char t[64];
        unsigned n;
        if (sscanf(line, "%63[^,],%u", t, &n) == 2 && n == id)
            snprintf(out + strlen(out), len - strlen(out), "%s\n", t);
        line = strchr(line, '\n');
    }
}

Test(fit_cli, example_fits_and_best_toml_reproduces_the_spikes, .timeout = 240)
{
    char *dir = tmpdir(), cmd[2400], out[512];
    const char *file = example(dir, "fit", "480");
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(cmd, sizeof cmd, "fit %s --out %s", file, out);
    result *r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_expect(strstr(r->err, "generation 0: 48 evaluations"), "progress per generation on stderr: %s", r->err);
    const char *files[] = {"best.toml", "best.json", "best.spikes.csv", "target.spikes.csv", "progress.csv",
                           "fit.state", "convergence.png", "rasters.png", "traces.png"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        cr_expect(exists(out, files[k]), "%s written", files[k]);
    /* progress.csv: 10 generations of 48, the best never rising */
    static char csv[65536], best[65536], run[65536], a[32768], b[32768];
    read_in(out, "progress.csv", csv, sizeof csv);
    cr_expect(strncmp(csv, "generation,evaluations,best,median,elapsed_s\n", 45) == 0, "%s", csv);
    double prev = INFINITY, last = NAN;
    size_t rows = 0;
    for (const char *l = strchr(csv, '\n') + 1; *l; l = strchr(l, '\n') + 1, rows++) {
        size_t g, ev;
        double bs, med;
        cr_assert_eq(sscanf(l, "%zu,%zu,%lf,%lf", &g, &ev, &bs, &med), 4, "%s", l);
        cr_expect_eq(g, rows);
        cr_expect_eq(ev, 48 * (rows + 1));
        cr_expect_leq(bs, prev, "generation %zu: best %g after %g", g, bs, prev);
        cr_expect_leq(bs, med);
        prev = last = bs;
    }
    cr_expect_eq(rows, 10);
    /* best.json's score is the best of the fit, recomputed from the best neuron run alone */
    read_in(out, "best.json", best, sizeof best);
    const char *s = strstr(best, "\"score\": ");
    cr_assert_not_null(s, "%s", best);
    cr_expect_eq(strtod(s + 9, NULL), last, "best.json %s, progress %.17g", s + 9, last);
    cr_expect(strstr(best, "\"evaluations\": 480"), "%s", best);
    /* axon run best.toml: every protocol's spikes are the fit's, to the step */
    snprintf(cmd, sizeof cmd, "run %s/best.toml --out %s/run --quiet", out, out);
    r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    read_in(out, "best.spikes.csv", best, sizeof best);
    size_t spikes = 0;
    for (unsigned p = 0; p < 3; p++) {
        char name[32];
        snprintf(name, sizeof name, "run/p%u.spikes.csv", p % 10);
        read_in(out, name, run, sizeof run);
        times_of(best, p, a, sizeof a);
        times_of(run, 0, b, sizeof b);
        cr_expect_str_eq(a, b, "protocol %u: the fit's spikes and axon run's differ", p);
        for (const char *c = a; *c; c++)
            spikes += *c == '\n';
    }
    cr_expect_gt(spikes, 30, "the fitted neuron fires under the steps");
    remove_tree(dir);
}

Test(fit_cli, resumed_fit_is_the_uninterrupted_fit_bit_for_bit, .timeout = 240)
{
    char *dir = tmpdir(), cmd[2400];
    const char *file = example(dir, "fit", "240");
    snprintf(cmd, sizeof cmd, "fit %s --out %s/whole --quiet", file, dir);
    result *r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(cmd, sizeof cmd, "fit %s --out %s/parts --quiet --generations 2 --threads 2", file, dir);
    r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(cmd, sizeof cmd, "fit %s --out %s/parts --quiet --generations 2", file, dir);
    r = axon(cmd);
    cr_expect_eq(r->status, 2, "a second fit into the folder without --resume is refused");
    cr_expect(strstr(r->err, "--resume"), "%s", r->err);
    snprintf(cmd, sizeof cmd, "fit %s --out %s/parts --quiet --resume --threads 1", file, dir);
    r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    static char a[65536], b[65536];
    char whole[512], parts[512];
    snprintf(whole, sizeof whole, "%s/whole", dir);
    snprintf(parts, sizeof parts, "%s/parts", dir);
    const char *same[] = {"best.json", "best.toml", "best.spikes.csv", "target.spikes.csv", "fit.state"};
    for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
        read_in(whole, same[k], a, sizeof a);
        read_in(parts, same[k], b, sizeof b);
        cr_expect(strlen(a) > 0 && strlen(a) == strlen(b) && memcmp(a, b, strlen(a)) == 0, "%s differs", same[k]);
    }
    /* progress.csv: the same rows but for the elapsed time */
    read_in(whole, "progress.csv", a, sizeof a);
    read_in(parts, "progress.csv", b, sizeof b);
    const char *x = a, *y = b;
    size_t rows = 0;
    while (*x && *y) {
        size_t lx = strcspn(x, "\n"), ly = strcspn(y, "\n");
        const char *cx = x + lx, *cy = y + ly;
        while (cx > x && *cx != ',')
            cx--;
        while (cy > y && *cy != ',')
            cy--;
        cr_expect(cx - x == cy - y && memcmp(x, y, (size_t)(cx - x)) == 0, "row %zu: %.*s vs %.*s", rows, (int)lx, x,
                  (int)ly, y);
        x += lx + (x[lx] == '\n'), y += ly + (y[ly] == '\n'), rows++;
    }
    cr_expect(!*x && !*y, "as many rows");
    cr_expect_eq(rows, 6, "the header and 5 generations");
    snprintf(cmd, sizeof cmd, "fit %s --out %s/none --resume", file, dir);
    r = axon(cmd);
    cr_expect_eq(r->status, 2, "--resume without a checkpoint");
    cr_expect(strstr(r->err, "nothing to resume"), "%s", r->err);
    remove_tree(dir);
}

Test(fit_cli, stopped_by_a_signal_resumes_to_the_same_fit, .timeout = 240)
{
    char *dir = tmpdir(), cmd[2400], err[600];
    const char *file = example(dir, "fit", "1440");
    snprintf(cmd, sizeof cmd, "fit %s --out %s/whole --quiet", file, dir);
    result *r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(cmd, sizeof cmd, "fit %s --out %s/parts", file, dir);
    pid_t pid = start(dir, "parts", cmd);
    snprintf(err, sizeof err, "%s/parts.err", dir);
    cr_assert(wait_for(err, "generation 3:"), "the fit runs");
    kill(pid, SIGINT);
    cr_expect_eq(finish(pid), 3, "stopped: exit status 3");
    static char a[65536], b[65536];
    slurp(err, a, sizeof a);
    cr_expect(strstr(a, "stopped by SIGINT after") && strstr(a, "--resume goes on"), "%s", a);
    snprintf(cmd, sizeof cmd, "fit %s --out %s/parts --quiet --resume", file, dir);
    r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    char whole[512], parts[512];
    snprintf(whole, sizeof whole, "%s/whole", dir);
    snprintf(parts, sizeof parts, "%s/parts", dir);
    const char *same[] = {"best.json", "fit.state", "best.spikes.csv"};
    for (size_t k = 0; k < 3; k++) {
        read_in(whole, same[k], a, sizeof a);
        read_in(parts, same[k], b, sizeof b);
        cr_expect(strlen(a) > 0 && strlen(a) == strlen(b) && memcmp(a, b, strlen(a)) == 0, "%s differs", same[k]);
    }
    remove_tree(dir);
}

/* A fit file: the Izhikevich neuron, then `fit` (the [fit] table and what follows). */
static const char *head = "[simulation]\nduration = 100\n[populations.cell]\nmodel = \"Izhikevich\"\nsize = 1\n";
static const char *good_free = "[fit.free]\na = { lo = 0.01, hi = 0.1 }\n";
static const char *good_protocols = "[[fit.protocols]]\namplitude = 0.01\nrun = 100\n"
                                    "[[fit.protocols]]\namplitude = 0.02\nrun = 100\n";
static const char *good_objective = "[[fit.objective]]\nkind = \"gamma\"\n";

typedef struct bad_case {
    const char *fit, *free, *protocols, *target, *objective;
    const char *where, *says, *says2;
} bad_case;

Test(fit_cli, bad_tables_and_data_are_refused_before_any_simulation, .timeout = 120)
{
    char *dir = tmpdir();
    char path[2200];
    /* data files: good (one file, neuron = protocol), per protocol, empty, unsorted, a neuron of no protocol */
    const char *data[][2] = {{"good.csv", "time_ms,neuron\n10.5,0\n20.5,1\n30,0\n"},
                             {"p0.csv", "time_ms,neuron\n10,0\n"},
                             {"p1.csv", "time_ms,neuron\n12,0\n15,0\n"},
                             {"empty.csv", "time_ms,neuron\n"},
                             {"unsorted.csv", "time_ms,neuron\n10,0\n30,0\n20,0\n"},
                             {"neuron.csv", "time_ms,neuron\n10,0\n20,2\n"},
                             {"late.csv", "time_ms,neuron\n10,0\n120,1\n"}};
    for (size_t k = 0; k < sizeof data / sizeof data[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, data[k][0]);
        write_file(path, data[k][1]);
    }
    const char *model_target = "[fit.target]\nmodel = \"HH_cond_exp\"\n";
    const bad_case cases[] = {
        {"budget = 10\n", "[fit.free]\ntau = { lo = 0, hi = 1 }\n", NULL, NULL, NULL, ":9:1:",
         "Izhikevich has no parameter 'tau'", "its parameters: a, b, c, d, i_offset"},
        {"budget = 10\n", "[fit.free]\na = { lo = 0.1, hi = 0.1 }\n", NULL, NULL, NULL, ":9:5:", "fit.free.a",
         "lo < hi is needed"},
        {"budget = 10\n", "[fit.free]\na = { lo = 0.1, hi = inf }\n", NULL, NULL, NULL, ":9:", "fit.free.a.hi",
         "not a finite number"},
        {"budget = 10\n", "[fit.free]\nd = { lo = 0, hi = 10, log = true }\n", NULL, NULL, NULL, ":9:5:",
         "log = true with lo = 0", "lo > 0"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = \"missing.csv\"\n", NULL, ":", "missing.csv", NULL},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = \"empty.csv\"\n", NULL, ":", "empty.csv",
         "no spikes"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = [\"p0.csv\", \"empty.csv\"]\n", NULL, ":", "empty.csv",
         "no spikes"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = \"unsorted.csv\"\n", NULL, ":", "unsorted.csv:4:",
         "must be sorted in time"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = \"neuron.csv\"\n", NULL, ":", "neuron.csv:3:",
         "the protocols (one neuron each)"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = [\"p0.csv\", \"neuron.csv\"]\n", NULL, ":",
         "neuron.csv:3:", "of one protocol"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = \"late.csv\"\n", NULL, ":", "late.csv:3:",
         "after the end of protocol 1's run"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = [\"p0.csv\"]\n", NULL, ":", "1 files for 2 protocols",
         NULL},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nspikes = [\"p0.csv\", \"p1.csv\"]\n",
         "[[fit.objective]]\nkind = \"trace\"\n", ":", "kind 'trace' needs the target's voltage",
         "spike data only"},
        {"budget = 10\n", NULL, NULL, NULL, "[[fit.objective]]\nkind = \"gama\"\n", ":", "unknown kind 'gama'",
         "allowed: gamma, spike_distance, summary, trace, feature"},
        {"budget = 10\n[fit.optimizer]\nkind = \"pso\"\n", NULL, NULL, NULL, NULL, ":9:8:", "unknown kind 'pso'",
         "allowed: bit_ga, real_ga, de, cma_es"},
        {"budget = 0\n", NULL, NULL, NULL, NULL, ":7:10:", "fit.budget", "the budget must be > 0"},
        {"budget = 10\n", NULL, "[[fit.protocols]]\namplitude = 0.01\nrun = 100.05\n", NULL, NULL, ":", "run = 100.05",
         "a multiple of dt"},
        {"budget = 10\n", NULL, NULL, "[fit.target]\nmodel = \"HH_cond_exp\"\nparams = { gbar_x = 1 }\n", NULL, ":",
         "HH_cond_exp has no parameter 'gbar_x'", "gbar_Na"},
        {"budget = 10\n[fit.optimizer]\nkind = \"bit_ga\"\npopulation = 7\n", NULL, NULL, NULL, NULL, ":",
         "fit.optimizer", "pop_size"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const bad_case *c = &cases[k];
        char text[4096], cmd[2600];
        snprintf(text, sizeof text, "%s[fit]\n%s%s%s%s%s", head, c->fit, c->free ? c->free : good_free,
                 c->protocols ? c->protocols : good_protocols, c->target ? c->target : model_target,
                 c->objective ? c->objective : good_objective);
        snprintf(path, sizeof path, "%s/bad%zu.toml", dir, k);
        write_file(path, text);
        snprintf(cmd, sizeof cmd, "check %s", path);
        result *r = axon(cmd);
        cr_expect_eq(r->status, 1, "case %zu: axon check exits 1: %s", k, r->err);
        char where[2300];
        snprintf(where, sizeof where, "bad%zu.toml%s", k, c->where);
        cr_expect(strstr(r->err, where), "case %zu: at %s: %s", k, where, r->err);
        cr_expect(strstr(r->err, c->says), "case %zu: says '%s': %s", k, c->says, r->err);
        cr_expect(!c->says2 || strstr(r->err, c->says2), "case %zu: says '%s': %s", k, c->says2, r->err);
        if (k == 0) {   /* axon fit refuses it the same way, writing nothing */
            snprintf(cmd, sizeof cmd, "fit %s --out %s/out0", path, dir);
            r = axon(cmd);
            cr_expect_eq(r->status, 1, "%s", r->err);
            cr_expect(strstr(r->err, "Izhikevich has no parameter 'tau'"), "%s", r->err);
            cr_expect(!exists(dir, "out0"), "nothing written");
        }
    }
    /* the good data files are taken: one file for all protocols, one per protocol */
    const char *good[] = {"spikes = \"good.csv\"", "spikes = [\"p0.csv\", \"p1.csv\"]"};
    for (size_t k = 0; k < 2; k++) {
        char text[4096], cmd[2600];
        snprintf(text, sizeof text, "%s[fit]\nbudget = 10\n%s%s[fit.target]\n%s\n%s", head, good_free, good_protocols,
                 good[k], good_objective);
        snprintf(path, sizeof path, "%s/good%zu.toml", dir, k);
        write_file(path, text);
        snprintf(cmd, sizeof cmd, "check %s", path);
        result *r = axon(cmd);
        cr_expect_eq(r->status, 0, "%s", r->err);
    }
    remove_tree(dir);
}

/* input_scale (the evaluator's factor on the protocols' currents) as a
 * free parameter of the table: best.toml carries the scaled currents, and
 * `axon run` of it gives the fit's spikes bit for bit; a range below 0 is
 * refused at its place. */
Test(fit_cli, input_scale_is_fitted_and_written_into_the_currents, .timeout = 240)
{
    char *dir = tmpdir(), cmd[2400], out[512];
    static char text[8192], edited[8400], best[65536], run[65536], a[32768], b[32768];
    slurp(example(dir, "fit", "96"), text, sizeof text);
    const char *d = "d = { lo = 0.5, hi = 10 }\n";
    char *at = strstr(text, d);
    cr_assert_not_null(at, "the example frees d");
    at += strlen(d);
    snprintf(edited, sizeof edited, "%.*sinput_scale = { lo = 0.5, hi = 2 }\n%s", (int)(at - text), text, at);
    char file[400];
    snprintf(file, sizeof file, "%s/scaled.toml", dir);
    write_file(file, edited);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(cmd, sizeof cmd, "fit %s --out %s --quiet", file, out);
    result *r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    read_in(out, "best.json", best, sizeof best);
    const char *s = strstr(best, "\"input_scale\": ");
    cr_assert_not_null(s, "best.json names the fitted input_scale: %s", best);
    double scale = strtod(s + strlen("\"input_scale\": "), NULL);
    cr_expect(scale >= 0.5 && scale <= 2, "input_scale %g within its bounds", scale);
    read_in(out, "best.toml", run, sizeof run);
    cr_expect(strstr(run, "times the fitted input_scale"), "the scaled currents are said so: %s", run);
    cr_expect_null(strstr(run, "input_scale ="), "input_scale is no model parameter in best.toml: %s", run);
    snprintf(cmd, sizeof cmd, "run %s/best.toml --out %s/run --quiet", out, out);
    r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    read_in(out, "best.spikes.csv", best, sizeof best);
    for (unsigned p = 0; p < 3; p++) {
        char name[32];
        snprintf(name, sizeof name, "run/p%u.spikes.csv", p);
        read_in(out, name, run, sizeof run);
        times_of(best, p, a, sizeof a);
        times_of(run, 0, b, sizeof b);
        cr_expect_str_eq(a, b, "protocol %u: the fit's spikes and axon run's differ", p);
    }
    /* a factor below 0 is refused where it is written */
    snprintf(edited, sizeof edited, "%.*sinput_scale = { lo = -1, hi = 2 }\n%s", (int)(at - text), text, at);
    write_file(file, edited);
    snprintf(cmd, sizeof cmd, "check %s", file);
    r = axon(cmd);
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->err, "fit.free.input_scale") && strstr(r->err, "leaves the range"), "%s", r->err);
    remove_tree(dir);
}
