// Shim over Debian's libhdf5 (serial). Swift cannot import HDF5's function-like
// macros (H5T_NATIVE_DOUBLE, H5P_DATASET_CREATE, H5F_ACC_TRUNC, ...), so each
// one used by HDF5Kit is wrapped here in a static inline function, together
// with the few calls whose signature differs between HDF5 1.10 and 1.12+.
#ifndef ORRERY_CHDF5_SHIM_H
#define ORRERY_CHDF5_SHIM_H

#include <hdf5.h>
#include <stdio.h>

static inline unsigned orrery_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned orrery_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned orrery_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned orrery_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned orrery_H5F_OBJ_ALL(void) { return H5F_OBJ_ALL; }

static inline hid_t orrery_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t orrery_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t orrery_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t orrery_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t orrery_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t orrery_H5S_ALL(void) { return H5S_ALL; }
static inline hsize_t orrery_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline hid_t orrery_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline size_t orrery_H5T_VARIABLE(void) { return H5T_VARIABLE; }

static inline hid_t orrery_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t orrery_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t orrery_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t orrery_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t orrery_H5T_C_S1(void) { return H5T_C_S1; }

/// The type (group, dataset, named datatype) of the object at `name`.
static inline int orrery_object_type(hid_t loc, const char *name, H5O_type_t *type) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    herr_t status = H5Oget_info_by_name3(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT);
#else
    H5O_info_t info;
    herr_t status = H5Oget_info_by_name2(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT);
#endif
    if (status < 0) return -1;
    *type = info.type;
    return 0;
}

/// Number of attributes attached to an object, or -1 on failure.
static inline long long orrery_attribute_count(hid_t object) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (long long)info.num_attrs;
}

/// Turns off HDF5's automatic error printing for the calling thread. In the
/// thread-safe library the error stack, and so this setting, is per thread.
static inline void orrery_quiet_errors_on_this_thread(void) {
    static __thread int quiet = 0;
    if (!quiet) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        quiet = 1;
    }
}

typedef struct { char *buffer; size_t capacity; size_t length; } orrery_error_sink;

static inline herr_t orrery_collect_error(unsigned n, const H5E_error2_t *err, void *data) {
    orrery_error_sink *sink = (orrery_error_sink *)data;
    (void)n;
    if (err->desc == NULL || err->desc[0] == '\0' || sink->length + 1 >= sink->capacity) return 0;
    int written = snprintf(sink->buffer + sink->length, sink->capacity - sink->length, "%s%s",
                           sink->length ? "; " : "", err->desc);
    if (written > 0) {
        size_t room = sink->capacity - sink->length - 1;
        sink->length += ((size_t)written < room) ? (size_t)written : room;
    }
    return 0;
}

/// Writes this thread's HDF5 error stack as one line (outermost call first)
/// into `buffer`, clears the stack, and returns the line's length.
static inline size_t orrery_take_error_stack(char *buffer, size_t capacity) {
    orrery_error_sink sink = { buffer, capacity, 0 };
    if (capacity > 0) buffer[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, orrery_collect_error, &sink);
    H5Eclear2(H5E_DEFAULT);
    return sink.length;
}

#endif
