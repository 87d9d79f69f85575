// getdents and getdents64 with -v: every entry (the calls of dec_fs.c).
// cxtrace-args: -v -e trace=getdents,getdents64,openat2,getppid
// cxtrace-after: ^getppid\(
#define VERBOSE 1
#include "dec_fs.c"
