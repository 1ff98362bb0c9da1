/*
 * fuzz_toml.c - libFuzzer target for the TOML parser: any input must
 * either parse or be rejected with a position and a message, without
 * crashing, leaking (LeakSanitizer), reading out of bounds (ASan) or
 * undefined behaviour (UBSan).  Parsed trees are walked completely.
 *
 *   make fuzz FUZZ_SECONDS=600
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/toml.h"

static size_t walk(const toml_value *v)
{
    size_t n = 1;
    if (v->type == TOML_TABLE)
        for (size_t k = 0; k < v->u.table.n; k++)
            n += walk(v->u.table.entries[k].value) + v->u.table.entries[k].key_len;
    else if (v->type == TOML_ARRAY)
        for (size_t k = 0; k < v->u.array.n; k++)
            n += walk(v->u.array.items[k]);
    else if (v->type == TOML_STRING)
        n += v->u.string.len;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    toml_error err;
    toml_value *doc = ax_toml_parse((const char *)data, size, &err);
    if (doc) {
        volatile size_t n = walk(doc);
        (void)n;
        ax_toml_free(doc);
    } else if (err.pos.line == 0 || err.message[0] == '\0') {
        abort();   /* a rejection must say where and why */
    }
    return 0;
}
