set pagination off
set confirm off
set debuginfod enabled off
set auto-load safe-path /
break thread_main
run
info threads
bt
continue
