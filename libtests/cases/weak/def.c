int wk_existing = 123;
