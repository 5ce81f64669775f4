#pragma once
/// Heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) since the process began.
long orrery_allocation_count(void);
