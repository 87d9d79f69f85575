// stat, statx and statfs results with -v: every field (the calls of dec_stat.c).
// cxtrace-args: -v -e trace=newfstatat,fstat,stat,lstat,statx,statfs,fstatfs,ustat,getppid
// cxtrace-after: ^getppid\(
#define VERBOSE 1
#include "dec_stat.c"
