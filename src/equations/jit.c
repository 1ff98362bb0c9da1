/*
 * jit.c - code compiled by libgccjit while the model runs (jit.h): the
 * context with axon's options, the cache of compiled functions (shared by
 * the populations or projections whose units are the same), the compile
 * thread.  What is compiled comes from jit_step.c (an equation model's
 * integration) and jit_rule.c (a plasticity rule's new-w expressions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/jit.h"

#ifndef AX_JIT

bool eq_jit_available(void) { return false; }
eq_jit_job *eq_jit_begin(const eq_jit_spec *spec, eq_jit_fn *fn)
{
    (void)spec;
    *fn = NULL;
    return NULL;
}
eq_jit_job *eq_jit_begin_rule(const struct eq_scalar *const code[2], eq_jit_rule_fn fn[2])
{
    (void)code;
    fn[0] = fn[1] = NULL;
    return NULL;
}
void eq_jit_end(eq_jit_job *job) { (void)job; }
void eq_jit_wait(void) {}
unsigned eq_jit_count(void) { return 0; }

#else

#include <pthread.h>

#include "equations/jit_gen.h"

/* What one compile makes: a population's step, or a rule's two functions. */
enum { UNIT_STEP, UNIT_RULE };
typedef struct unit {
    uint8_t kind;
    eq_jit_spec step;
    const struct eq_scalar *rule[2];
} unit;

/* One compile's functions (code[0] the step; code[c] rule program c),
 * shared by the units with the same key. */
typedef struct eq_jit {
    gcc_jit_result *result;
    void *code[2];
    unsigned char *key;
    size_t key_len;
    unsigned users;
    struct eq_jit *next;
} eq_jit;

/* The -march for the compiled code: the widest level the CPU has (the
 * level changes the speed, not the bits: no contraction). */
static const char *march(void)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
        return "-march=x86-64-v4";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "-march=x86-64-v3";
    if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt"))
        return "-march=x86-64-v2";
#endif
    return NULL;
}

bool eq_jit_available(void)
{
    const char *env = getenv("AXON_JIT");
    return !(env && !strcmp(env, "0"));
}

/* The compiled functions, and the lock of that list and of libgccjit
 * (which compiles one context at a time). */
static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;
static eq_jit *compiled;

static void unit_key(const unit *u, eq_jit_key *k)
{
    EQ_JIT_PUT(k, u->kind);
    if (u->kind == UNIT_STEP)
        eq_jit_step_key(&u->step, k);
    else
        eq_jit_rule_key(u->rule, k);
}

/* A context with axon's options: -O3, no contraction, no fast-math. */
static gcc_jit_context *new_context(void)
{
    gcc_jit_context *c = gcc_jit_context_acquire();
    if (!c)
        return NULL;
    /* the external driver (Debian's x86_64-linux-gnu-gcc-12) assembles and
     * links: the embedded one would install its own SIGINT, SIGTERM, SIGHUP
     * and SIGPIPE handlers in our process, for good (Ctrl-C in Python and
     * axon's interrupt handling would stop working) */
    gcc_jit_context_set_bool_use_external_driver(c, 1);
    /* a failure falls back to the interpreter, silently (AXON_JIT_DUMP shows it) */
    gcc_jit_context_set_bool_print_errors_to_stderr(c, getenv("AXON_JIT_DUMP") != NULL);
    gcc_jit_context_set_int_option(c, GCC_JIT_INT_OPTION_OPTIMIZATION_LEVEL, 3);
    gcc_jit_context_add_command_line_option(c, "-ffp-contract=off");
    gcc_jit_context_add_command_line_option(c, "-fno-math-errno");
    gcc_jit_context_add_command_line_option(c, "--param=vect-max-version-for-alias-checks=64");
    if (getenv("AXON_JIT_DUMP"))
        gcc_jit_context_add_command_line_option(c, "-fopt-info-vec-all");
    const char *arch = march();
    if (arch)
        gcc_jit_context_add_command_line_option(c, arch);
    return c;
}

/* A new compile of u, with jit_lock held; NULL where it fails or u is not
 * covered. */
static gcc_jit_result *compile_new(const unit *u, void *code[2])
{
    code[0] = code[1] = NULL;
    gcc_jit_context *c = new_context();
    if (!c)
        return NULL;
    bool ok = u->kind == UNIT_STEP ? eq_jit_step_emit(c, &u->step) : eq_jit_rule_emit(c, u->rule);
    gcc_jit_result *result = ok ? gcc_jit_context_compile(c) : NULL;
    gcc_jit_context_release(c);
    if (!result)
        return NULL;
    if (u->kind == UNIT_STEP) {
        code[0] = gcc_jit_result_get_code(result, EQ_JIT_STEP_NAME);
        ok = code[0] != NULL;
    } else {
        const char *names[2] = {EQ_JIT_RULE_NAME_0, EQ_JIT_RULE_NAME_1};
        for (int p = 0; p < 2; p++)
            if (u->rule[p] && !(code[p] = gcc_jit_result_get_code(result, names[p])))
                ok = false;
    }
    if (!ok) {
        gcc_jit_result_release(result);
        return NULL;
    }
    return result;
}

/* u's functions, compiled or from the cache; NULL where none. */
static eq_jit *jit_compile(const unit *u)
{
    if (!eq_jit_available())
        return NULL;
    eq_jit_key k = {0};
    unit_key(u, &k);
    if (k.failed) {
        free(k.data);
        return NULL;
    }
    pthread_mutex_lock(&jit_lock);
    eq_jit *j = compiled;
    while (j && !(j->key_len == k.len && !memcmp(j->key, k.data, k.len)))
        j = j->next;
    if (j) {
        j->users++;
        free(k.data);
    } else {
        void *code[2];
        gcc_jit_result *result = compile_new(u, code);
        j = result ? calloc(1, sizeof *j) : NULL;
        if (j) {
            *j = (eq_jit){.result = result, .code = {code[0], code[1]}, .key = k.data, .key_len = k.len, .users = 1,
                          .next = compiled};
            compiled = j;
        } else {
            if (result)
                gcc_jit_result_release(result);
            free(k.data);
        }
    }
    pthread_mutex_unlock(&jit_lock);
    return j;
}

static void jit_free(eq_jit *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&jit_lock);
    if (--j->users == 0) {
        eq_jit **at = &compiled;
        while (*at != j)
            at = &(*at)->next;
        *at = j->next;
        gcc_jit_result_release(j->result);
        free(j->key);
        free(j);
    }
    pthread_mutex_unlock(&jit_lock);
}

unsigned eq_jit_count(void)
{
    pthread_mutex_lock(&jit_lock);
    unsigned n = 0;
    for (const eq_jit *j = compiled; j; j = j->next)
        n++;
    pthread_mutex_unlock(&jit_lock);
    return n;
}

/* ---- compiling while the model runs ---- */

struct eq_jit_job {
    unit u;
    eq_jit_fn *step_slot;        /* UNIT_STEP: where the function goes */
    eq_jit_rule_fn *rule_slot;   /* UNIT_RULE: [2] */
    eq_jit *jit;
    pthread_t thread;
    bool threaded;
};

/* Jobs compiling now: eq_jit_wait waits for none. */
static unsigned compiling;
static pthread_cond_t compiled_one = PTHREAD_COND_INITIALIZER;

/* A fork while a job holds jit_lock would leave the child's lock held by
 * no thread: the fork waits for the compile, and the child starts free. */
static void fork_prepare(void) { pthread_mutex_lock(&jit_lock); }
static void fork_parent(void) { pthread_mutex_unlock(&jit_lock); }
static void fork_child(void)
{
    pthread_mutex_init(&jit_lock, NULL);
    pthread_cond_init(&compiled_one, NULL);
    compiling = 0;
}
static pthread_once_t fork_once = PTHREAD_ONCE_INIT;
static void at_fork(void) { pthread_atfork(fork_prepare, fork_parent, fork_child); }

/* The functions published with atomic stores: the threads that step take
 * them up at their next read. */
static void run_job(eq_jit_job *job)
{
    job->jit = jit_compile(&job->u);
    if (!job->jit)
        return;
    if (job->u.kind == UNIT_STEP) {
        eq_jit_fn f;
        memcpy(&f, &job->jit->code[0], sizeof f);
        __atomic_store_n(job->step_slot, f, __ATOMIC_RELEASE);
        return;
    }
    for (int p = 0; p < 2; p++) {
        eq_jit_rule_fn f;
        memcpy(&f, &job->jit->code[p], sizeof f);
        __atomic_store_n(&job->rule_slot[p], f, __ATOMIC_RELEASE);
    }
}

static void *job_thread(void *arg)
{
    run_job(arg);
    pthread_mutex_lock(&jit_lock);
    compiling--;
    pthread_cond_broadcast(&compiled_one);
    pthread_mutex_unlock(&jit_lock);
    return NULL;
}

static eq_jit_job *begin(eq_jit_job *job)
{
    pthread_once(&fork_once, at_fork);
    const char *env = getenv("AXON_JIT");
    if (!(env && !strcmp(env, "wait"))) {
        pthread_mutex_lock(&jit_lock);
        compiling++;
        pthread_mutex_unlock(&jit_lock);
        job->threaded = !pthread_create(&job->thread, NULL, job_thread, job);
        if (!job->threaded) {
            pthread_mutex_lock(&jit_lock);
            compiling--;
            pthread_mutex_unlock(&jit_lock);
        }
    }
    if (!job->threaded)
        run_job(job);
    return job;
}

eq_jit_job *eq_jit_begin(const eq_jit_spec *spec, eq_jit_fn *fn)
{
    __atomic_store_n(fn, NULL, __ATOMIC_RELEASE);
    eq_jit_job *job = eq_jit_available() ? calloc(1, sizeof *job) : NULL;
    if (!job)
        return NULL;
    job->u = (unit){.kind = UNIT_STEP, .step = *spec};
    job->step_slot = fn;
    return begin(job);
}

eq_jit_job *eq_jit_begin_rule(const struct eq_scalar *const code[2], eq_jit_rule_fn fn[2])
{
    for (int p = 0; p < 2; p++)
        __atomic_store_n(&fn[p], NULL, __ATOMIC_RELEASE);
    eq_jit_job *job = eq_jit_available() ? calloc(1, sizeof *job) : NULL;
    if (!job)
        return NULL;
    job->u = (unit){.kind = UNIT_RULE, .rule = {code[0], code[1]}};
    job->rule_slot = fn;
    return begin(job);
}

void eq_jit_end(eq_jit_job *job)
{
    if (!job)
        return;
    if (job->threaded)
        pthread_join(job->thread, NULL);
    if (job->u.kind == UNIT_STEP) {
        __atomic_store_n(job->step_slot, NULL, __ATOMIC_RELEASE);
    } else {
        for (int p = 0; p < 2; p++)
            __atomic_store_n(&job->rule_slot[p], NULL, __ATOMIC_RELEASE);
    }
    jit_free(job->jit);
    free(job);
}

void eq_jit_wait(void)
{
    pthread_mutex_lock(&jit_lock);
    while (compiling)
        pthread_cond_wait(&compiled_one, &jit_lock);
    pthread_mutex_unlock(&jit_lock);
}

#endif
