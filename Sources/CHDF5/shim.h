// Shim over Debian's libhdf5 (serial). Swift cannot import HDF5's function-like
// macros (H5T_NATIVE_DOUBLE, H5P_DATASET_CREATE, H5F_ACC_TRUNC, ...), so each
// one used by HDF5Kit is wrapped here in a static inline function.
#ifndef ORRERY_CHDF5_SHIM_H
#define ORRERY_CHDF5_SHIM_H

#include <hdf5.h>

static inline unsigned orrery_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned orrery_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned orrery_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned orrery_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }

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
static inline hid_t orrery_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t orrery_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t orrery_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t orrery_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t orrery_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t orrery_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t orrery_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t orrery_H5T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t orrery_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t orrery_H5T_C_S1(void) { return H5T_C_S1; }

/// Object info (type only) through whichever versioned API this HDF5 provides.
static inline int orrery_object_type(hid_t loc, const char *name, H5O_type_t *type) {
    H5O_info_t info;
#if H5_VERSION_GE(1, 12, 0)
    herr_t status = H5Oget_info_by_name3(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT);
#else
    herr_t status = H5Oget_info_by_name2(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT);
#endif
    if (status < 0) return -1;
    *type = info.type;
    return 0;
}

#endif
