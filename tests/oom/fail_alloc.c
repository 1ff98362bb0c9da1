/*
 * fail_alloc.c - the allocation wrappers of the out-of-memory tests
 * (fail_alloc.h).
 *
 * Why link-time wrapping (-Wl,--wrap) rather than an allocation hook inside
 * the library: libaxon calls malloc, calloc, realloc, aligned_alloc, strdup,
 * getline and fopen directly in well over a hundred places; routing them
 * all through one internal function would touch every file and be undone
 * by the next plain malloc someone writes.  The linker instead redirects
 * every call of a wrapped function made from the objects of this test
 * binary - libaxon.a included - so the library is tested exactly as built,
 * and test_oom.c checks (with nm) that the library calls no allocating
 * function that is not wrapped here.  Allocations inside libc itself (the
 * FILE of fopen, qsort's buffer) and libgomp are not seen; fopen and
 * getline are wrapped so that their failure with ENOMEM is injected too.
 * Under AddressSanitizer __real_malloc is ASan's malloc, so leaks and
 * overflows are still caught.
 */
#define _GNU_SOURCE
#include "fail_alloc.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
int __real_posix_memalign(void **out, size_t align, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
ssize_t __real_getline(char **line, size_t *cap, FILE *f);
FILE *__real_fopen(const char *path, const char *mode);
void __real_free(void *p);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);
int __wrap_posix_memalign(void **out, size_t align, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f);
FILE *__wrap_fopen(const char *path, const char *mode);
void __wrap_free(void *p);

static atomic_long calls;      /* allocations since arming */
static atomic_long fail_at;    /* 0: disarmed */
static atomic_bool persistent; /* fail_at and every later one */
static atomic_bool hit;
static atomic_long live;

void fail_alloc_arm(long n, bool from_then_on)
{
    atomic_store(&calls, 0);
    atomic_store(&hit, false);
    atomic_store(&persistent, from_then_on);
    atomic_store(&fail_at, n);
}

bool fail_alloc_disarm(void)
{
    atomic_store(&fail_at, 0);
    return atomic_load(&hit);
}

bool fail_alloc_hit(void) { return atomic_load(&hit); }
long fail_alloc_count(void) { return atomic_load(&calls); }
long fail_alloc_live(void) { return atomic_load(&live); }

/* Counts one allocation; true when it is the one to fail. */
static bool fail_now(void)
{
    long k = atomic_fetch_add(&calls, 1) + 1, at = atomic_load(&fail_at);
    if (at == 0 || (atomic_load(&persistent) ? k < at : k != at))
        return false;
    atomic_store(&hit, true);
    errno = ENOMEM;
    return true;
}

static void *counted(void *p)
{
    if (p)
        atomic_fetch_add(&live, 1);
    return p;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : counted(__real_malloc(n)); }
void *__wrap_calloc(size_t count, size_t size) { return fail_now() ? NULL : counted(__real_calloc(count, size)); }
void *__wrap_aligned_alloc(size_t align, size_t n) { return fail_now() ? NULL : counted(__real_aligned_alloc(align, n)); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : counted(__real_strdup(s)); }
char *__wrap_strndup(const char *s, size_t n) { return fail_now() ? NULL : counted(__real_strndup(s, n)); }

void *__wrap_realloc(void *p, size_t n)
{
    if (fail_now())
        return NULL;   /* p stays valid, as when realloc fails */
    void *q = __real_realloc(p, n);
    if (!p)
        return counted(q);
    if (!q && n == 0)
        atomic_fetch_sub(&live, 1);   /* realloc(p, 0) freed p */
    return q;
}

int __wrap_posix_memalign(void **out, size_t align, size_t n)
{
    if (fail_now())
        return ENOMEM;
    int r = __real_posix_memalign(out, align, n);
    if (r == 0)
        counted(*out);
    return r;
}

ssize_t __wrap_getline(char **line, size_t *cap, FILE *f)
{
    if (fail_now())
        return -1;
    bool had = *line != NULL;
    ssize_t r = __real_getline(line, cap, f);
    if (!had && *line)
        counted(*line);
    return r;
}

FILE *__wrap_fopen(const char *path, const char *mode) { return fail_now() ? NULL : __real_fopen(path, mode); }

void __wrap_free(void *p)
{
    if (p)
        atomic_fetch_sub(&live, 1);
    __real_free(p);
}
