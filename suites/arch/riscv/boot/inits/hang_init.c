// An init that reaches user space and then never finishes: the overall (run) timeout must end it.
#include "init_common.h"

int main(void) {
  WriteLine("@@VDSOCONF1 H hanging forever@@");
  for (;;) pause();
}
