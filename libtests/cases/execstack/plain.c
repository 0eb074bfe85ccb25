int es_plain(int k) { return k + 1; }
