// The calls of dec_process.c with -v: uname and rusage in full.
// cxtrace-args: -v -e trace=getrlimit,setrlimit,prlimit64,uname,sysinfo,getrusage,wait4,sched_getparam,sched_setparam,sched_setscheduler,sched_getattr,sched_setattr,sched_getaffinity,sched_setaffinity,capget,capset,getppid
// cxtrace-after: ^getppid\(
#define VERBOSE 1
#include "dec_process.c"
