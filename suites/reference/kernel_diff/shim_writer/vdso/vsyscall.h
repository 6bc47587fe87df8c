/* Writer build: the kernel-side accessors (riscv's asm/vdso/vsyscall.h plus asm-generic). */
#pragma once
#ifndef DIFF_NEW
extern struct vdso_data *vdso_data;
static inline struct vdso_data *__riscv_get_k_vdso_data(void) { return vdso_data; }
#define __arch_get_k_vdso_data __riscv_get_k_vdso_data
#endif
#include <asm-generic/vdso/vsyscall.h>
