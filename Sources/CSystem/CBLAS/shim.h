// CBLAS + LAPACKE for Sources/Tensor/Kernels.swift (OpenBLAS, LP64: 32-bit int indices).
// cblas.h comes from /usr/include/x86_64-linux-gnu/openblas-pthread/ (pkg-config openblas).
#include <cblas.h>
#include <lapacke.h>
