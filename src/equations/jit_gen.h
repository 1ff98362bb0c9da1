/*
 * jit_gen.h - between jit.c (libgccjit's context, the cache of compiled
 * functions, the compile thread) and the generators that fill a context:
 * jit_step.c (an equation model's integration) and jit_rule.c (a
 * plasticity rule's new-w expressions).  Only in builds with libgccjit
 * (AX_JIT).
 */
#ifndef AX_EQUATIONS_JIT_GEN_H
#define AX_EQUATIONS_JIT_GEN_H

#include <libgccjit.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "equations/jit.h"

/* Everything a generator reads, as bytes: two units with the same key
 * compile to the same code (so that populations or projections share it). */
typedef struct eq_jit_key {
    unsigned char *data;
    size_t len, cap;
    bool failed;   /* out of memory: not cached, not compiled */
} eq_jit_key;

/* n more bytes of v into the key (inline: jit.c calls the generators, so
 * they take nothing back from it). */
static inline void eq_jit_put(eq_jit_key *k, const void *v, size_t n)
{
    if (k->failed)
        return;
    if (k->len + n > k->cap) {
        size_t cap = 2 * (k->len + n) + 256;
        unsigned char *d = realloc(k->data, cap);
        if (!d) {
            k->failed = true;
            return;
        }
        k->data = d;
        k->cap = cap;
    }
    memcpy(k->data + k->len, v, n);
    k->len += n;
}
#define EQ_JIT_PUT(k, v) eq_jit_put(k, &(v), sizeof(v))

/* The step: defines EQ_JIT_STEP_NAME, an eq_jit_fn, in c; false where the
 * model's shape is not covered or generation failed. */
#define EQ_JIT_STEP_NAME "axon_equation_step"
void eq_jit_step_key(const eq_jit_spec *sp, eq_jit_key *k);
bool eq_jit_step_emit(gcc_jit_context *c, const eq_jit_spec *sp);

/* The rule: defines EQ_JIT_RULE_NAME_0 and _1 (eq_jit_rule_fn) for the
 * programs present; false where one is not covered. */
#define EQ_JIT_RULE_NAME_0 "axon_rule_0"
#define EQ_JIT_RULE_NAME_1 "axon_rule_1"
void eq_jit_rule_key(const struct eq_scalar *const code[2], eq_jit_key *k);
bool eq_jit_rule_emit(gcc_jit_context *c, const struct eq_scalar *const code[2]);

#endif
