/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What namespace.c (a driver's file that sees only the WDK's headers)
 * offers the wdmdma_namespace suite.  WDK types only: both sides include it.
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#ifndef _WDMDMA_KUNIT_NAMESPACE_H_
#define _WDMDMA_KUNIT_NAMESPACE_H_

ULONG WdmNsMinSignedUnsigned(LONG Signed, ULONG Unsigned);
SIZE_T WdmNsMaxMixed(USHORT Small, SIZE_T Large, LONG Signed);
PVOID WdmNsPageAlign(PVOID Va);
ULONG WdmNsPageSize(VOID);
ULONG WdmNsListSum(ULONG Count);
ULONG WdmNsCurrent(VOID);
ULONG_PTR WdmNsOwnMacros(ULONG Value);

#endif /* _WDMDMA_KUNIT_NAMESPACE_H_ */
