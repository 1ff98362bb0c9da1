/*
 * scalar.c - trees into three-address code for one value at a time
 * (scalar.h).  Temporaries are allotted as a stack: a node's value goes
 * to the first register above its operands'.
 */
#include <string.h>

#include "equations/scalar.h"

typedef struct ctx {
    const eq_model *m;
    const int *slot;
    eq_scalar *p;
    uint32_t top;      /* the next free temporary */
    int failed;
} ctx;

static uint32_t constant(ctx *c, double x)
{
    eq_scalar *p = c->p;
    for (uint32_t k = p->n_slots; k < p->n_init; k++)
        if (!memcmp(&p->init[k], &x, sizeof x))
            return k;
    if (p->n_init >= EQ_SCALAR_REGS / 2) {
        c->failed = 1;
        return 0;
    }
    p->init[p->n_init] = x;
    return p->n_init++;
}

/* The register holding the tree's value; temporaries from c->top up. */
static uint32_t gen(ctx *c, int32_t tree)
{
    const eq_node *n = &c->m->nodes[tree];
    if (c->failed)
        return 0;
    if (n->op == Q_NUM)
        return constant(c, n->value);
    if (n->op == Q_RAND) {
        c->failed = 1;   /* rules refuse rand() when parsed */
        return 0;
    }
    if (n->op == Q_SYM) {
        const eq_symbol *s = &c->m->syms[n->sym];
        if (c->slot[n->sym] >= 0)
            return (uint32_t)c->slot[n->sym];
        if (s->kind == S_ALG && s->def >= 0)
            return gen(c, s->def);
        c->failed = 1;
        return 0;
    }
    uint32_t base = c->top;
    uint32_t a = gen(c, n->a);
    if (a >= base)
        c->top = a + 1;
    uint32_t b = n->b >= 0 ? gen(c, n->b) : a;
    if (b >= base && b + 1 > c->top)
        c->top = b + 1;
    uint32_t d = n->c >= 0 ? gen(c, n->c) : a;
    c->top = base;
    if (base >= EQ_SCALAR_REGS || c->p->n >= EQ_SCALAR_MAX_CODE) {
        c->failed = 1;
        return 0;
    }
    c->p->code[c->p->n++] = (eq_scalar_ins){.op = n->op, .dst = (uint8_t)base, .a = (uint8_t)a, .b = (uint8_t)b,
                                            .c = (uint8_t)d, .k = n->k};
    c->top = base + 1;
    return base;
}

int eq_scalar_compile(const eq_model *m, int32_t tree, const int *slot, uint32_t n_slots, eq_scalar *out)
{
    memset(out, 0, sizeof *out);
    out->n_slots = out->n_init = n_slots;
    /* the constants first (a pass that only collects them), so that the
     * temporaries start above them */
    ctx c = {.m = m, .slot = slot, .p = out, .top = EQ_SCALAR_REGS / 2};
    gen(&c, tree);
    if (c.failed)
        return -1;
    /* again, for real, with the temporaries right above the constants */
    out->n = 0;
    c.top = out->n_init;
    out->result = gen(&c, tree);
    if (c.failed)
        return -1;
    if (out->n == 0 && out->result < out->n_slots) {
        /* a bare input: a copy, so that the result has a register */
        out->code[out->n++] = (eq_scalar_ins){.op = Q_NUM, .dst = (uint8_t)out->n_init, .a = (uint8_t)out->result};
        out->result = out->n_init;
    }
    return 0;
}
