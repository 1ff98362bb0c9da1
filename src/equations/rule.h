/*
 * rule.h - plasticity rules written as equations (rule.c): what the
 * plasticity engine (plasticity/equations.c) evaluates.
 */
#ifndef AX_EQUATIONS_RULE_H
#define AX_EQUATIONS_RULE_H

#include "equations/equations.h"

#define EQ_RULE_MAX_TRACES 2

/* Trace k < EQ_RULE_MAX_TRACES is presynaptic trace k, k >= it
 * postsynaptic trace k - EQ_RULE_MAX_TRACES (absent past n_pre, n_post). */
typedef struct eq_rule {
    eq_model m;                   /* the symbols and trees (m.model unused) */
    char name[EQ_MAX_NAME + 1];
    char *doc;
    uint32_t n_pre, n_post;
    uint32_t trace_sym[2 * EQ_RULE_MAX_TRACES];
    int32_t rate[2 * EQ_RULE_MAX_TRACES];        /* decay rate (1/ms), a tree of parameters */
    int32_t trace_new[2 * EQ_RULE_MAX_TRACES];   /* the trace after a spike of its neuron, -1: unchanged */
    uint32_t w_sym;
    int32_t w_new[2];                            /* [0] on_pre, [1] on_post: the new w, -1: unchanged */
    uint64_t text_hash;                          /* FNV-1a of the definition's texts (checkpoints) */
} eq_rule;

const eq_rule *eq_rule_find(const ax_network *net, const char *name);
void eq_rule_free(eq_rule *r);
/* Frees the rules defined on net (the network's roof calls it). */
void eq_rules_free(ax_network *net);
/* values[symbol]: the parameters (defaults, then "NAME = VALUE, ..."
 * overrides checked against their bounds), dt, pi; 0 elsewhere. */
int eq_rule_values(const eq_rule *r, const char *overrides, double dt, double *values, char *msg, size_t len);

#endif
