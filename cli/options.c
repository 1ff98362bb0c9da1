/*
 * options.c - what the subcommands share in reading their command lines
 * and in stopping on a signal.
 */
#include <string.h>

#include "cli.h"

int cli_option_value(int argc, char **argv, int *k, const char *const *names, int n_names, const char **value)
{
    const char *a = argv[*k];
    for (int i = 0; i < n_names; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(a, names[i], n) != 0 || (a[n] != '\0' && a[n] != '='))
            continue;
        if (a[n] == '=')
            *value = a + n + 1;
        else
            *value = *k + 1 < argc ? argv[++*k] : NULL;
        return i;
    }
    *value = NULL;
    return -1;
}

/* SIGINT (Ctrl-C), SIGTERM (timeouts, Slurm, container stops) and SIGHUP
 * (a closed terminal). */
static const int stop_signals[CLI_N_STOP_SIGNALS] = {SIGINT, SIGTERM, SIGHUP};

void cli_stop_signals_catch(cli_stop_signals *s, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    /* reset when it runs: a second signal ends the process at once */
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (int k = 0; k < CLI_N_STOP_SIGNALS; k++)
        sigaction(stop_signals[k], &sa, &s->old[k]);
}

void cli_stop_signals_release(const cli_stop_signals *s)
{
    for (int k = 0; k < CLI_N_STOP_SIGNALS; k++)
        sigaction(stop_signals[k], &s->old[k], NULL);
}

const char *cli_signal_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal";
}
