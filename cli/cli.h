/*
 * cli.h - what the subcommands of `axon` share.
 *
 * Exit status (docs/model-file.md, "Exit status"): 0 success; 1 error in
 * the model file or another input (a file it reads, a model or channel
 * name that does not exist); 2 bad command line, or an output place that
 * cannot be written (found before anything is built); 3 failure while
 * running (numerical blow-up, out of memory, interrupted, a failed write).
 */
#ifndef AXON_CLI_H
#define AXON_CLI_H

#include <signal.h>
#include <stdbool.h>

#include "axon.h"

enum { EXIT_MODEL = 1, EXIT_USAGE = 2, EXIT_RUN = 3 };

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_connections(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_models(int argc, char **argv);
int cmd_channels(int argc, char **argv);

/* The allowed range of a parameter, e.g. "> 0, <= 1" (nothing if any). */
void print_range(const ax_param_info *p);
/* "    name  default unit  doc (range)" lines, as `axon models NAME` shows them. */
void print_params(const ax_param_info *params, uint32_t n);

/* A parameter table as Markdown (docs/models.md). */
void markdown_params(const ax_param_info *params, uint32_t n);

/* The channel library as Markdown (the end of docs/models.md). */
void channels_markdown(void);

/* The receptor kinds as Markdown (after the channels in docs/models.md). */
void receptors_markdown(void);

/* Prints the network's warnings from number *printed on to stderr, as
 * "axon <command>: warning [name]: message", and counts them in *printed
 * (cli/warnings.c). */
void print_warnings(const ax_network *net, const char *command, size_t *printed);

/* Creates a folder and its parents; 0 or -1 (errno set). */
int make_dirs(const char *path);

/* Parses a whole decimal number or an integer; false when s is not one. */
bool parse_double(const char *s, double *out);
bool parse_long(const char *s, long long *out);

/* Peak resident memory of this process, MB. */
double peak_rss_mb(void);

/* An option that takes a value, "--name VALUE" or "--name=VALUE": when
 * argv[*k] is one of names[0 .. n_names), returns its index and sets
 * *value (NULL when a separate value is missing; *k is moved past a
 * separate value); otherwise returns -1 (cli/options.c). */
int cli_option_value(int argc, char **argv, int *k, const char *const *names, int n_names, const char **value);

/* The signals that stop a long command at its next safe point (SIGINT,
 * SIGTERM, SIGHUP): catch installs handler for each, to run once (a second
 * signal ends the process at once); release puts the old handlers back. */
#define CLI_N_STOP_SIGNALS 3
typedef struct cli_stop_signals {
    struct sigaction old[CLI_N_STOP_SIGNALS];
} cli_stop_signals;
void cli_stop_signals_catch(cli_stop_signals *s, void (*handler)(int));
void cli_stop_signals_release(const cli_stop_signals *s);
/* "SIGINT", "SIGTERM", "SIGHUP" or "a signal". */
const char *cli_signal_name(int sig);

#endif
