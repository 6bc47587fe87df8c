/* Writer build: the one hrtimer symbol update_vsyscall() reads. */
#pragma once
extern unsigned int hrtimer_resolution;
