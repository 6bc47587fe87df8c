// Shared helpers for the tiny static riscv64 /init programs the boot tests put in an initramfs.
// They stand in for the guest agent: each provokes one console situation (clean power-off, panic,
// hang, framed documents) so the runner's classification is tested on what a real kernel prints.
#pragma once

#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

// One write(2) per line, as the framing protocol requires of the agent.
static inline void WriteLine(const char* text) {
  char line[512];
  size_t n = strlen(text);
  if (n > sizeof line - 2) n = sizeof line - 2;
  memcpy(line, text, n);
  line[n] = '\n';
  (void)!write(1, line, n + 1);
}

// Without /proc nothing under it (sysrq-trigger, kmsg) exists.
static inline void MountProc(void) {
  mount("proc", "/proc", "proc", 0, 0);
}

static inline void PowerOff(void) {
  sync();
  reboot(RB_POWER_OFF);
}
