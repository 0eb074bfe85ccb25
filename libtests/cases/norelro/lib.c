int nr_val = 11;
int *nr_ptr = &nr_val;
const char *const nr_strs[] = { "ro", "after", "reloc" };
int nr_get(void) { return *nr_ptr + 1; }
