const char *hook(void) { return "lib"; }
int shared_val = 1;
int lib_only = 5;
const char *lib_calls_hook(void) { return hook(); }
int lib_reads_shared(void) { return shared_val; }
void *lib_hook_addr(void) { return (void *)hook; }
/* data pointing at symbols the executable interposes / defines */
int *lib_ptr_to_shared = &shared_val;
extern int exe_only_data;
int *lib_ptr_to_exe = &exe_only_data;
