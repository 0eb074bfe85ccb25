/* libdldeep.so / libdlshallow.so: db_call() calls db_name(), defined here
 * and in the executable. */
const char *db_name(void) { return "lib"; }
const char *db_call(void) { return db_name(); }
