// zlib for raw-deflate members of .npz archives (Sources/Tensor/IO/Zip.swift) and CRC-32.
#include <zlib.h>

// inflateInit2 is a macro Swift cannot call; -15 window bits means raw deflate (no zlib header).
static inline int fsl_inflate_init_raw(z_stream *stream) { return inflateInit2(stream, -15); }

// 16 + 15 window bits: a gzip stream (header and CRC checked by zlib), for .csv.gz files.
static inline int fsl_inflate_init_gzip(z_stream *stream) { return inflateInit2(stream, 16 + 15); }
