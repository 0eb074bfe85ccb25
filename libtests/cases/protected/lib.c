#define PROT __attribute__((visibility("protected")))
PROT int prot_var = 1;
PROT const char *prot_func(void) { return "lib"; }
int prot_lib_var(void) { return prot_var; }
const char *prot_lib_call(void) { return prot_func(); }
void *prot_lib_func_addr(void) { return (void *)prot_func; }
int *prot_lib_var_addr(void) { return &prot_var; }
