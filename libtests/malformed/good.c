int good_fn(int x) { return x * 2; }
