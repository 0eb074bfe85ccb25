/* A library exporting nothing: an (almost) empty symbol hash table that is
 * searched before the real definitions. */
__attribute__((visibility("hidden"))) int hidden_thing = 1;
