// SPDX-License-Identifier: GPL-2.0
/*
 * I/O port access (<wdm/port.h>) and register access on mapped device
 * memory, single (READ_REGISTER_* / WRITE_REGISTER_*, <wdm/ex.h>) and
 * buffer forms.
 *
 * A Windows port address is the port number cast to a pointer (what the
 * translated CmResourceTypePort resource holds); here it goes to the
 * port instructions (inb/outb and the string forms insb/outsb...), which
 * need no mapping and may run at any IRQL.  A number beyond the I/O space
 * (IO_SPACE_LIMIT), most likely a memory address passed by mistake, is
 * reported and not touched.
 *
 * Register access is out of line so that <wdm.h> needs no Linux header:
 * the kernel's accessors carry the ordering each architecture needs, and
 * on x86 the call costs a few cycles next to the device access itself.
 * The buffer forms step through consecutive registers, one access of the
 * named width per element, as the WDK's do.
 */
#include <linux/io.h>

#include "rt.h"
#include <wdm/port.h>

/* Is [@port, @port + @width) inside the I/O space?  Reported when not. */
static bool wdmdma_port_ok(const void *port, unsigned int width, const char *call)
{
	unsigned long p = (unsigned long)port;

	if (likely(p <= IO_SPACE_LIMIT + 1UL - width))
		return true;
	wdmdma_report(NULL, call, "%#lx is not a port number (I/O space ends at %#lx)", p,
		      (unsigned long)IO_SPACE_LIMIT);
	return false;
}

/* Is a buffer form's @buffer usable for @count elements?  Reported when not. */
static bool wdmdma_buffer_ok(const void *buffer, ULONG count, const char *call)
{
	if (likely(buffer || !count))
		return true;
	wdmdma_report(NULL, call, "NULL Buffer for %u elements", count);
	return false;
}

/**
 * READ_PORT_UCHAR() - read a byte from an I/O port
 * @Port: the port number
 *
 * Return: the byte, or 0xff (reported) for a port beyond the I/O space.
 */
UCHAR READ_PORT_UCHAR(PUCHAR Port)
{
	if (!wdmdma_port_ok(Port, 1, __func__))
		return 0xff;
	return inb((unsigned long)Port);
}
EXPORT_SYMBOL_GPL(READ_PORT_UCHAR);

/**
 * READ_PORT_USHORT() - read 16 bits from an I/O port
 * @Port: the port number
 *
 * Return: the value, or 0xffff (reported) beyond the I/O space.
 */
USHORT READ_PORT_USHORT(PUSHORT Port)
{
	if (!wdmdma_port_ok(Port, 2, __func__))
		return 0xffff;
	return inw((unsigned long)Port);
}
EXPORT_SYMBOL_GPL(READ_PORT_USHORT);

/**
 * READ_PORT_ULONG() - read 32 bits from an I/O port
 * @Port: the port number
 *
 * Return: the value, or all ones (reported) beyond the I/O space.
 */
ULONG READ_PORT_ULONG(PULONG Port)
{
	if (!wdmdma_port_ok(Port, 4, __func__))
		return 0xffffffff;
	return inl((unsigned long)Port);
}
EXPORT_SYMBOL_GPL(READ_PORT_ULONG);

/**
 * WRITE_PORT_UCHAR() - write a byte to an I/O port
 * @Port: the port number
 * @Value: the byte
 */
void WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value)
{
	if (wdmdma_port_ok(Port, 1, __func__))
		outb(Value, (unsigned long)Port);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_UCHAR);

/**
 * WRITE_PORT_USHORT() - write 16 bits to an I/O port
 * @Port: the port number
 * @Value: the value
 */
void WRITE_PORT_USHORT(PUSHORT Port, USHORT Value)
{
	if (wdmdma_port_ok(Port, 2, __func__))
		outw(Value, (unsigned long)Port);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_USHORT);

/**
 * WRITE_PORT_ULONG() - write 32 bits to an I/O port
 * @Port: the port number
 * @Value: the value
 */
void WRITE_PORT_ULONG(PULONG Port, ULONG Value)
{
	if (wdmdma_port_ok(Port, 4, __func__))
		outl(Value, (unsigned long)Port);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_ULONG);

/**
 * READ_PORT_BUFFER_UCHAR() - read @Count bytes from one I/O port
 * @Port: the port number
 * @Buffer: where the bytes go, in the order read
 * @Count: how many
 */
void READ_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
	if (wdmdma_port_ok(Port, 1, __func__) && wdmdma_buffer_ok(Buffer, Count, __func__))
		insb((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(READ_PORT_BUFFER_UCHAR);

/**
 * READ_PORT_BUFFER_USHORT() - read @Count 16-bit values from one I/O port
 * @Port: the port number
 * @Buffer: where the values go, in the order read
 * @Count: how many
 */
void READ_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
	if (wdmdma_port_ok(Port, 2, __func__) && wdmdma_buffer_ok(Buffer, Count, __func__))
		insw((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(READ_PORT_BUFFER_USHORT);

/**
 * READ_PORT_BUFFER_ULONG() - read @Count 32-bit values from one I/O port
 * @Port: the port number
 * @Buffer: where the values go, in the order read
 * @Count: how many
 */
void READ_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
	if (wdmdma_port_ok(Port, 4, __func__) && wdmdma_buffer_ok(Buffer, Count, __func__))
		insl((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(READ_PORT_BUFFER_ULONG);

/**
 * WRITE_PORT_BUFFER_UCHAR() - write @Count bytes to one I/O port
 * @Port: the port number
 * @Buffer: the bytes, written in order
 * @Count: how many
 */
void WRITE_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
	if (wdmdma_port_ok(Port, 1, __func__) && wdmdma_buffer_ok(Buffer, Count, __func__))
		outsb((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_BUFFER_UCHAR);

/**
 * WRITE_PORT_BUFFER_USHORT() - write @Count 16-bit values to one I/O port
 * @Port: the port number
 * @Buffer: the values, written in order
 * @Count: how many
 */
void WRITE_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
	if (wdmdma_port_ok(Port, 2, __func__) && wdmdma_buffer_ok(Buffer, Count, __func__))
		outsw((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_BUFFER_USHORT);

/**
 * WRITE_PORT_BUFFER_ULONG() - write @Count 32-bit values to one I/O port
 * @Port: the port number
 * @Buffer: the values, written in order
 * @Count: how many
 */
void WRITE_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
	if (wdmdma_port_ok(Port, 4, __func__) && wdmdma_buffer_ok(Buffer, Count, __func__))
		outsl((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_BUFFER_ULONG);

/*
 * The register buffer forms: @reg is mapped device memory (MmMapIoSpace);
 * element i is accessed at @reg + i * @width with one access of @width.
 */
static bool wdmdma_reg_ok(const __volatile void *reg, const void *buffer, ULONG count,
			  const char *call)
{
	if (unlikely(!reg)) {
		wdmdma_report(NULL, call, "NULL Register");
		return false;
	}
	return wdmdma_buffer_ok(buffer, count, call);
}

static void wdmdma_reg_read(const __volatile void *reg, void *buffer, ULONG count,
			    unsigned int width)
{
	const __volatile void __iomem *r = (const __volatile void __iomem __force *)reg;
	ULONG i;

	for (i = 0; i < count; i++, r += width) {
		switch (width) {
		case 1:
			((UCHAR *)buffer)[i] = readb(r);
			break;
		case 2:
			((USHORT *)buffer)[i] = readw(r);
			break;
		case 4:
			((ULONG *)buffer)[i] = readl(r);
			break;
		default:
			((ULONG64 *)buffer)[i] = readq(r);
			break;
		}
	}
}

static void wdmdma_reg_write(__volatile void *reg, const void *buffer, ULONG count,
			     unsigned int width)
{
	__volatile void __iomem *r = (__volatile void __iomem __force *)reg;
	ULONG i;

	for (i = 0; i < count; i++, r += width) {
		switch (width) {
		case 1:
			writeb(((const UCHAR *)buffer)[i], r);
			break;
		case 2:
			writew(((const USHORT *)buffer)[i], r);
			break;
		case 4:
			writel(((const ULONG *)buffer)[i], r);
			break;
		default:
			writeq(((const ULONG64 *)buffer)[i], r);
			break;
		}
	}
}

/**
 * READ_REGISTER_BUFFER_UCHAR() - read @Count bytes from consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: where the bytes go
 * @Count: how many
 */
void READ_REGISTER_BUFFER_UCHAR(__volatile UCHAR *Register, PUCHAR Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_read(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_UCHAR);

/**
 * READ_REGISTER_BUFFER_USHORT() - read @Count 16-bit values from
 *	consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: where the values go
 * @Count: how many
 */
void READ_REGISTER_BUFFER_USHORT(__volatile USHORT *Register, PUSHORT Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_read(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_USHORT);

/**
 * READ_REGISTER_BUFFER_ULONG() - read @Count 32-bit values from
 *	consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: where the values go
 * @Count: how many
 */
void READ_REGISTER_BUFFER_ULONG(__volatile ULONG *Register, PULONG Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_read(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_ULONG);

/**
 * READ_REGISTER_BUFFER_ULONG64() - read @Count 64-bit values from
 *	consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: where the values go
 * @Count: how many
 */
void READ_REGISTER_BUFFER_ULONG64(__volatile ULONG64 *Register, PULONG64 Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_read(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_ULONG64);

/**
 * WRITE_REGISTER_BUFFER_UCHAR() - write @Count bytes to consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: the bytes
 * @Count: how many
 */
void WRITE_REGISTER_BUFFER_UCHAR(__volatile UCHAR *Register, PUCHAR Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_write(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_UCHAR);

/**
 * WRITE_REGISTER_BUFFER_USHORT() - write @Count 16-bit values to
 *	consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: the values
 * @Count: how many
 */
void WRITE_REGISTER_BUFFER_USHORT(__volatile USHORT *Register, PUSHORT Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_write(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_USHORT);

/**
 * WRITE_REGISTER_BUFFER_ULONG() - write @Count 32-bit values to
 *	consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: the values
 * @Count: how many
 */
void WRITE_REGISTER_BUFFER_ULONG(__volatile ULONG *Register, PULONG Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_write(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_ULONG);

/**
 * WRITE_REGISTER_BUFFER_ULONG64() - write @Count 64-bit values to
 *	consecutive registers
 * @Register: the first register (mapped device memory)
 * @Buffer: the values
 * @Count: how many
 */
void WRITE_REGISTER_BUFFER_ULONG64(__volatile ULONG64 *Register, PULONG64 Buffer, ULONG Count)
{
	if (wdmdma_reg_ok(Register, Buffer, Count, __func__))
		wdmdma_reg_write(Register, Buffer, Count, sizeof(*Buffer));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_ULONG64);

/* READ_REGISTER_<T>(Register) and WRITE_REGISTER_<T>(Register, Value) */
#define WDMDMA_REG(p)	((const __volatile void __iomem __force *)(p))
#define WDMDMA_WREG(p)	((__volatile void __iomem __force *)(p))

UCHAR READ_REGISTER_UCHAR(__volatile UCHAR *Register)
{
	return readb(WDMDMA_REG(Register));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_UCHAR);

USHORT READ_REGISTER_USHORT(__volatile USHORT *Register)
{
	return readw(WDMDMA_REG(Register));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_USHORT);

ULONG READ_REGISTER_ULONG(__volatile ULONG *Register)
{
	return readl(WDMDMA_REG(Register));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_ULONG);

ULONG64 READ_REGISTER_ULONG64(__volatile ULONG64 *Register)
{
	return readq(WDMDMA_REG(Register));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_ULONG64);

void WRITE_REGISTER_UCHAR(__volatile UCHAR *Register, UCHAR Value)
{
	writeb(Value, WDMDMA_WREG(Register));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_UCHAR);

void WRITE_REGISTER_USHORT(__volatile USHORT *Register, USHORT Value)
{
	writew(Value, WDMDMA_WREG(Register));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_USHORT);

void WRITE_REGISTER_ULONG(__volatile ULONG *Register, ULONG Value)
{
	writel(Value, WDMDMA_WREG(Register));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_ULONG);

void WRITE_REGISTER_ULONG64(__volatile ULONG64 *Register, ULONG64 Value)
{
	writeq(Value, WDMDMA_WREG(Register));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_ULONG64);
