/* Writer build: locking is irrelevant to the data written. */
#pragma once
typedef int raw_spinlock_t;
extern raw_spinlock_t timekeeper_lock;
#define raw_spin_lock_irqsave(lock, flags) ((void)(lock), (flags) = 0)
#define raw_spin_unlock_irqrestore(lock, flags) ((void)(lock), (void)(flags))
static inline unsigned long timekeeper_lock_irqsave(void) { return 0; }
static inline void timekeeper_unlock_irqrestore(unsigned long flags) { (void)flags; }
