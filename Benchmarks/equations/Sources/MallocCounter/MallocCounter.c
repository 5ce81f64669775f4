// Interposes glibc's allocation entry points (the executable's definitions win over libc's for every
// shared library, libswiftCore included) and forwards to glibc's internal __libc_* versions.
#include <stddef.h>
#include <stdatomic.h>
#include <errno.h>
#include "MallocCounter.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Atomic long counter = 0;
static inline void count(void) { atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed); }

void *malloc(size_t n) { count(); return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { count(); return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { count(); return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { count(); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { count(); return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
    count();
    void *p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
long orrery_allocation_count(void) { return atomic_load_explicit(&counter, memory_order_relaxed); }
