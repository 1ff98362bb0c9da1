/*
 * main.c - the `axon` command: dispatch to subcommands.  Under mpirun with
 * more than one rank (docs/mpi.md) the commands that run a model file on a
 * network split over the ranks (run, check, connections) go on; the others
 * refuse at once, on every rank and before any collective, so that no rank
 * waits for another.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "axon.h"
#include "cli.h"

static const char *usage_text =
    "usage: axon <command> [options]\n"
    "\n"
    "commands:\n"
    "  run         run a model file:        axon run MODEL.toml [--set key.path=value]...\n"
    "  check       load and validate a model file without running it\n"
    "  connections write the synapses of a model file's projections (CSV, NPY, NPZ) without running\n"
    "  plot        draw the raster plot and traces of an output folder\n"
    "  sweep       run every combination of a model file's [sweep] table into one table: sweep.csv\n"
    "  fit         fit a neuron's parameters with the file's [fit] table: best.toml, best.json, pictures\n"
    "  analyze     statistics of an output folder's spikes (rates, CV, correlations, PSD): analysis.json\n"
    "  models      list the neuron and generator models, or one model's parameters\n"
    "  channels    list the ion channels of the library (and of a model file), or one channel\n"
    "  demo        run the built-in default model (Brunel 2000) and draw its raster plot\n"
    "\n"
    "  axon <command> --help   options of a command\n"
    "  axon --version          version, and whether MPI is built in (axon version: the same)\n"
    "\n"
    "exit status: 0 success; 1 error in the model file or another input (a file it reads,\n"
    "a model or channel NAME that does not exist); 2 bad command line, or an output place\n"
    "that cannot be written; 3 failure while running (numerical blow-up, out of memory,\n"
    "interrupted, a write that failed)\n";

/* The version, and the ranks this build can use (rank 0 prints: one line per job). */
static int version(const ax_mpi_info *mpi)
{
    if (mpi->rank != 0)
        return 0;
    printf("axon %s\n", AX_VERSION);
    if (!mpi->built)
        printf("MPI: not built in (install libopenmpi-dev and rebuild to split networks over processes)\n");
    else if (mpi->ranks == 1)
        printf("MPI: built in (Open MPI); 1 rank (mpirun -n N axon run MODEL.toml splits a network over N)\n");
    else
        printf("MPI: built in (Open MPI); this job has %d ranks\n", mpi->ranks);
    return 0;
}

/* The commands that split their network over the ranks of mpirun. */
static bool runs_under_mpirun(const char *cmd)
{
    return !strcmp(cmd, "run") || !strcmp(cmd, "check") || !strcmp(cmd, "connections");
}

/* Every rank says it and stops, before any collective. */
static int refuse_under_mpirun(const char *cmd, const ax_mpi_info *mpi)
{
    bool simulates = !strcmp(cmd, "sweep") || !strcmp(cmd, "fit") || !strcmp(cmd, "demo");
    bool known = simulates || !strcmp(cmd, "plot") || !strcmp(cmd, "analyze") || !strcmp(cmd, "models") ||
                 !strcmp(cmd, "channels");
    if (!known) {
        if (mpi->rank == 0)
            fprintf(stderr, "axon: unknown command '%s'\n\n%s", cmd, usage_text);
        return EXIT_USAGE;
    }
    fprintf(stderr, "axon %s does not run under mpirun (rank %d of %d): %s\n", cmd, mpi->rank, mpi->ranks,
            simulates ? "run it without mpirun (its networks use the threads of one process); under mpirun, "
                        "`axon run`, `check` and `connections` split a model file's network over the ranks"
                      : "it simulates nothing; run it without mpirun");
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    ax_mpi_info mpi;
    ax_error err;
    if (ax_mpi_get_info(&mpi, &err) != AX_OK) {
        fprintf(stderr, "axon: %s\n", err.message);
        return EXIT_RUN;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        if (mpi.rank == 0)   /* once per job */
            fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0)
        return version(&mpi);
    if (mpi.ranks > 1 && !runs_under_mpirun(cmd))
        return refuse_under_mpirun(cmd, &mpi);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "connections") == 0)
        return cmd_connections(argc - 1, argv + 1);
    if (strcmp(cmd, "plot") == 0)
        return cmd_plot(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "fit") == 0)
        return cmd_fit(argc - 1, argv + 1);
    if (strcmp(cmd, "analyze") == 0)
        return cmd_analyze(argc - 1, argv + 1);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(argc - 1, argv + 1);
    if (strcmp(cmd, "models") == 0)
        return cmd_models(argc - 1, argv + 1);
    if (strcmp(cmd, "channels") == 0)
        return cmd_channels(argc - 1, argv + 1);
    fprintf(stderr, "axon: unknown command '%s'\n\n%s", cmd, usage_text);
    return EXIT_USAGE;
}
