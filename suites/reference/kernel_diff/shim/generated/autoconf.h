/* Kconfig of the modelled RISC-V vDSO builds (DIFF_* chosen per build by run.sh). */
#define CONFIG_TIME_NS 1
#define CONFIG_GENERIC_GETTIMEOFDAY 1
#define CONFIG_ARCH_SUPPORTS_INT128 1
#ifdef DIFF_AUX
#define CONFIG_POSIX_AUX_CLOCKS 1
#endif
#ifdef DIFF_OVF
#define CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT 1
#endif
#define CONFIG_PAGE_SHIFT 12
