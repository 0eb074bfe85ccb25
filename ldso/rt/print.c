/* A small vsnprintf: enough for the loader's messages, no floating point. */
#include <errno.h>
#include "rt.h"

/* fd >= 0: buf is a small window written out whenever it fills, so printing
   a long line needs no big buffer on the caller's (maybe 16 KiB) stack */
struct out { char *buf; size_t size, len, flushed; int fd; const char *prefix; int mid; };

static void flush(struct out *o)
{
	size_t n = o->len - o->flushed;
	for (size_t done = 0; done < n;) {
		long w = sys_write(o->fd, o->buf + done, n - done);
		if (w <= 0)
			break;
		done += w;
	}
	o->flushed = o->len;
}

static void put_raw(struct out *o, char c)
{
	if (o->fd >= 0 && o->len - o->flushed == o->size)
		flush(o);
	if (o->len - o->flushed + (o->fd < 0) < o->size)
		o->buf[o->len - o->flushed] = c;
	o->len++;
}

/* with a prefix, every line starts with it (written when the line does) */
static void put(struct out *o, char c)
{
	if (o->prefix && !o->mid)
		for (const char *p = o->prefix; *p; p++)
			put_raw(o, *p);
	if (o->prefix)
		o->mid = c != '\n';
	put_raw(o, c);
}

static void put_str(struct out *o, const char *s, size_t max)
{
	if (!s)
		s = "(null)";
	for (size_t i = 0; i < max && s[i]; i++)
		put(o, s[i]);
}

static void put_num(struct out *o, unsigned long v, unsigned base, int neg, int width, char pad)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0') {	/* the sign goes before zero padding */
		put(o, '-');
		width--;
	} else if (neg)
		tmp[n++] = '-';
	for (int w = n; w < width; w++)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, prec = -1, lng = 0;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.' && fmt[1] == '*') {
			prec = va_arg(ap, int);
			fmt += 2;
		}
		while (*fmt == 'l' || *fmt == 'z')
			lng = 1, fmt++;
		switch (*fmt) {
		case 's':
			put_str(o, va_arg(ap, const char *), prec < 0 ? (size_t)-1 : (size_t)prec);
			break;
		case 'c':
			put(o, (char)va_arg(ap, int));
			break;
		case 'd': case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, width,
				pad);
			break;
		}
		case 'u':
			put_num(o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0,
				width, pad);
			break;
		case 'x':
			put_num(o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0,
				width, pad);
			break;
		case 'p':
			put(o, '0'); put(o, 'x');
			put_num(o, (uintptr_t)va_arg(ap, void *), 16, 0, width, pad);
			break;
		case '%':
			put(o, '%');
			break;
		case 'V': {	/* a nested format and its va_list: "%V", fmt, &ap */
			const char *f = va_arg(ap, const char *);
			va_list *inner = va_arg(ap, va_list *);
			format(o, f, *inner);
			break;
		}
		default:
			put(o, '%');
			if (*fmt)
				put(o, *fmt);
			else
				fmt--;
		}
	}
}

int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0, 0, -1, 0, 0 };
	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = rt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void rt_vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[512];
	struct out o = { buf, sizeof buf, 0, 0, fd, 0, 0 };
	format(&o, fmt, ap);
	flush(&o);
}

/* glibc's _dl_debug_printf: each line of the text gets the prefix */
void rt_dprintf_lines(int fd, const char *prefix, const char *fmt, ...)
{
	char buf[512];
	struct out o = { buf, sizeof buf, 0, 0, fd, prefix, 0 };
	va_list ap;
	va_start(ap, fmt);
	format(&o, fmt, ap);
	va_end(ap);
	flush(&o);
}

void rt_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_vdprintf(fd, fmt, ap);
	va_end(ap);
}

/* strerror's text (C locale) for what opening and reading a file can give */
const char *errno_text(long err)
{
	switch (err < 0 ? -err : err) {
	case ENOENT: return "No such file or directory";
	case EACCES: return "Permission denied";
	case EPERM: return "Operation not permitted";
	case ENOTDIR: return "Not a directory";
	case EISDIR: return "Is a directory";
	case ELOOP: return "Too many levels of symbolic links";
	case ENAMETOOLONG: return "File name too long";
	case EMFILE: return "Too many open files";
	case ENFILE: return "Too many open files in system";
	case ENOMEM: return "Cannot allocate memory";
	case EIO: return "Input/output error";
	case ENXIO: return "No such device or address";
	case ENODEV: return "No such device";
	case ETXTBSY: return "Text file busy";
	case EOVERFLOW: return "Value too large for defined data type";
	case EINVAL: return "Invalid argument";
	case EAGAIN: return "Resource temporarily unavailable";
	case EINTR: return "Interrupted system call";
	default: return "Unknown error";
	}
}
