/* C++ exceptions inside a dlmopen'd namespace, and _dl_find_object on its
 * objects */
#include "dlt.h"

int main(void)
{
    void *h = dlmopen(LM_ID_NEWLM, "libmocxx.so", RTLD_NOW);
    CHECK(h != NULL);
    if (!h) {
        dlt_err("dlmopen", NULL);
        return 1;
    }
    int (*f)(int) = (int (*)(int))dlsym(h, "mocxx_throw_catch");
    out("mocxx_throw_catch(100) = %d\n", f ? f(100) : -1);
    struct dl_find_object r;
    if (f && _dl_find_object((void *)f, &r) == 0)
        out("_dl_find_object: %s, link_map is the handle: %s, eh_frame: %s\n",
            dlt_base(r.dlfo_link_map->l_name), (void *)r.dlfo_link_map == h ? "yes" : "no",
            r.dlfo_eh_frame ? "yes" : "no");
    else
        out("_dl_find_object: not found\n");
    Lmid_t lm = -1;
    dlinfo(h, RTLD_DI_LMID, &lm);
    out("namespace %ld\n", (long)lm);
    out("dlclose = %d\n", dlclose(h));
    return 0;
}
