// SPDX-License-Identifier: GPL-2.0
/*
 * Register access (READ_REGISTER_* / WRITE_REGISTER_*) on mapped device
 * memory: READ_REGISTER_<T>(Register) reads, and WRITE_REGISTER_<T>(Register,
 * Value) writes, one T at the address MmMapIoSpace or the port's glue gave
 * the driver.  Out of line so that <wdm.h> needs no Linux header: the
 * kernel's accessors carry the ordering each architecture needs, and on x86
 * the call costs a few cycles next to the device access itself.
 */
#include <linux/io.h>

#include "../internal.h"

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
