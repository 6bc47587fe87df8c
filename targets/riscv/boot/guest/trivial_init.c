// The baseline /init: says it is there and powers off. Booting with it measures what a boot costs
// by itself, the denominator of every live suite's cost.
#include "init_common.h"

int main(void) {
  WriteLine("@@VDSOCONF1 H trivial init reached@@");
  PowerOff();
  return 0;
}
