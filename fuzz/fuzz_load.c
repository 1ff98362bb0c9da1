/*
 * fuzz_load.c - libFuzzer target for the whole model-file loader: any input
 * is read as a model file (io/load.c and the load_*.c sections), validated
 * (ax_modelfile_validate) and, when valid, built (ax_network_build: the
 * synapses, buffers, plastic state, gap junctions, weight recorders) and run
 * for one step.  Every stage must either succeed or fail with a status and a
 * message, without crashing, leaking (LeakSanitizer), reading out of bounds
 * (ASan), undefined behaviour (UBSan) or hanging (libFuzzer's -timeout).
 *
 * Bounds, so that a short file cannot ask for more than a fuzzer can give:
 *   - every network the loader declares has a memory limit of 32 MiB
 *     (ax_modelfile_load_bounded sets it before anything is declared):
 *     larger sizes are refused by the library's own memory planning, the
 *     general mechanism, as clean errors;
 *   - one or two threads (an override, chosen by the input's length);
 *   - files: from_list paths are the only files a model file reads.  They
 *     are opened under a private temporary folder holding a few connection
 *     lists; fopen is wrapped (-Wl,--wrap=fopen) to refuse anything else,
 *     so no input reads /dev/zero or the fuzzing machine's files.
 *
 *   make fuzz FUZZ_SECONDS=600
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axon.h"
#include "io/load.h"

#define MEMORY_LIMIT (32u << 20)

static char folder[64];
static bool confined;   /* while an input is loaded, built and run */

FILE *__real_fopen(const char *path, const char *mode);

/* While confined: only files directly in the private folder, by a plain
 * name, for reading.  (libFuzzer's own files are opened outside.) */
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode)
{
    size_t n = strlen(folder);
    if (!confined || (strncmp(path, folder, n) == 0 && path[n] == '/' && !strchr(path + n + 1, '/') &&
                      strcmp(path + n + 1, "..") != 0 && strcmp(mode, "r") == 0))
        return __real_fopen(path, mode);
    errno = EACCES;
    return NULL;
}

/* The connection lists the tests use, where a model file's from_list finds them. */
static void make_folder(void)
{
    snprintf(folder, sizeof folder, "/tmp/axon-fuzz-XXXXXX");
    if (!mkdtemp(folder))
        abort();
    const char *files[][2] = {
        {"pairs.csv", "source,target,weight\n0,0,0.01\n1,2,0.02\n# a comment\n7,5,0.03\n"},
        {"pairs2.csv", "0,1\n1,0\n2,2\n"},
        {"pairs4.csv", "source,target,weight,delay\n0,1,0.5,1.0\n1,0,0.25,2.5\n"},
    };
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", folder, files[k][0]);
        FILE *f = __real_fopen(path, "w");
        if (!f)
            abort();
        fputs(files[k][1], f);
        fclose(f);
    }
}

/* A failure must say what went wrong. */
static void expect_message(ax_status st, const char *msg)
{
    if (st == AX_OK || !msg || !msg[0])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!folder[0])
        make_folder();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';   /* a NUL inside ends the file early: the loader reads C strings */
    const char *threads[] = {size % 2 ? "simulation.threads=2" : "simulation.threads=1"};
    ax_error err;
    confined = true;
    ax_modelfile *m = ax_modelfile_load_bounded(text, "fuzz.toml", folder, threads, 1, MEMORY_LIMIT, &err);
    free(text);
    if (!m) {
        confined = false;
        expect_message(err.status, err.message);
        return 0;
    }
    ax_network *net = ax_modelfile_get_network(m);
    ax_status st = ax_modelfile_validate(m);
    if (st) {
        expect_message(st, ax_network_get_error(net));
    } else if ((st = ax_network_build(net)) != AX_OK) {
        expect_message(st, ax_network_get_error(net));
    } else if ((st = ax_modelfile_run(m, ax_network_get_dt(net))) != AX_OK) {
        expect_message(st, ax_network_get_error(net));
    }
    ax_modelfile_free(m);
    confined = false;
    return 0;
}
