// An init that returns: the kernel panics with "Attempted to kill init!".
#include "init_common.h"

int main(void) {
  WriteLine("@@VDSOCONF1 H init exiting@@");
  return 3;
}
