/*
 * summary.c - summary.json, the record of a run that `axon plot` and
 * scripts read: what ran, how far it got and why it stopped, what it
 * produced; and the same for people on the terminal.
 *
 * `axon run` writes it when the run starts ("status": "running"), again
 * every few seconds (time_ms: how far the streamed recordings go) and at
 * the end ("completed", "interrupted" or "failed", with the reason), so
 * that the folder of a run that was killed still says how far it got.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "run_report.h"

/* Closes the temporary file and renames it over path; copies it to `also`. */
static int finish(FILE *f, const char *tmp, const char *path, FILE *also)
{
    bool bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        errno = e;
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

static void write_files(FILE *f, ax_modelfile *m)
{
    fprintf(f, ",\n \"files\": [");
    for (size_t k = 0; ax_modelfile_get_recording_file(m, k); k++) {
        fprintf(f, "%s", k ? ", " : "");
        json_write_string(f, ax_modelfile_get_recording_file(m, k));
    }
    fprintf(f, "]");
}

/* A JSON number; NaN and infinities (not JSON) as strings. */
static void write_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.17g", x);
    else
        fprintf(f, "\"%s\"", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
}

/* The offending neuron of a numerical failure and its last state. */
static void write_failure(FILE *f, ax_modelfile *m, const ax_run_failure *fl)
{
    ax_network *net = ax_modelfile_get_network(m);
    ax_population_info info;
    ax_population_get_info(net, fl->pop, &info);
    fprintf(f, ",\n \"failure\": {\"population\": ");
    json_write_string(f, info.name);
    fprintf(f, ", \"model\": ");
    json_write_string(f, info.model->name);
    fprintf(f, ", \"neuron\": %u, \"variable\": ", fl->neuron);
    json_write_string(f, fl->variable);
    fprintf(f, ", \"value\": ");
    write_number(f, fl->value);
    fprintf(f, ", \"from_ms\": %.17g, \"to_ms\": %.17g, \"state\": {", fl->from_ms, fl->to_ms);
    for (uint32_t v = 0; v < fl->n_vars; v++) {
        fprintf(f, "%s", v ? ", " : "");
        json_write_string(f, info.model->vars[v].name);
        fprintf(f, ": ");
        write_number(f, fl->state[v]);
    }
    fprintf(f, "}, \"likely_cause\": ");
    json_write_string(f, fl->cause);
    fprintf(f, "}");
}

void print_failure(ax_modelfile *m, const ax_run_failure *fl)
{
    ax_network *net = ax_modelfile_get_network(m);
    ax_population_info info;
    ax_population_get_info(net, fl->pop, &info);
    fprintf(stderr, "  the state of '%s' neuron %u at t = %g ms:", info.name, fl->neuron, fl->to_ms);
    for (uint32_t v = 0; v < fl->n_vars; v++)
        fprintf(stderr, "%s %s = %g%s%s", v ? "," : "", info.model->vars[v].name, fl->state[v],
                *info.model->vars[v].unit ? " " : "", info.model->vars[v].unit);
    fprintf(stderr, "\n  the recordings up to t = %g ms are written\n", fl->to_ms);
}

int write_summary(const char *path, ax_modelfile *m, const char *model_path, double start, double duration,
                  const run_end *end, FILE *also)
{
    bool running = !strcmp(end->status, "running");
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
    /* time_ms: how far the recordings in the files go */
    fprintf(f, ", \"seed\": %llu, \"threads\": %d, \"dt\": %.10g, \"start_ms\": %.17g, \"duration_ms\": %.17g, "
               "\"time_ms\": %.17g,\n \"completed\": %s, \"status\": ",
            (unsigned long long)ax_network_get_seed(net), st.threads, ax_network_get_dt(net), start, duration,
            running ? st.recorded_ms : st.time_ms, strcmp(end->status, "completed") ? "false" : "true");
    json_write_string(f, end->status);
    if (end->reason) {
        fprintf(f, ", \"reason\": ");
        json_write_string(f, end->reason);
    }
    if (end->message) {
        fprintf(f, ", \"message\": ");
        json_write_string(f, end->message);
    }
    if (end->failure)
        write_failure(f, m, end->failure);
    if (running) {   /* the rest is counted by the running threads: it comes at the end */
        write_files(f, m);
        fprintf(f, "}\n");
        return finish(f, tmp, path, also);
    }
    if (st.ranks > 1)   /* under mpirun (the byte counts and peak_rss_mb below are rank 0's) */
        fprintf(f, ", \"ranks\": %d", st.ranks);
    fprintf(f, ",\n \"threads_used\": %d, \"neurons\": %llu, \"synapses\": %llu, \"events\": %llu, \"build_s\": %.4f, "
               "\"run_s\": %.4f, \"spikes\": %llu, \"peak_rss_mb\": %.1f, \"synapse_bytes\": %llu, \"plastic_bytes\": %llu,\n "
               "\"populations\": {",
            st.threads_used, (unsigned long long)st.neurons, (unsigned long long)st.synapses,
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
    fprintf(f, "}");
    /* named projections: which populations they join (axon plot --connections) */
    fprintf(f, ",\n \"projections\": {");
    size_t named = 0;
    for (size_t k = 0; k < ax_projection_count(net); k++) {
        const char *pname = ax_modelfile_get_projection_name(m, (ax_projection)k);
        ax_projection_info pi;
        ax_population_info from, to;
        if (!pname || ax_projection_get_info(net, (ax_projection)k, &pi) || ax_population_get_info(net, pi.from, &from) ||
            ax_population_get_info(net, pi.to, &to))
            continue;
        fprintf(f, "%s\n  ", named++ ? "," : "");
        json_write_string(f, pname);
        fprintf(f, ": {\"from\": ");
        json_write_string(f, from.name);
        fprintf(f, ", \"to\": ");
        json_write_string(f, to.name);
        fprintf(f, ", \"synapses\": %llu}", (unsigned long long)pi.size);
    }
    fprintf(f, "}");
    write_files(f, m);
    fprintf(f, ",\n \"recordings\": [");
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
            fprintf(f, ", \"unit\": ");   /* axon plot's axis labels */
            json_write_string(f, ri.unit);
            fprintf(f, "}");
            continue;
        }
        ax_population_get_info(net, ri.pop, &info);
        fprintf(f, "%s\n  {\"population\": ", k ? "," : "");
        json_write_string(f, info.name);
        fprintf(f, ", \"variable\": ");
        json_write_string(f, ri.variable);
        fprintf(f, ", \"neurons\": %zu", ri.n_neurons);
        if (strcmp(ri.variable, "spikes") != 0) {
            fprintf(f, ", \"interval_ms\": %.10g, \"unit\": ", ri.interval_ms);
            json_write_string(f, ri.unit);
        }
        fprintf(f, "}");
    }
    fprintf(f, "]}\n");
    return finish(f, tmp, path, also);
}

void print_summary(ax_modelfile *m, const char *model_path, const char *dir, double start)
{
    ax_network *net = ax_modelfile_get_network(m);
    ax_stats st;
    ax_network_get_stats(net, &st);
    char ranks[48] = "";
    if (st.ranks > 1)   /* under mpirun: the threads are each rank's */
        snprintf(ranks, sizeof ranks, " on each of %d MPI ranks", st.ranks);
    char used[48] = "";
    if (st.threads_used && st.threads_used != st.threads)   /* threads = 0: the team timed fastest (sim/team.c) */
        snprintf(used, sizeof used, " (%d ran: timed fastest)", st.threads_used);
    printf("axon run %s (%s): %llu neurons, %llu synapses, %.1f ms, seed %llu, %d thread%s%s%s\n",
           ax_modelfile_get_name(m), model_path, (unsigned long long)st.neurons, (unsigned long long)st.synapses,
           st.time_ms, (unsigned long long)ax_network_get_seed(net), st.threads, st.threads == 1 ? "" : "s", used,
           ranks);
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

