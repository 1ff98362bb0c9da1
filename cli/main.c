/*
 * main.c - the `axon` command: dispatch to subcommands.
 */
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
    "  axon --version          version\n"
    "\n"
    "exit status: 0 success; 1 error in the model file or another input (a file it reads,\n"
    "a model or channel NAME that does not exist); 2 bad command line, or an output place\n"
    "that cannot be written; 3 failure while running (numerical blow-up, out of memory,\n"
    "interrupted, a write that failed)\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("axon %s\n", AX_VERSION);
        return 0;
    }
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
