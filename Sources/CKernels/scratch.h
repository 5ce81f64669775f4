// Per-thread scratch for the MLP kernels (dispatch.c).
#ifndef CK_SCRATCH_H
#define CK_SCRATCH_H
#include <stddef.h>
/// At least `count` doubles owned by the calling thread, 64-byte aligned; valid until the
/// thread's next call. Allocates only when the thread needs more than it ever did before
/// (freed at thread exit); returns NULL if that allocation fails.
double *ck_scratch(size_t count);
#endif
