// SPDX-License-Identifier: GPL-2.0
/*
 * The printf family of Windows drivers (RtlStringCbPrintfW/A, _snwprintf,
 * swprintf...) over one formatter with Microsoft's rules, which differ from
 * printk's:
 *
 * - "l" is 32 bits (LONG), as Windows is LLP64; "ll" and "I64" are 64,
 *   "I" and "z" pointer-sized, "I32" 32, "h" 16 and "hh" 8;
 * - in a wide function %s and %c take WCHARs and %S and %C CHARs; in a
 *   narrow one the reverse; "h" forces CHAR, "l" and "w" force WCHAR
 *   (%ls, %ws, %hs...);
 * - %Z prints an ANSI_STRING and %wZ a UNICODE_STRING (by pointer);
 * - %p prints all 16 hexadecimal digits, upper case;
 * - a NULL string prints "(null)"; %n is not supported (nothing written).
 *
 * Numbers are rendered by the kernel's snprintf() from a rebuilt format;
 * widths, strings and the output's width (CHAR or WCHAR) are done here.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "rt.h"

struct wdmdma_spec {
	bool left, zero, alt, plus, space;
	int width;	/* -1: none */
	int prec;	/* -1: none */
	int bits;	/* integer size: 8, 16, 32 or 64 */
	int charw;	/* string and char width: 0 default, 1 CHAR, 2 WCHAR */
};

static void fmt_emit(struct wdmdma_fmt_out *out, WCHAR c)
{
	if (out->len + 1 < out->cap)
		wdmdma_str_put(out->buf, out->len, c, out->wide);
	out->len++;
}

static void fmt_pad(struct wdmdma_fmt_out *out, WCHAR c, int n)
{
	while (n-- > 0)
		fmt_emit(out, c);
}

/* @n units of @s (CHAR or WCHAR), padded to the spec's width */
static void fmt_units(struct wdmdma_fmt_out *out, const struct wdmdma_spec *sp,
		      const void *s, size_t n, bool wide)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;
	size_t i;

	if (!sp->left)
		fmt_pad(out, ' ', pad);
	for (i = 0; i < n; i++)
		fmt_emit(out, wdmdma_str_get(s, i, wide));
	if (sp->left)
		fmt_pad(out, ' ', pad);
}

/* A terminated string, at most the precision's units of it */
static void fmt_string(struct wdmdma_fmt_out *out, const struct wdmdma_spec *sp,
		       const void *s, bool wide)
{
	size_t n = 0;

	if (!s) {
		s = "(null)";
		wide = false;
	}
	while ((sp->prec < 0 || n < (size_t)sp->prec) && wdmdma_str_get(s, n, wide))
		n++;
	fmt_units(out, sp, s, n, wide);
}

/* A counted string (%Z, %wZ): Length is in bytes */
static void fmt_counted(struct wdmdma_fmt_out *out, const struct wdmdma_spec *sp,
			const void *str, bool wide)
{
	const UNICODE_STRING *us = str;
	const ANSI_STRING *as = str;
	size_t n;

	if (!str || !(wide ? (void *)us->Buffer : (void *)as->Buffer)) {
		fmt_string(out, sp, NULL, false);
		return;
	}
	n = wide ? us->Length / sizeof(WCHAR) : as->Length;
	if (sp->prec >= 0 && n > (size_t)sp->prec)
		n = sp->prec;
	fmt_units(out, sp, wide ? (const void *)us->Buffer : (const void *)as->Buffer, n, wide);
}

/* An integer: snprintf renders sign, prefix, digits and precision; the width is ours. */
static void fmt_number(struct wdmdma_fmt_out *out, const struct wdmdma_spec *sp,
		       char conv, u64 value)
{
	char spec[16], body[80], *p = spec;
	int n, pre = 0;
	bool is_signed = conv == 'd' || conv == 'i';

	*p++ = '%';
	if (sp->plus)
		*p++ = '+';
	if (sp->space)
		*p++ = ' ';
	if (sp->alt)
		*p++ = '#';
	*p++ = '.';
	*p++ = '*';
	*p++ = 'l';
	*p++ = 'l';
	*p++ = conv == 'i' ? 'd' : conv;
	*p = '\0';
	if (is_signed) {
		s64 v = sp->bits == 64 ? (s64)value : sp->bits == 32 ? (s32)value :
			sp->bits == 16 ? (s16)value : (s8)value;

		n = snprintf(body, sizeof(body), spec, sp->prec < 0 ? 1 : sp->prec, v);
	} else {
		u64 v = sp->bits == 64 ? value : sp->bits == 32 ? (u32)value :
			sp->bits == 16 ? (u16)value : (u8)value;

		n = snprintf(body, sizeof(body), spec, sp->prec < 0 ? 1 : sp->prec, v);
	}
	n = min_t(int, n, sizeof(body) - 1);
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > n) {
		/* zeros go between the sign or 0x prefix and the digits */
		if (body[0] == '-' || body[0] == '+' || body[0] == ' ')
			pre = 1;
		else if (sp->alt && (body[1] == 'x' || body[1] == 'X'))
			pre = 2;
		fmt_units(out, &(struct wdmdma_spec){ .width = -1 }, body, pre, false);
		fmt_pad(out, '0', sp->width - n);
		fmt_units(out, &(struct wdmdma_spec){ .width = -1 }, body + pre, n - pre, false);
		return;
	}
	fmt_units(out, sp, body, n, false);
}

/* Flags, width, precision and length of the spec at @fmt[*i]; va_list by pointer. */
static void fmt_parse(const void *fmt, bool wide, size_t *i, struct wdmdma_spec *sp,
		      va_list *args)
{
	WCHAR c;

	memset(sp, 0, sizeof(*sp));
	sp->width = -1;
	sp->prec = -1;
	sp->bits = 32;
	for (;; (*i)++) {
		c = wdmdma_str_get(fmt, *i, wide);
		if (c == '-')
			sp->left = true;
		else if (c == '0')
			sp->zero = true;
		else if (c == '#')
			sp->alt = true;
		else if (c == '+')
			sp->plus = true;
		else if (c == ' ')
			sp->space = true;
		else
			break;
	}
	if (c == '*') {
		sp->width = va_arg(*args, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		c = wdmdma_str_get(fmt, ++(*i), wide);
	} else {
		for (; c >= '0' && c <= '9'; c = wdmdma_str_get(fmt, ++(*i), wide))
			sp->width = max(sp->width, 0) * 10 + (c - '0');
	}
	if (c == '.') {
		sp->prec = 0;
		c = wdmdma_str_get(fmt, ++(*i), wide);
		if (c == '*') {
			sp->prec = va_arg(*args, int);
			c = wdmdma_str_get(fmt, ++(*i), wide);
		} else {
			for (; c >= '0' && c <= '9'; c = wdmdma_str_get(fmt, ++(*i), wide))
				sp->prec = sp->prec * 10 + (c - '0');
		}
	}
	for (;; c = wdmdma_str_get(fmt, ++(*i), wide)) {
		if (c == 'h') {
			sp->bits = sp->bits == 16 ? 8 : 16;
			sp->charw = 1;
		} else if (c == 'l') {
			sp->bits = sp->charw == 2 ? 64 : 32;	/* "ll": 64 */
			sp->charw = 2;
		} else if (c == 'w') {
			sp->charw = 2;
		} else if (c == 'L' || c == 'j' || c == 'z' || c == 't') {
			sp->bits = 64;
		} else if (c == 'I') {
			WCHAR d1 = wdmdma_str_get(fmt, *i + 1, wide);
			WCHAR d2 = d1 ? wdmdma_str_get(fmt, *i + 2, wide) : 0;

			if (d1 == '6' && d2 == '4') {
				sp->bits = 64;
				*i += 2;
			} else if (d1 == '3' && d2 == '2') {
				sp->bits = 32;
				*i += 2;
			} else {
				sp->bits = BITS_PER_LONG;
			}
		} else {
			break;
		}
	}
}

/* One conversion (@fmt[*i] is its letter); returns false for an unknown one. */
static bool fmt_convert(struct wdmdma_fmt_out *out, const struct wdmdma_spec *sp, WCHAR conv,
			bool wide_fmt, va_list *args)
{
	bool wide_arg = sp->charw ? sp->charw == 2 : wide_fmt;
	WCHAR ch;

	switch (conv) {
	case 'S':
	case 'C':
		wide_arg = sp->charw ? sp->charw == 2 : !wide_fmt;
		fallthrough;
	case 's':
	case 'c':
		if (conv == 's' || conv == 'S') {
			fmt_string(out, sp, va_arg(*args, const void *), wide_arg);
		} else {
			ch = wide_arg ? (WCHAR)va_arg(*args, int) : (UCHAR)va_arg(*args, int);
			fmt_units(out, sp, &ch, 1, true);
		}
		return true;
	case 'Z':
		fmt_counted(out, sp, va_arg(*args, const void *), sp->charw == 2);
		return true;
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		fmt_number(out, sp, conv, sp->bits == 64 ? va_arg(*args, u64) :
			   (u64)va_arg(*args, unsigned int));
		return true;
	case 'p':
		fmt_number(out, &(struct wdmdma_spec){ .width = sp->width, .left = sp->left,
			   .prec = 2 * sizeof(void *), .bits = 64 }, 'X',
			   (uintptr_t)va_arg(*args, void *));
		return true;
	case '%':
		fmt_emit(out, '%');
		return true;
	default:
		return false;
	}
}

void wdmdma_vformat(struct wdmdma_fmt_out *out, const void *fmt, bool wide_fmt, va_list args)
{
	struct wdmdma_spec sp;
	va_list aq;
	size_t i;
	WCHAR c;

	va_copy(aq, args);
	for (i = 0; (c = wdmdma_str_get(fmt, i, wide_fmt)); i++) {
		if (c != '%') {
			fmt_emit(out, c);
			continue;
		}
		i++;
		fmt_parse(fmt, wide_fmt, &i, &sp, &aq);
		c = wdmdma_str_get(fmt, i, wide_fmt);
		if (!c)
			break;
		if (!fmt_convert(out, &sp, c, wide_fmt, &aq))
			fmt_emit(out, c);	/* unknown: the letter itself, as MSVC */
	}
	va_end(aq);
}
