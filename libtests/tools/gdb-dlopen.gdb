set pagination off
set confirm off
set breakpoint pending on
set debuginfod enabled off
break dbg_plugin_inner
run
info sharedlibrary
bt
continue
info sharedlibrary
continue
