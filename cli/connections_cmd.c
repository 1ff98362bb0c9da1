/*
 * connections_cmd.c - `axon connections MODEL.toml`: the connectivity of a
 * model file's network, built but not run, written as edge lists or
 * matrices (ax_projection_export).
 *
 * The network is built the way `axon run` builds it (ax_modelfile_build:
 * the projections' weights_from files applied), so what is written is what
 * a run would start with.  One projection (--projection NAME or index) to
 * the file --out, or every projection into the folder --out as
 * <tag>_connections.<ext>, <tag> the projection's name or its index.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "axon.h"
#include "cli.h"

#define MAX_SETS 256

static int usage(FILE *f)
{
    fprintf(f, "usage: axon connections MODEL.toml [--projection NAME|INDEX] [--format csv|npy|npz]\n"
               "                        --out PATH [--set key.path=value]... [--seed S]\n\n"
               "Builds the model file's network without running it (its weights_from files applied,\n"
               "as `axon run` would start) and writes the synapses of its projections:\n"
               "  csv  an edge list, header pre,post,weight,delay (gap junctions and graded release:\n"
               "       pre,post,weight), one row per synapse by source then target: a from_list file\n"
               "  npy  a dense float64 matrix pre x post of the weights, 0 where there is no synapse\n"
               "       (several synapses of a pair: their sum)\n"
               "  npz  a sparse CSR matrix as scipy.sparse.save_npz writes it (scipy.sparse.load_npz\n"
               "       reads it), one entry per synapse\n\n"
               "  --projection P  the projection's name or index in [[projections]] (0, 1, ...): --out\n"
               "                  is the file; without it every projection is written into the folder\n"
               "                  --out as <name or index>_connections.<format>\n"
               "  --format F      csv, npy or npz (default: the extension of --out, else csv)\n"
               "  --out PATH      the file, or the folder (made if missing)\n"
               "  --set key.path=value, --seed S   as for axon run (the seed draws the connectivity)\n\n"
               "A model file sets weights from such files with weights_from = \"file.csv\" on a\n"
               "projection (docs/model-file.md).\n\n"
               "exit status: 0 success; 1 error in the model file or a file it reads, a projection\n"
               "that does not exist; 2 bad command line or an output place that cannot be written\n");
    return f == stderr ? EXIT_USAGE : 0;
}

typedef struct conn_opts {
    const char *model, *projection, *format, *out;
    const char *sets[MAX_SETS + 1];
    size_t n_sets;
    char seed[64];
} conn_opts;

/* 0 ok, 1 help shown, -1 bad command line (message printed). */
static int parse(int argc, char **argv, conn_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return 1;
        const char *opts[] = {"--set", "--projection", "--format", "--out", "--seed"};
        const char *val;
        int which = cli_option_value(argc, argv, &k, opts, 5, &val);
        if (which < 0) {
            if (a[0] == '-' && a[1]) {
                fprintf(stderr, "axon connections: unknown option %s\n", a);
                return -1;
            }
            if (o->model) {
                fprintf(stderr, "axon connections: one model file at a time (%s and %s given)\n", o->model, a);
                return -1;
            }
            o->model = a;
            continue;
        }
        if (!val || !*val) {
            fprintf(stderr, "axon connections: %s needs a value\n", opts[which]);
            return -1;
        }
        long long n;
        if (which == 0) {
            if (!strchr(val, '=') || val[0] == '=' || o->n_sets == MAX_SETS) {
                fprintf(stderr, "axon connections: --set needs key.path=value (at most %d), got '%s'\n", MAX_SETS, val);
                return -1;
            }
            o->sets[o->n_sets++] = val;
        } else if (which == 1) {
            o->projection = val;
        } else if (which == 2) {
            if (strcmp(val, "csv") && strcmp(val, "npy") && strcmp(val, "npz")) {
                fprintf(stderr, "axon connections: --format takes csv, npy or npz, got '%s'\n", val);
                return -1;
            }
            o->format = val;
        } else if (which == 3) {
            o->out = val;
        } else {
            if (!parse_long(val, &n) || n < 0) {
                fprintf(stderr, "axon connections: --seed takes a whole number >= 0, got '%s'\n", val);
                return -1;
            }
            snprintf(o->seed, sizeof o->seed, "simulation.seed=%lld", n);
        }
    }
    if (!o->model) {
        fprintf(stderr, "axon connections: no model file given\n");
        return -1;
    }
    if (!o->out) {
        fprintf(stderr, "axon connections: --out is required (a file with --projection, else a folder)\n");
        return -1;
    }
    if (o->seed[0])
        o->sets[o->n_sets++] = o->seed;
    return 0;
}

/* The projection --projection names: its `name`, else an index. */
static bool find_projection(ax_modelfile *m, const char *want, ax_projection *out)
{
    ax_network *net = ax_modelfile_get_network(m);
    size_t n = ax_projection_count(net);
    for (ax_projection p = 0; p < n; p++) {
        const char *name = ax_modelfile_get_projection_name(m, p);
        if (name && !strcmp(name, want)) {
            *out = p;
            return true;
        }
    }
    long long k;
    if (parse_long(want, &k) && k >= 0 && (size_t)k < n) {
        *out = (ax_projection)k;
        return true;
    }
    char names[1000] = "";
    for (ax_projection p = 0; p < n; p++) {
        const char *name = ax_modelfile_get_projection_name(m, p);
        size_t at = strlen(names);
        if (at < sizeof names - 100)
            snprintf(names + at, sizeof names - at, "%s%s", p ? ", " : "", name ? name : "(no name)");
    }
    fprintf(stderr, "axon connections: %s has no projection '%s': give a name or an index 0 .. %zu%s%s%s\n",
            ax_modelfile_get_name(m), want, n ? n - 1 : 0, n ? " (names: " : "", names, n ? ")" : "");
    return false;
}

int cmd_connections(int argc, char **argv)
{
    /* Under mpirun every rank runs the command (each builds its share of
     * the network; ax_projection_export gathers the synapses, writes on
     * rank 0 and reports its failures on every rank): rank 0 alone speaks. */
    ax_mpi_info mi;
    if (ax_mpi_get_info(&mi, NULL) == AX_OK && mi.rank > 0 && (!freopen("/dev/null", "w", stdout) ||
                                                               !freopen("/dev/null", "w", stderr)))
        return EXIT_USAGE;
    conn_opts o;
    int p = parse(argc, argv, &o);
    if (p)
        return usage(p > 0 ? stdout : stderr);
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(o.model, o.sets, o.n_sets, &err);
    if (!m) {
        fprintf(stderr, "%s\n", err.message);
        return EXIT_MODEL;
    }
    ax_network *net = ax_modelfile_get_network(m);
    ax_projection one = 0;
    if (o.projection && !find_projection(m, o.projection, &one)) {
        ax_modelfile_free(m);
        return EXIT_MODEL;
    }
    ax_graph_format format = AX_GRAPH_CSV;
    const char *ext = o.format;
    if (!ext && o.projection && ax_graph_format_from_path(NULL, o.out, &format) == AX_OK)
        ext = format == AX_GRAPH_CSV ? "csv" : format == AX_GRAPH_NPY ? "npy" : "npz";
    ext = ext ? ext : "csv";
    format = !strcmp(ext, "csv") ? AX_GRAPH_CSV : !strcmp(ext, "npy") ? AX_GRAPH_NPY : AX_GRAPH_NPZ;
    /* where it writes: checked before anything is built */
    if (!o.projection && make_dirs(o.out) != 0) {
        fprintf(stderr, "axon connections: cannot make the folder %s: %s\n", o.out, strerror(errno));
        ax_modelfile_free(m);
        return EXIT_USAGE;
    }
    ax_status st = ax_modelfile_validate(m);
    if (!st)
        st = ax_modelfile_build(m);
    if (st) {
        fprintf(stderr, "%s\n", ax_network_get_error(net));
        ax_modelfile_free(m);
        return EXIT_MODEL;   /* the file, a weights_from file, or a model too large */
    }
    size_t n = ax_projection_count(net);
    int status = 0;
    for (ax_projection q = o.projection ? one : 0; !status && q < (o.projection ? one + 1 : n); q++) {
        char path[4400];
        const char *name = ax_modelfile_get_projection_name(m, q);
        if (o.projection)
            snprintf(path, sizeof path, "%s", o.out);
        else if (name)
            snprintf(path, sizeof path, "%s/%s_connections.%s", o.out, name, ext);
        else
            snprintf(path, sizeof path, "%s/%u_connections.%s", o.out, q, ext);
        if (ax_projection_export(net, q, path, format) != AX_OK) {
            fprintf(stderr, "axon connections: %s\n", ax_network_get_error(net));
            status = EXIT_USAGE;
        }
    }
    ax_modelfile_free(m);
    return status;
}
