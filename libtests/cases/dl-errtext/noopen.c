int et_noopen_val = 7;
