/* SPDX-License-Identifier: GPL-2.0 */
/*
 * port.h - I/O port access (READ_PORT_*, WRITE_PORT_*) and the buffer
 * forms of the register accessors (READ_REGISTER_BUFFER_*,
 * WRITE_REGISTER_BUFFER_*)
 *
 * A port address is what the translated CmResourceTypePort resource
 * holds (u.Port.Start.LowPart), cast to a pointer: the port number in
 * x86 I/O space, as on Windows.  A _BUFFER_ port routine transfers Count
 * values through the ONE port (the string instructions, e.g. a FIFO); a
 * _BUFFER_ register routine copies Count values between the buffer and
 * consecutive registers starting at Register.  Every access is made with
 * the width the name gives.  A port number beyond the 64 KiB I/O space is
 * reported: reads return all ones, writes are dropped.
 */
#ifndef _WDM_PORT_H_
#define _WDM_PORT_H_

#include <wdm/ntdef.h>

NTHALAPI UCHAR READ_PORT_UCHAR(_In_ PUCHAR Port);
NTHALAPI USHORT READ_PORT_USHORT(_In_ PUSHORT Port);
NTHALAPI ULONG READ_PORT_ULONG(_In_ PULONG Port);

NTHALAPI VOID WRITE_PORT_UCHAR(_In_ PUCHAR Port, _In_ UCHAR Value);
NTHALAPI VOID WRITE_PORT_USHORT(_In_ PUSHORT Port, _In_ USHORT Value);
NTHALAPI VOID WRITE_PORT_ULONG(_In_ PULONG Port, _In_ ULONG Value);

NTHALAPI VOID
READ_PORT_BUFFER_UCHAR(_In_ PUCHAR Port, _Out_writes_all_(Count) PUCHAR Buffer,
		       _In_ ULONG Count);
NTHALAPI VOID
READ_PORT_BUFFER_USHORT(_In_ PUSHORT Port, _Out_writes_all_(Count) PUSHORT Buffer,
			_In_ ULONG Count);
NTHALAPI VOID
READ_PORT_BUFFER_ULONG(_In_ PULONG Port, _Out_writes_all_(Count) PULONG Buffer,
		       _In_ ULONG Count);

NTHALAPI VOID
WRITE_PORT_BUFFER_UCHAR(_In_ PUCHAR Port, _In_reads_(Count) PUCHAR Buffer,
			_In_ ULONG Count);
NTHALAPI VOID
WRITE_PORT_BUFFER_USHORT(_In_ PUSHORT Port, _In_reads_(Count) PUSHORT Buffer,
			 _In_ ULONG Count);
NTHALAPI VOID
WRITE_PORT_BUFFER_ULONG(_In_ PULONG Port, _In_reads_(Count) PULONG Buffer,
			_In_ ULONG Count);

NTKERNELAPI VOID
READ_REGISTER_BUFFER_UCHAR(_In_reads_(Count) __volatile UCHAR *Register,
			   _Out_writes_all_(Count) PUCHAR Buffer, _In_ ULONG Count);
NTKERNELAPI VOID
READ_REGISTER_BUFFER_USHORT(_In_reads_(Count) __volatile USHORT *Register,
			    _Out_writes_all_(Count) PUSHORT Buffer, _In_ ULONG Count);
NTKERNELAPI VOID
READ_REGISTER_BUFFER_ULONG(_In_reads_(Count) __volatile ULONG *Register,
			   _Out_writes_all_(Count) PULONG Buffer, _In_ ULONG Count);
NTKERNELAPI VOID
READ_REGISTER_BUFFER_ULONG64(_In_reads_(Count) __volatile ULONG64 *Register,
			     _Out_writes_all_(Count) PULONG64 Buffer, _In_ ULONG Count);

NTKERNELAPI VOID
WRITE_REGISTER_BUFFER_UCHAR(_Out_writes_(Count) __volatile UCHAR *Register,
			    _In_reads_(Count) PUCHAR Buffer, _In_ ULONG Count);
NTKERNELAPI VOID
WRITE_REGISTER_BUFFER_USHORT(_Out_writes_(Count) __volatile USHORT *Register,
			     _In_reads_(Count) PUSHORT Buffer, _In_ ULONG Count);
NTKERNELAPI VOID
WRITE_REGISTER_BUFFER_ULONG(_Out_writes_(Count) __volatile ULONG *Register,
			    _In_reads_(Count) PULONG Buffer, _In_ ULONG Count);
NTKERNELAPI VOID
WRITE_REGISTER_BUFFER_ULONG64(_Out_writes_(Count) __volatile ULONG64 *Register,
			      _In_reads_(Count) PULONG64 Buffer, _In_ ULONG Count);

#endif /* _WDM_PORT_H_ */
