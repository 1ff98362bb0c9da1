/*
 * test_run_cli.c - how `axon run` ends and what it says while it runs:
 * SIGTERM, SIGHUP and SIGINT stop it with its recordings and a summary
 * saying why; summary.json tells how far a running run got; a log gets a
 * progress line every few seconds (nothing with --quiet); a run that
 * becomes much slower says so.
 */
#include <signal.h>

#include "cli_helpers.h"

/* A network that takes a while: 1000 s simulated (100 s took 3.3 s on the
 * test machine: less than a signal test waits before it stops the run). */
static const char *long_model =
    "[simulation]\nduration = 1000000\nseed = 2\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 2000\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 200\nparams = { rate = 20 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_indegree = 50 }\nweight = 0.5\ndelay = 1.0\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"v\"]\nneurons = [0, 7]\ninterval = 0.5\nformat = \"npy\"\n";

/* The last time of a spike CSV, checking its header and that it ends
 * with a whole line (the file can be large: its ends are read). */
static double last_spike_time(const char *path)
{
    char head[16] = "", tail[4097];
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fread(head, 1, 15, f), 15u, "%s has no header", path);
    cr_assert(!strncmp(head, "time_ms,neuron\n", 15), "%s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size > 4096 ? size - 4096 : 0, SEEK_SET);
    size_t n = fread(tail, 1, 4096, f);
    fclose(f);
    tail[n] = '\0';
    cr_assert(n > 1 && tail[n - 1] == '\n', "%s does not end with a whole line", path);
    tail[n - 1] = '\0';
    const char *last = strrchr(tail, '\n');
    cr_assert_not_null(last, "%s", path);
    return atof(last + 1);
}

static void stop_with(int sig, const char *name)
{
    char *dir = tmpdir(), model[300], args[1024], buf[1 << 14], path[400];
    snprintf(model, sizeof model, "%s/long.toml", dir);
    write_file(model, long_model);
    snprintf(args, sizeof args, "run %s --out %s/out", model, dir);
    pid_t pid = start(dir, "run", args);
    snprintf(path, sizeof path, "%s/out/summary.json", dir);
    /* summary.json says it is running, and how far its recordings go */
    cr_assert(wait_for(path, "\"status\": \"running\""), "no running summary");
    cr_assert(wait_for_time(path), "the running summary's time did not move");
    cr_assert_eq(kill(pid, sig), 0);
    cr_assert_eq(finish(pid), 3);
    slurp(path, buf, sizeof buf);
    char want[128];
    snprintf(want, sizeof want, "\"completed\": false, \"status\": \"interrupted\", \"reason\": \"%s\"", name);
    cr_assert(strstr(buf, want) && strstr(buf, "\"duration_ms\": 1000000"), "%s", buf);
    const char *t = strstr(buf, "\"time_ms\": ");
    cr_assert_not_null(t);
    double time_ms = atof(t + 11);
    cr_assert(time_ms > 0 && time_ms < 1000000, "%s", buf);
    /* the recordings go to where the summary says, whole */
    snprintf(path, sizeof path, "%s/out/E.spikes.csv", dir);
    double last = last_spike_time(path);
    cr_assert(last <= time_ms && last > time_ms - 5, "last spike at %g ms, stopped at %g ms", last, time_ms);
    snprintf(path, sizeof path, "%s/out/E.v.times.npy", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, -8, SEEK_END);
    double t_last;
    cr_assert_eq(fread(&t_last, 8, 1, f), 1u);
    fclose(f);
    cr_assert_float_eq(t_last, floor(time_ms / 0.5) * 0.5, 1e-9);
    snprintf(path, sizeof path, "%s/run.err", dir);
    slurp(path, buf, sizeof buf);
    snprintf(want, sizeof want, "axon run: stopped by %s at t = ", name);
    cr_assert(strstr(buf, want), "%s", buf);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

Test(run_cli, sigterm_writes_recordings_and_a_summary, .timeout = 120) { stop_with(SIGTERM, "SIGTERM"); }
Test(run_cli, sighup_writes_recordings_and_a_summary, .timeout = 120) { stop_with(SIGHUP, "SIGHUP"); }
Test(run_cli, sigint_writes_recordings_and_a_summary, .timeout = 120) { stop_with(SIGINT, "SIGINT"); }

/* In a log: a progress line every few seconds; --quiet: none. */
Test(run_cli, progress_lines_in_a_log_and_quiet_silences_them, .timeout = 120)
{
    char *dir = tmpdir(), model[300], args[1024], buf[1 << 14], path[400];
    snprintf(model, sizeof model, "%s/long.toml", dir);
    write_file(model, long_model);
    snprintf(args, sizeof args, "run %s --out %s/loud", model, dir);
    pid_t loud = start(dir, "loud", args);
    snprintf(args, sizeof args, "run %s --out %s/quiet --quiet", model, dir);
    pid_t quiet = start(dir, "quiet", args);
    snprintf(path, sizeof path, "%s/loud.err", dir);
    cr_assert(wait_for(path, "axon run: t = "), "no progress line");
    sleep(1);
    kill(loud, SIGTERM);
    kill(quiet, SIGTERM);
    cr_assert_eq(finish(loud), 3);
    cr_assert_eq(finish(quiet), 3);
    slurp(path, buf, sizeof buf);
    cr_assert(strstr(buf, " / 1000000.0 ms (") && strstr(buf, "elapsed") && strstr(buf, "per simulated s") &&
                  strstr(buf, "left\n") && !strchr(buf, '\r'),
              "%s", buf);
    snprintf(path, sizeof path, "%s/quiet.err", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(!strstr(buf, "axon run: t = "), "--quiet printed progress: %s", buf);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* Silent for 15 s of simulated time (cheap: a few seconds; a minute or
 * more under the sanitizers on a busy machine), then every
 * neuron fires every other step into 1000 synapses: the run becomes
 * hundreds of times slower, and says so once. */
Test(run_cli, a_run_that_slows_down_says_so, .timeout = 300)
{
    char *dir = tmpdir(), model[300], args[1024], buf[1 << 14], path[400];
    snprintf(model, sizeof model, "%s/slow.toml", dir);
    write_file(model, "[simulation]\nduration = 100000\n"
                      "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 1000\n"
                      "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { fixed_indegree = 1000 }\n"
                      "weight = 0.0001\ndelay = 1.0\n"
                      "[[inputs]]\ntarget = \"E\"\nkind = \"dc\"\namplitude = 500\nstart = 15000\n");
    snprintf(args, sizeof args, "run %s --out %s/out", model, dir);
    pid_t pid = start(dir, "run", args);
    snprintf(path, sizeof path, "%s/run.err", dir);
    bool warned = wait_for_long(path, "warning [slowdown]", 240);
    kill(pid, SIGTERM);
    finish(pid);
    slurp(path, buf, sizeof buf);
    cr_assert(warned && strstr(buf, "the run has slowed down") && strstr(buf, "simulated ms per second"), "%s", buf);
    const char *first = strstr(buf, "warning [slowdown]");
    cr_assert(!strstr(first + 1, "warning [slowdown]"), "said twice: %s", buf);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}
