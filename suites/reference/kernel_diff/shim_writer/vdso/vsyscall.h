/* Writer build: the kernel-side accessor an architecture's asm/vdso/vsyscall.h supplies (the
 * generic model's writer is the same on every architecture: __arch_get_k_vdso_data returns the
 * harness's data), plus asm-generic. */
#pragma once
#ifndef DIFF_NEW
extern struct vdso_data *vdso_data;
static inline struct vdso_data *__shim_get_k_vdso_data(void) { return vdso_data; }
#define __arch_get_k_vdso_data __shim_get_k_vdso_data
#endif
#include <asm-generic/vdso/vsyscall.h>
