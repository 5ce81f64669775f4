// Shim over Debian's libhdf5 (serial). Swift cannot import HDF5's function-like
// macros (H5T_NATIVE_DOUBLE, H5P_DATASET_CREATE, H5F_ACC_TRUNC, ...), so each
// one used by HDF5Kit is wrapped here in a static inline function, together
// with the few calls whose signature differs between HDF5 1.10 and 1.12+.
#ifndef ORRERY_CHDF5_SHIM_H
#define ORRERY_CHDF5_SHIM_H

#include <hdf5.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static inline unsigned orrery_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned orrery_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned orrery_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned orrery_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned orrery_H5F_OBJ_ALL(void) { return H5F_OBJ_ALL; }

static inline hid_t orrery_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t orrery_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t orrery_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
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

/// `fields` of the header of the object at `name` (H5Oget_info_by_name across HDF5 1.10 and 1.12+):
/// its type and its change time (0 when it records none). Returns −1 on error.
static inline int orrery_object_info(hid_t loc, const char *name, unsigned fields, hid_t lapl, H5O_type_t *type,
                                     long long *change_time) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    herr_t status = H5Oget_info_by_name3(loc, name, &info, fields, lapl);
#else
    H5O_info_t info;
    herr_t status = H5Oget_info_by_name2(loc, name, &info, fields, lapl);
#endif
    if (status < 0) return -1;
    if (type) *type = info.type;
    if (change_time) *change_time = (long long)info.ctime;
    return 0;
}

/// The type (group, dataset, named datatype) of the object at `name`.
static inline int orrery_object_type(hid_t loc, const char *name, H5O_type_t *type, hid_t lapl) {
    return orrery_object_info(loc, name, H5O_INFO_BASIC, lapl, type, NULL);
}

/// The change time HDF5 recorded in the header of the object at `name`: 0 when it records none
/// (Orrery's files record none, so that the same data gives the same bytes); −1 on error.
static inline long long orrery_object_change_time(hid_t loc, const char *name, hid_t lapl) {
    long long time = 0;
    return orrery_object_info(loc, name, H5O_INFO_TIME, lapl, NULL, &time) < 0 ? -1 : time;
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

/// Refuses to traverse an external link (a link into another file): Orrery reads
/// only the file it was given unless told otherwise.
static inline herr_t orrery_refuse_external_link(const char *parent_file, const char *parent_group,
                                                 const char *child_file, const char *child_object,
                                                 unsigned *acc_flags, hid_t fapl, void *data) {
    (void)parent_file; (void)parent_group; (void)child_file; (void)child_object;
    (void)acc_flags; (void)fapl; (void)data;
    return -1;
}

/// A new access property list of class `cls` (link, group or dataset access)
/// that refuses external links, or a negative id on failure.
static inline hid_t orrery_access_without_external_links(hid_t cls) {
    hid_t plist = H5Pcreate(cls);
    if (plist < 0) return plist;
    if (H5Pset_elink_cb(plist, orrery_refuse_external_link, NULL) < 0) { H5Pclose(plist); return -1; }
    return plist;
}

static inline hid_t orrery_H5P_LINK_ACCESS(void) { return H5P_LINK_ACCESS; }
static inline hid_t orrery_H5P_GROUP_ACCESS(void) { return H5P_GROUP_ACCESS; }
static inline hid_t orrery_H5P_DATASET_ACCESS(void) { return H5P_DATASET_ACCESS; }

/// The type of the link `name` in `loc` (H5L_TYPE_HARD, _SOFT, _EXTERNAL), or -1.
static inline int orrery_link_type(hid_t loc, const char *name, hid_t lapl) {
    H5L_info_t info;
    if (H5Lget_info(loc, name, &info, lapl) < 0) return -1;
    return (int)info.type;
}

/// A number that identifies the object `object` within its file (its header address).
static inline int orrery_object_address(hid_t object, unsigned long long *address) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(object, &info, H5O_INFO_BASIC) < 0) return -1;
    unsigned long long value = 0;
    memcpy(&value, &info.token, sizeof value < sizeof info.token ? sizeof value : sizeof info.token);
    *address = value;
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_BASIC) < 0) return -1;
    *address = (unsigned long long)info.addr;
#endif
    return 0;
}

/// Writes new files in the HDF5 1.10 format, whose superblock, object headers and
/// chunk indexes carry checksums: damaged metadata then fails a read with an error
/// instead of being parsed (libhdf5 1.10.8 can crash on damaged 1.8-format metadata).
static inline herr_t orrery_use_checksummed_format(hid_t fapl) {
#if H5_VERSION_GE(1, 10, 0)
    return H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST);
#else
    return H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
#endif
}

/// HDF5's Fletcher-32 checksum (H5_checksum_fletcher32 in H5checksum.c): sums of big-endian 16-bit
/// words modulo 65535 in blocks of 360 words, an odd last byte taken as the high byte of a word.
static inline uint32_t orrery_fletcher32(const unsigned char *data, size_t length) {
    size_t words = length / 2;
    uint32_t sum1 = 0, sum2 = 0;
    while (words > 0) {
        size_t block = words > 360 ? 360 : words;
        words -= block;
        do {
            sum1 += (uint32_t)(((uint32_t)data[0] << 8) | data[1]);
            data += 2;
            sum2 += sum1;
        } while (--block);
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    if (length % 2) {
        sum1 += (uint32_t)((uint32_t)data[0] << 8);
        sum2 += sum1;
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    return (sum2 << 16) | sum1;
}

/// A zlib deflate stream kept from chunk to chunk (`deflateReset` between them). `compress2`
/// allocates and clears ≈ 270 KB of compressor state per call, which costs more than compressing
/// a small chunk (100,000 chunks of 288 bytes: 60 % of a generate's CPU samples in zlib's set-up).
/// A reset stream compresses exactly as a new one: the same bytes as `compress2` (HDF5's call).
static inline void *orrery_deflater_create(int level) {
    z_stream *stream = (z_stream *)calloc(1, sizeof(z_stream));
    if (stream && deflateInit(stream, level) != Z_OK) { free(stream); return NULL; }
    return stream;
}

static inline void orrery_deflater_free(void *deflater) {
    if (!deflater) return;
    deflateEnd((z_stream *)deflater);
    free(deflater);
}

/// `compress2(output, &stored, source, length, level)` on a stream from `orrery_deflater_create(level)`:
/// one `deflate(Z_FINISH)` over the whole input, as `compress2` makes for inputs under 4 GiB.
/// Returns Z_OK, or an error when the output did not fit.
static inline int orrery_deflate_whole(void *deflater, unsigned char *output, uLongf *stored, const unsigned char *source,
                                       uLong length) {
    z_stream *stream = (z_stream *)deflater;
    if (deflateReset(stream) != Z_OK || length > 0xffffffffu || *stored > 0xffffffffu) return Z_STREAM_ERROR;
    stream->next_in = (z_const Bytef *)source;
    stream->avail_in = (uInt)length;
    stream->next_out = output;
    stream->avail_out = (uInt)*stored;
    int result = deflate(stream, Z_FINISH);
    *stored = stream->total_out;
    return result == Z_STREAM_END ? Z_OK : (result == Z_OK ? Z_BUF_ERROR : result);
}

/// The bytes HDF5's filter pipeline stores for one chunk whose dataset has, in this order, the
/// shuffle filter (H5Zshuffle.c: byte j of element i goes to j·count + i; skipped for 1-byte
/// elements), deflate at `level` (H5Zdeflate.c: one `compress2` call of the system zlib, the library
/// HDF5 itself calls; here on `deflater`, from `orrery_deflater_create(level)`) and, if `checksum`,
/// Fletcher-32 (H5Zfletcher32.c: the sum appended little-endian). `scratch` holds `length` bytes;
/// `output` holds `orrery_filtered_chunk_capacity(length)`.
/// Returns the stored length, or 0 when deflate failed or did not shrink the chunk: the caller then
/// leaves the chunk to HDF5's own pipeline (which handles that case by its own, version-dependent rules).
static inline size_t orrery_filter_chunk(void *deflater, const unsigned char *chunk, size_t length, size_t element_size,
                                         int shuffle, int checksum, unsigned char *scratch, unsigned char *output,
                                         size_t capacity) {
    const unsigned char *source = chunk;
    if (shuffle && element_size > 1) {
        size_t count = length / element_size;
        for (size_t j = 0; j < element_size; j++) {
            unsigned char *row = scratch + j * count;
            for (size_t i = 0; i < count; i++) row[i] = chunk[i * element_size + j];
        }
        size_t tail = length - count * element_size;
        if (tail) memcpy(scratch + count * element_size, chunk + count * element_size, tail);
        source = scratch;
    }
    if (capacity < 4 || !deflater) return 0;
    uLongf stored = (uLongf)(capacity - 4);
    if (orrery_deflate_whole(deflater, output, &stored, source, (uLong)length) != Z_OK || stored >= length) return 0;
    if (checksum) {
        uint32_t sum = orrery_fletcher32(output, stored);
        output[stored] = (unsigned char)(sum & 0xff);
        output[stored + 1] = (unsigned char)((sum >> 8) & 0xff);
        output[stored + 2] = (unsigned char)((sum >> 16) & 0xff);
        output[stored + 3] = (unsigned char)(sum >> 24);
        stored += 4;
    }
    return (size_t)stored;
}

/// Room for `orrery_filter_chunk`'s output of a chunk of `length` bytes.
static inline size_t orrery_filtered_chunk_capacity(size_t length) { return (size_t)compressBound((uLong)length) + 4; }

#include "vlen_guard.h"

#endif
