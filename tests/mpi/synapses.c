/*
 * synapses.c - a driver the MPI synapse tests run under mpirun
 * (tests/test_mpi_synapses.c): everything that reads, changes or records
 * synapses, written by every rank as hashes (FNV-1a) that must equal one
 * process's, line for line:
 *   - after half the run, per projection: the table (sources, targets,
 *     weights, delays; ax_projection_get_synapses must give the same),
 *     the checkpoint fingerprint (ax_projection_hash), a few synapses
 *     found by their pair, the incoming and outgoing lists of a neuron,
 *     and the CSV file and the NPZ members ax_projection_export writes
 *     (rank 0);
 * Each rank writes its lines to OUT_DIR/rank<R>.txt (whole, not
 * interleaved with other ranks' output).
 *   - then the weights of projection 0 set reversed, one synapse set
 *     alone, the delays of static projections reversed, the second half
 *     run: the tables again, every neuron's state, and every weight
 *     recorder's samples and histograms.
 *
 * Several models in one job (one mpirun: its start is most of the time).
 *
 *   synapses THREADS OUT_DIR MODEL.toml DURATION_MS [MODEL.toml DURATION_MS ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "axon.h"
#include "sim/sim.h"   /* ax_projection_hash: the checkpoints' fingerprint */

static FILE *out;   /* OUT_DIR/rank<R>.txt: every rank's lines, whole */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ull;
    }
    return h;
}

#define FNV0 1469598103934665603ull

static void line(const char *what, unsigned q, uint64_t h, unsigned long long n)
{
    fprintf(out, "%s %u: %016llx (%llu)\n", what, q, (unsigned long long)h, n);
}

static void fail(const char *what, ax_network *net)
{
    fprintf(out, "FAILED %s: %s\n", what, ax_network_get_error(net));
    fclose(out);
    exit(1);
}

static uint64_t synapse_hash(uint64_t h, const ax_synapse *s)
{
    h = fnv(h, &s->projection, sizeof s->projection);
    h = fnv(h, &s->source, sizeof s->source);
    h = fnv(h, &s->target, sizeof s->target);
    h = fnv(h, &s->index, sizeof s->index);
    h = fnv(h, &s->count, sizeof s->count);
    h = fnv(h, &s->weight, sizeof s->weight);
    return fnv(h, &s->delay, sizeof s->delay);
}

static uint64_t table_hash(ax_network *net, ax_projection q, ax_synapse_table *t)
{
    if (ax_projection_get_table(net, q, t))
        fail("get table", net);
    uint64_t h = FNV0;
    h = fnv(h, t->sources, t->n * sizeof *t->sources);
    h = fnv(h, t->targets, t->n * sizeof *t->targets);
    h = fnv(h, t->weights, t->n * sizeof *t->weights);
    return fnv(h, t->delays, t->n * sizeof *t->delays);
}

static uint64_t file_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    uint64_t h = FNV0;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        h = fnv(h, buf, n);
    fclose(f);
    return h;
}

/* An .npz archive's members (names and bytes): the zip headers hold the
 * time it was written. */
static uint64_t npz_hash(const char *path)
{
    int e;
    zip_t *z = zip_open(path, ZIP_RDONLY, &e);
    if (!z)
        return 0;
    uint64_t h = FNV0;
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t k = 0; k < n; k++) {
        zip_stat_t st;
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)k, 0);
        if (!f || zip_stat_index(z, (zip_uint64_t)k, 0, &st)) {
            zip_discard(z);
            return 0;
        }
        h = fnv(h, st.name, strlen(st.name));
        char buf[65536];
        zip_int64_t got;
        while ((got = zip_fread(f, buf, sizeof buf)) > 0)
            h = fnv(h, buf, (size_t)got);
        zip_fclose(f);
    }
    zip_discard(z);
    return h;
}

/* The neuron's incoming (in) or outgoing synapses, all projections. */
static void neuron_lists(ax_network *net, ax_population pop, uint32_t neuron, bool in, unsigned q)
{
    ax_synapse list[4096];
    size_t n;
    ax_status st = in ? ax_population_get_incoming(net, pop, neuron, list, 4096, &n)
                      : ax_population_get_outgoing(net, pop, neuron, list, 4096, &n);
    if (st)
        fail(in ? "incoming" : "outgoing", net);
    uint64_t h = FNV0;
    for (size_t k = 0; k < n && k < 4096; k++)
        h = synapse_hash(h, &list[k]);
    line(in ? "incoming" : "outgoing", q, h, n);
}

static void read_projection(ax_network *net, ax_projection q, const char *tag)
{
    ax_synapse_table t;
    uint64_t h = table_hash(net, q, &t);
    line("table", q, h, t.n);
    /* ax_projection_get_synapses: the same arrays */
    size_t m = t.n ? t.n : 1;
    uint32_t *src = malloc(m * sizeof *src), *tgt = malloc(m * sizeof *tgt);
    double *w = malloc(m * sizeof *w), *d = malloc(m * sizeof *d);
    if (ax_projection_get_synapses(net, q, src, tgt, w, d))
        fail("get synapses", net);
    bool same = !memcmp(src, t.sources, t.n * sizeof *src) && !memcmp(tgt, t.targets, t.n * sizeof *tgt) &&
                !memcmp(w, t.weights, t.n * sizeof *w) && !memcmp(d, t.delays, t.n * sizeof *d);
    fprintf(out, "get_synapses %u equals the table: %s\n", q, same ? "yes" : "NO");
    line("fingerprint", q, ax_projection_hash(net, net->projs[q]), t.n);
    /* synapses found by their pair: first, a third, middle, last */
    h = FNV0;
    for (int k = 0; t.n && k < 4; k++) {
        uint64_t at = k == 0 ? 0 : k == 1 ? t.n / 3 : k == 2 ? t.n / 2 : t.n - 1;
        ax_synapse s;
        if (ax_projection_find_synapse(net, q, src[at], tgt[at], &s))
            fail("find synapse", net);
        if (at < s.index || at >= s.index + s.count)
            fprintf(out, "FOUND %u: position %llu is not in [%llu, +%u)\n", q, (unsigned long long)at,
                    (unsigned long long)s.index, s.count);
        h = synapse_hash(h, &s);
    }
    line("found", q, h, t.n);
    ax_projection_info info;
    ax_projection_get_info(net, q, &info);
    if (t.n) {
        neuron_lists(net, info.to, tgt[t.n / 2], true, q);
        neuron_lists(net, info.from, src[t.n / 2], false, q);
    }
    free(src);
    free(tgt);
    free(w);
    free(d);
    const char *ext[] = {"csv", "npz"};
    for (int k = 0; k < 2; k++) {
        char path[2200];
        snprintf(path, sizeof path, "%s%u.%s", tag, q, ext[k]);
        if (ax_projection_export(net, q, path, k ? AX_GRAPH_NPZ : AX_GRAPH_CSV))
            fail("export", net);
        line(k ? "npz" : "csv", q, k ? npz_hash(path) : file_hash(path), t.n);
    }
}

/* One model: half a run, the reads, the changes, the second half. */
static void one_model(const char *model, double duration, const char *threads, const char *dir, int index)
{
    char set[64], tag[2048];
    snprintf(set, sizeof set, "simulation.threads=%s", threads);
    const char *ov[1] = {set};
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(model, ov, 1, &err);
    if (!m) {
        fprintf(out, "FAILED load: %s\n", err.message);
        fclose(out);
        exit(1);
    }
    fprintf(out, "model %d (%s, %g ms)\n", index, model, duration);
    snprintf(tag, sizeof tag, "%s/%d_", dir, index);
    ax_network *net = ax_modelfile_get_network(m);
    double half = duration / 2;
    if (ax_modelfile_run(m, half))
        fail("run", net);
    size_t n_proj = ax_projection_count(net);
    for (ax_projection q = 0; q < n_proj; q++)
        read_projection(net, q, tag);
    /* changes: projection 0's weights reversed, then its middle synapse
     * halved; static projections' delays reversed */
    ax_synapse_table t;
    table_hash(net, 0, &t);
    size_t n = t.n;
    double *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t k = 0; k < n; k++)
        v[k] = t.weights[n - 1 - k];
    if (n && ax_projection_set_weights(net, 0, v, n))
        fail("set weights", net);
    table_hash(net, 0, &t);
    if (n && ax_projection_set_synapse_weight(net, 0, t.sources[n / 2], t.targets[n / 2], t.weights[n / 2] / 2))
        fail("set synapse weight", net);
    free(v);
    for (ax_projection q = 0; q < n_proj; q++) {
        ax_projection_info info;
        ax_projection_get_info(net, q, &info);
        if (info.kind != AX_PROJECTION_STATIC || !info.size)
            continue;
        table_hash(net, q, &t);
        double *d = malloc(t.n * sizeof *d);
        for (size_t k = 0; k < t.n; k++)
            d[k] = t.delays[t.n - 1 - k];
        if (ax_projection_set_delays(net, q, d, t.n))
            fail("set delays", net);
        free(d);
    }
    for (ax_projection q = 0; q < n_proj; q++) {
        uint64_t h = table_hash(net, q, &t);
        line("changed", q, h, t.n);
    }
    if (ax_modelfile_run(m, half))
        fail("second run", net);
    for (ax_projection q = 0; q < n_proj; q++) {
        uint64_t h = table_hash(net, q, &t);
        line("after", q, h, t.n);
    }
    uint64_t h = FNV0;
    for (size_t p = 0; p < ax_population_count(net); p++) {
        ax_population_info info;
        ax_population_get_info(net, (ax_population)p, &info);
        double *x = malloc((info.size ? info.size : 1) * sizeof *x);
        for (uint32_t k = 0; x && k < info.model->n_vars; k++) {
            ax_population_get_values(net, (ax_population)p, info.model->vars[k].name, x, info.size);
            h = fnv(h, x, info.size * sizeof *x);
        }
        free(x);
    }
    line("state", 0, h, 0);
    for (ax_recorder r = 0; r < ax_recorder_count(net); r++) {
        size_t n_samples, cols;
        const double *times, *values, *edges;
        const uint64_t *ids, *counts;
        if (!ax_recorder_get_weights(net, r, &n_samples, &cols, &times, &values, &ids)) {
            h = fnv(fnv(fnv(FNV0, times, n_samples * sizeof *times), values, n_samples * cols * sizeof *values), ids,
                    cols * sizeof *ids);
            line("weight samples", r, h, n_samples * cols);
        } else if (!ax_recorder_get_weight_histogram(net, r, &n_samples, &cols, &times, &counts, &edges)) {
            h = fnv(fnv(FNV0, times, n_samples * sizeof *times), counts, n_samples * cols * sizeof *counts);
            line("weight histogram", r, h, n_samples * cols);
        }
    }
    ax_modelfile_free(m);
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc % 2 == 0) {
        fprintf(stderr, "usage: synapses THREADS OUT_DIR MODEL.toml DURATION_MS [MODEL.toml DURATION_MS ...]\n");
        return 2;
    }
    ax_mpi_info mi;
    ax_mpi_get_info(&mi, NULL);
    char path[2048];
    snprintf(path, sizeof path, "%s/rank%d.txt", argv[2], mi.rank);
    if (!(out = fopen(path, "w"))) {
        printf("cannot write %s\n", path);
        return 1;
    }
    for (int a = 3; a + 1 < argc; a += 2)
        one_model(argv[a], atof(argv[a + 1]), argv[1], argv[2], (a - 3) / 2);
    fclose(out);
    return 0;
}
