// Cairo for Sources/Plot: image surfaces (PNG goes through CPNG), PDF and SVG surfaces.
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
