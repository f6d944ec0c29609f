// libpng behind a setjmp-safe C API: Swift cannot survive libpng's longjmp, so it stays in C.
#ifndef FSL_PNG_H
#define FSL_PNG_H

#include <stddef.h>
#include <stdint.h>

/// Result codes of every function here; fsl_png_strerror names them.
enum {
  FSL_PNG_OK = 0,
  FSL_PNG_ERR_OPEN = 1,     ///< fopen failed; errno is set
  FSL_PNG_ERR_NOMEM = 2,    ///< allocation failed
  FSL_PNG_ERR_LIBPNG = 3,   ///< libpng reported an error; message in errbuf
  FSL_PNG_ERR_CLOSE = 4,    ///< fclose/fflush failed (disk full?); errno is set
  FSL_PNG_ERR_NOTPNG = 5,   ///< the file does not start with the PNG signature
  FSL_PNG_ERR_NOTFOUND = 6, ///< requested tEXt/iTXt key is absent
  FSL_PNG_ERR_ARG = 7,      ///< bad argument (buffer too small, zero size, ...)
};

/// Writes 8-bit RGBA rows as a PNG with pHYs (pixels per metre; 0 = omit) and text chunks.
/// Values that are pure ASCII become tEXt, others iTXt (UTF-8). No tIME chunk is written, so
/// the same pixels and text give byte-identical files. `errbuf` (may be NULL) receives
/// libpng's message on FSL_PNG_ERR_LIBPNG. Returns FSL_PNG_OK or an error code.
int fsl_png_write_rgba(const char *path, const uint8_t *rgba, uint32_t width, uint32_t height,
                       uint32_t stride, uint32_t pixels_per_metre, const char *const *keys,
                       const char *const *values, int ntext, char *errbuf, size_t errlen);

/// What fsl_png_read_info reports about a PNG file.
typedef struct {
  uint32_t width;
  uint32_t height;
  int bit_depth;
  int color_type;        ///< PNG_COLOR_TYPE_* (6 = RGBA)
  int has_phys;
  uint32_t ppm_x;        ///< pHYs pixels per unit (unit below)
  uint32_t ppm_y;
  int phys_unit;         ///< 1 = metre
  int num_text;          ///< number of tEXt/zTXt/iTXt chunks
} fsl_png_info;

/// Reads the header and ancillary chunks of a PNG (validating every chunk CRC up to IEND).
int fsl_png_read_info(const char *path, fsl_png_info *out, char *errbuf, size_t errlen);

/// Copies the value of text chunk `key` (NUL-terminated, truncated to buflen-1) into buf.
int fsl_png_read_text(const char *path, const char *key, char *buf, size_t buflen,
                      char *errbuf, size_t errlen);

/// Decodes any PNG to 8-bit RGBA (straight alpha) into out, which must hold width*height*4.
int fsl_png_read_rgba(const char *path, uint8_t *out, size_t outlen, char *errbuf,
                      size_t errlen);

/// A static English description of a result code.
const char *fsl_png_strerror(int code);

#endif
