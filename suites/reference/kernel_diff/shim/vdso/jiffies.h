#pragma once
#include <linux/types.h>
#define TICK_NSEC ((NSEC_PER_SEC+HZ/2)/HZ)
