set pagination off
set confirm off
set breakpoint pending on
set debuginfod enabled off
break dbg_ns_inner
run
info sharedlibrary
bt
info proc mappings
continue
