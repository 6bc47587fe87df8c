#pragma once
#include <setjmp.h>
extern jmp_buf diff_jmp;
extern long diff_spins;
/* The real code spins here on an odd seq; the harness gives up after 1000 spins. */
static inline void cpu_relax(void) { if (++diff_spins > 1000) longjmp(diff_jmp, 1); }
