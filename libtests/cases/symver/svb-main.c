#include "lt.h"
int svb_func(void), svn_func(void), svg_func(void);
extern int svb_data, svn_data, svg_data;
int main(void)
{
    out("svb: %d %d\n", svb_func(), svb_data);
    out("svn: %d %d\n", svn_func(), svn_data);
    out("svg: %d %d\n", svg_func(), svg_data);
    return 0;
}
