/* NSS through /etc/nsswitch.conf as installed: libc loads its service
 * modules (libnss_*.so) with its internal dlopen when a lookup needs them.
 * Only facts that do not depend on the machine's account data are printed
 * beyond root's standard entry. */
#include "lt.h"
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/types.h>

int main(void)
{
    struct passwd *pw = getpwnam("root");
    if (pw)
        out("getpwnam(root): %s uid=%d gid=%d dir=%s\n", pw->pw_name, (int)pw->pw_uid,
            (int)pw->pw_gid, pw->pw_dir);
    else
        out("getpwnam(root): not found\n");
    pw = getpwuid(0);
    out("getpwuid(0): %s\n", pw ? pw->pw_name : "(not found)");
    struct group *gr = getgrgid(0);
    out("getgrgid(0): %s\n", gr ? gr->gr_name : "(not found)");
    /* misses go through every configured service (e.g. systemd's module) */
    pw = getpwnam("no-such-user-ldt");
    out("getpwnam(no-such-user-ldt): %s\n", pw ? "found?" : "not found");
    gr = getgrnam("no-such-group-ldt");
    out("getgrnam(no-such-group-ldt): %s\n", gr ? "found?" : "not found");
    pw = getpwuid(54321);
    out("getpwuid(54321): %s\n", pw ? "found" : "not found");
    /* enumeration */
    int n = 0, root = 0;
    setpwent();
    while ((pw = getpwent()) != NULL) {
        n++;
        root += pw->pw_uid == 0;
    }
    endpwent();
    out("getpwent: %s, root entries %d\n", n > 0 ? "some entries" : "none", root);
    struct protoent *pe = getprotobyname("tcp");
    out("getprotobyname(tcp): %d\n", pe ? pe->p_proto : -1);
    struct servent *se = getservbyname("ssh", "tcp");
    out("getservbyname(ssh/tcp): %d\n", se ? ntohs(se->s_port) : -1);
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *ai = NULL;
    int rc = getaddrinfo("localhost", "80", &hints, &ai);
    if (rc == 0 && ai) {
        char host[64];
        getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
        out("getaddrinfo(localhost): %s\n", host);
        freeaddrinfo(ai);
    } else
        out("getaddrinfo(localhost): error\n");
    return 0;
}
