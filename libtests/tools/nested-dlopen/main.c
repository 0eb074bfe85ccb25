#include <dlfcn.h>
#include <stdio.h>
int main(void) {
  void *h = dlopen("libouter.so", RTLD_NOW);
  if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
  int (*oc)(void) = dlsym(h, "outer_call");
  printf("outer_call %d\n", oc());
  return 0;
}
