/* Host stand-ins for the kernel headers and macros lib/vdso needs outside include/vdso. */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
typedef uint8_t u8; typedef uint16_t u16; typedef uint32_t u32; typedef uint64_t u64;
typedef int8_t s8; typedef int16_t s16; typedef int32_t s32; typedef int64_t s64;
typedef int clockid_t;
typedef long long time64_t;
typedef long __kernel_old_time_t;
struct __kernel_timespec { long long tv_sec; long long tv_nsec; };
struct __kernel_old_timeval { long tv_sec; long tv_usec; };
struct timezone { int tz_minuteswest; int tz_dsttime; };
#define __always_inline inline __attribute__((always_inline))
#define __maybe_unused __attribute__((unused))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define ____cacheline_aligned __attribute__((aligned(64)))
#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define BIT(n) (1UL << (n))
#define __GENMASK(h, l) (((~0UL) - (1UL << (l)) + 1) & (~0UL >> (64 - 1 - (h))))
#define ALIGN(x, a) (((x) + (a) - 1) & ~((a) - 1))
#define HZ DIFF_HZ
#define smp_rmb() __asm__ volatile("" ::: "memory")
#define smp_wmb() __asm__ volatile("" ::: "memory")
