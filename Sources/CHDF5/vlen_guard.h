// Defences against damaged variable-length strings in files HDF5 1.10 reads (included by shim.h):
// it trusts global-heap references and object sizes, and reads or writes past its buffers when a
// flipped bit makes them lie. `orrery_vlen_references_are_sound` checks them before HDF5 follows
// them; `orrery_guarded_vlen_read` turns a crash that still happens into an error.
#ifndef ORRERY_CHDF5_VLEN_GUARD_H
#define ORRERY_CHDF5_VLEN_GUARD_H

#include <hdf5.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/// Where this thread's guarded read jumps back to when HDF5 crashes inside it; NULL outside one.
static __thread sigjmp_buf *orrery_guard_target = NULL;

static void orrery_guard_handler(int signal) {
    if (orrery_guard_target) siglongjmp(*orrery_guard_target, signal);
    // Not inside a guarded read (another thread): the default action.
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    sigaction(signal, &defaults, NULL);
    raise(signal);
}

/// Registered (once) by a guarded read that crashed: it runs before HDF5's own exit handler, which
/// would crash on the state the interrupted read left (it closes the damaged file), and ends the
/// process with the status `exit` was given, stdio flushed.
static void orrery_end_before_hdf5_termination(int status, void *unused) {
    (void)unused;
    fflush(NULL);
    _exit(status);
}

/// Reads variable-length strings — an attribute's when `is_attribute`, else a whole dataset's — into
/// `buffer` as `memory_type`, guarded: HDF5 1.10 follows a variable-length string's global-heap
/// reference without checking it (H5HG_read), so one flipped bit in a damaged file makes it read
/// outside the heap and crash the process (found by the fuzz suite: every such crash was there).
/// A SIGSEGV or SIGBUS during the read jumps back here, the previous handlers are restored, and the
/// read returns -2: the caller reports a damaged file. HDF5's state after such a jump is not to be
/// trusted, so the caller ends what it was doing with an error, and the process skips HDF5's exit
/// handler (`orrery_end_before_hdf5_termination`).
static inline herr_t orrery_guarded_vlen_read(hid_t object, int is_attribute, hid_t memory_type, void *buffer) {
    struct sigaction action, previous_segv, previous_bus;
    memset(&action, 0, sizeof action);
    action.sa_handler = orrery_guard_handler;
    sigemptyset(&action.sa_mask);
    sigjmp_buf target;
    volatile herr_t result = -2;
    if (sigsetjmp(target, 1) == 0) {
        orrery_guard_target = &target;
        sigaction(SIGSEGV, &action, &previous_segv);
        sigaction(SIGBUS, &action, &previous_bus);
        result = is_attribute ? H5Aread(object, memory_type, buffer)
                              : H5Dread(object, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    }
    orrery_guard_target = NULL;
    sigaction(SIGSEGV, &previous_segv, NULL);
    sigaction(SIGBUS, &previous_bus, NULL);
#if defined(__GLIBC__)
    static int registered = 0;
    if (result == -2 && !registered) {
        registered = 1;
        on_exit(orrery_end_before_hdf5_termination, NULL);
    }
#endif
    return result;
}

/// A soft conversion "variable-length string → 16-byte opaque (tag orrery-vlen-reference)" that leaves
/// each element as HDF5 holds it before following it: for data read from a file with 8-byte
/// addresses, its on-disk reference (sequence length: 4 bytes, global heap collection address: 8,
/// object index: 4; HDF5 file format spec, "Variable-length" datatype and "Global Heap"). Lets
/// `orrery_vlen_references_are_sound` see references without HDF5 dereferencing them.
static herr_t orrery_vlen_reference_conversion(hid_t source, hid_t destination, H5T_cdata_t *cdata, size_t count,
                                               size_t stride, size_t background_stride, void *buffer, void *background,
                                               hid_t transfer) {
    (void)count; (void)stride; (void)background_stride; (void)buffer; (void)background; (void)transfer;
    switch (cdata->command) {
    case H5T_CONV_INIT: {
        if (H5Tget_class(source) != H5T_STRING || H5Tis_variable_str(source) <= 0 || H5Tget_size(source) != 16) return -1;
        if (H5Tget_class(destination) != H5T_OPAQUE || H5Tget_size(destination) != 16) return -1;
        char *tag = H5Tget_tag(destination);
        int ours = tag && strcmp(tag, "orrery-vlen-reference") == 0;
        if (tag) H5free_memory(tag);
        if (!ours) return -1;
        cdata->need_bkg = H5T_BKG_NO;
        return 0;
    }
    case H5T_CONV_CONV: return 0;  // same size, in place: the bytes are the references
    case H5T_CONV_FREE: return 0;
    default: return -1;
    }
}

/// The opaque type `orrery_vlen_reference_conversion` converts to (registered once; the caller closes it).
static inline hid_t orrery_vlen_reference_type(void) {
    static int registered = 0;
    hid_t type = H5Tcreate(H5T_OPAQUE, 16);
    if (type < 0 || H5Tset_tag(type, "orrery-vlen-reference") < 0) return -1;
    if (!registered) {
        hid_t string = H5Tcopy(H5T_C_S1);
        if (string < 0 || H5Tset_size(string, H5T_VARIABLE) < 0 ||
            H5Tregister(H5T_PERS_SOFT, "orrery vlen references", string, type, orrery_vlen_reference_conversion) < 0) {
            if (string >= 0) H5Tclose(string);
            H5Tclose(type);
            return -1;
        }
        H5Tclose(string);
        registered = 1;
    }
    return type;
}

static inline uint64_t orrery_le(const unsigned char *p, int bytes) {
    uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; i--) value = (value << 8) | p[i];
    return value;
}

/// Whether the `count` references in `references` (16 bytes each, as `orrery_vlen_reference_type`
/// reads them) point at sound global-heap objects of the file at `path` whose addresses start at
/// `base`: each collection ("GCOL", version 1, 8-byte sizes) lies in the file, its objects (index:
/// 2 bytes, reference count: 2, reserved: 4, size: 8, data padded to 8 bytes) stay inside it and end
/// with the free space, and the object named has the reference's length. 1: sound; 0: damaged; -1: could not look.
/// (HDF5 1.10 trusts these sizes and indices, and reads or copies past its buffers when they lie.)
static inline int orrery_vlen_references_are_sound(const unsigned char *references, size_t count, const char *path,
                                                   uint64_t base) {
    FILE *file = fopen(path, "rb");
    if (!file) return -1;
    int verdict = 1;
    uint64_t checked = UINT64_MAX;
    unsigned char *heap = NULL;
    uint64_t heap_size = 0;
    if (fseeko(file, 0, SEEK_END) != 0) { fclose(file); return -1; }
    uint64_t file_size = (uint64_t)ftello(file);
    for (size_t e = 0; e < count && verdict == 1; e++) {
        const unsigned char *r = references + 16 * e;
        uint64_t length = orrery_le(r, 4), address = orrery_le(r + 4, 8), index = orrery_le(r + 12, 4);
        if (length == 0) continue;  // an empty string refers to nothing
        if (address != checked) {
            unsigned char header[16];
            if (address > file_size || base > file_size - address || file_size - address - base < 16 ||
                fseeko(file, (off_t)(base + address), SEEK_SET) != 0 || fread(header, 1, 16, file) != 16 ||
                memcmp(header, "GCOL", 4) != 0 || header[4] != 1) { verdict = 0; break; }
            heap_size = orrery_le(header + 8, 8);
            if (heap_size < 16 || heap_size > file_size - address - base || heap_size > ((uint64_t)1 << 32)) { verdict = 0; break; }
            free(heap);
            heap = (unsigned char *)malloc((size_t)heap_size);
            if (!heap) { verdict = -1; break; }
            memcpy(heap, header, 16);
            if (fread(heap + 16, 1, (size_t)(heap_size - 16), file) != heap_size - 16) { verdict = 0; break; }
            // Walk the objects as HDF5 does (H5HG__cache_heap_deserialize): every one inside the
            // collection, up to the free-space object (index 0), which must span the rest exactly —
            // HDF5 steps by its size, so a wrong one sends it on through the free bytes (a size of 0:
            // forever). Under 16 bytes left is free space without a header.
            uint64_t at = 16;
            while (heap_size - at >= 16) {
                uint64_t object = orrery_le(heap + at, 2), size = orrery_le(heap + at + 8, 8);
                if (object == 0) {
                    if (size != heap_size - at) verdict = 0;
                    break;
                }
                uint64_t padded = size > heap_size ? heap_size : (size + 7) / 8 * 8;
                if (size > heap_size - at - 16 || padded > heap_size - at - 16) { verdict = 0; break; }
                at += 16 + padded;
            }
            if (verdict != 1) break;
            checked = address;
        }
        // The object named, with the reference's length.
        int found = 0;
        uint64_t at = 16;
        while (at + 16 <= heap_size) {
            uint64_t object = orrery_le(heap + at, 2), size = orrery_le(heap + at + 8, 8);
            if (object == 0) break;
            if (object == index) { found = size == length; break; }
            at += 16 + (size + 7) / 8 * 8;
        }
        if (!found) verdict = 0;
    }
    free(heap);
    fclose(file);
    return verdict;
}

/// Where addresses of the file holding `object` start (its user block's size) and whether its
/// addresses and lengths take 8 bytes (the layout `orrery_vlen_references_are_sound` reads). 0 on success.
static inline int orrery_file_layout(hid_t object, uint64_t *base, int *eight_byte) {
    hid_t file = H5Iget_file_id(object);
    if (file < 0) return -1;
    hid_t creation = H5Fget_create_plist(file);
    H5Fclose(file);
    if (creation < 0) return -1;
    hsize_t userblock = 0;
    size_t address_size = 0, length_size = 0;
    int ok = H5Pget_userblock(creation, &userblock) >= 0 && H5Pget_sizes(creation, &address_size, &length_size) >= 0;
    H5Pclose(creation);
    if (!ok) return -1;
    *base = (uint64_t)userblock;
    *eight_byte = address_size == 8 && length_size == 8;
    return 0;
}

#endif
