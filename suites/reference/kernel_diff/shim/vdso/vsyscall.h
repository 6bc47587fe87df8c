#pragma once
extern const void *diff_pages;
static inline const struct vdso_time_data *__arch_get_vdso_u_time_data(void) { return diff_pages; }
