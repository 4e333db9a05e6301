/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdmdma's trace events (system "wdmdma"): what a ported driver asks of
 * the DMA core and the I/O manager, and what it got.  Enable them with
 * /sys/kernel/tracing/events/wdmdma/enable, trace-cmd or perf (README,
 * "Observing wdmdma").  Adapters are named by their id, as in reports and
 * in debugfs (wdmdma/<device>/<id>/).
 *
 * CREATE_TRACE_POINTS is defined in main.c only.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM wdmdma

#if !defined(_WDMDMA_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _WDMDMA_TRACE_H_

#include <linux/tracepoint.h>

#include "compat.h"

/* IoGetDmaAdapter made an adapter. */
TRACE_EVENT(wdmdma_adapter_get,
	TP_PROTO(unsigned int id, const char *dev, unsigned int version, bool master,
		 bool sg, unsigned int width, unsigned int nregs, const char *mode),
	TP_ARGS(id, dev, version, master, sg, width, nregs, mode),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__string(dev, dev)
		__field(unsigned int, version)
		__field(bool, master)
		__field(bool, sg)
		__field(unsigned int, width)
		__field(unsigned int, nregs)
		__string(mode, mode)
	),
	TP_fast_assign(
		__entry->id = id;
		wdmdma_assign_str(dev, dev);
		__entry->version = version;
		__entry->master = master;
		__entry->sg = sg;
		__entry->width = width;
		__entry->nregs = nregs;
		wdmdma_assign_str(mode, mode);
	),
	TP_printk("adapter=%u dev=%s version=%u master=%d sg=%d width=%u map_registers=%u mode=%s",
		  __entry->id, __get_str(dev), __entry->version, __entry->master,
		  __entry->sg, __entry->width, __entry->nregs, __get_str(mode))
);

/* Events naming an adapter and one number. */
DECLARE_EVENT_CLASS(wdmdma_adapter_num,
	TP_PROTO(unsigned int id, unsigned long long n),
	TP_ARGS(id, n),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(unsigned long long, n)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->n = n;
	),
	TP_printk("adapter=%u n=%llu", __entry->id, __entry->n)
);

/* PutDmaAdapter: n is the misuses reported for the adapter. */
DEFINE_EVENT(wdmdma_adapter_num, wdmdma_adapter_put,
	TP_PROTO(unsigned int id, unsigned long long n), TP_ARGS(id, n));
/* FreeMapRegisters: n registers. */
DEFINE_EVENT(wdmdma_adapter_num, wdmdma_free_map_registers,
	TP_PROTO(unsigned int id, unsigned long long n), TP_ARGS(id, n));
/* FreeAdapterChannel (and FreeAdapterObject): n is 1 when registers went too. */
DEFINE_EVENT(wdmdma_adapter_num, wdmdma_free_adapter_channel,
	TP_PROTO(unsigned int id, unsigned long long n), TP_ARGS(id, n));

/* A request for the channel: granted at once, or queued. */
TRACE_EVENT(wdmdma_channel_request,
	TP_PROTO(unsigned int id, const void *devobj, unsigned int nregs, bool list,
		 bool queued),
	TP_ARGS(id, devobj, nregs, list, queued),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(const void *, devobj)
		__field(unsigned int, nregs)
		__field(bool, list)
		__field(bool, queued)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->devobj = devobj;
		__entry->nregs = nregs;
		__entry->list = list;
		__entry->queued = queued;
	),
	TP_printk("adapter=%u devobj=%p map_registers=%u kind=%s %s", __entry->id,
		  __entry->devobj, __entry->nregs, __entry->list ? "list" : "channel",
		  __entry->queued ? "queued" : "immediate")
);

/* A queued request was granted after waiting wait_us microseconds. */
TRACE_EVENT(wdmdma_channel_grant,
	TP_PROTO(unsigned int id, const void *devobj, unsigned int wait_us),
	TP_ARGS(id, devobj, wait_us),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(const void *, devobj)
		__field(unsigned int, wait_us)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->devobj = devobj;
		__entry->wait_us = wait_us;
	),
	TP_printk("adapter=%u devobj=%p waited_us=%u", __entry->id, __entry->devobj,
		  __entry->wait_us)
);

/* A driver's AdapterControl (list false) or list-control routine runs. */
TRACE_EVENT(wdmdma_routine_start,
	TP_PROTO(unsigned int id, const void *routine, bool list),
	TP_ARGS(id, routine, list),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(const void *, routine)
		__field(bool, list)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->routine = routine;
		__entry->list = list;
	),
	TP_printk("adapter=%u routine=%ps kind=%s", __entry->id, __entry->routine,
		  __entry->list ? "list-control" : "AdapterControl")
);

/* It returned: action is the IO_ALLOCATION_ACTION (-1 for a list-control routine). */
TRACE_EVENT(wdmdma_routine_end,
	TP_PROTO(unsigned int id, const void *routine, int action),
	TP_ARGS(id, routine, action),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(const void *, routine)
		__field(int, action)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->routine = routine;
		__entry->action = action;
	),
	TP_printk("adapter=%u routine=%ps action=%s", __entry->id, __entry->routine,
		  __print_symbolic(__entry->action, { -1, "none" }, { 1, "KeepObject" },
				   { 2, "DeallocateObject" },
				   { 3, "DeallocateObjectKeepRegisters" }))
);

/* A mapping was made (MapTransfer, a list's piece, a system transfer). */
TRACE_EVENT(wdmdma_map_transfer,
	TP_PROTO(unsigned int id, unsigned int len, unsigned long long addr, bool bounced,
		 bool to_device),
	TP_ARGS(id, len, addr, bounced, to_device),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(unsigned int, len)
		__field(unsigned long long, addr)
		__field(bool, bounced)
		__field(bool, to_device)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->len = len;
		__entry->addr = addr;
		__entry->bounced = bounced;
		__entry->to_device = to_device;
	),
	TP_printk("adapter=%u len=%u addr=%#llx bounced=%d dir=%s", __entry->id, __entry->len,
		  __entry->addr, __entry->bounced, __entry->to_device ? "to-device" : "from-device")
);

/* FlushAdapterBuffers(Ex): len bytes, n mappings ended. */
TRACE_EVENT(wdmdma_flush,
	TP_PROTO(unsigned int id, unsigned int len, unsigned int n),
	TP_ARGS(id, len, n),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(unsigned int, len)
		__field(unsigned int, n)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->len = len;
		__entry->n = n;
	),
	TP_printk("adapter=%u len=%u mappings=%u", __entry->id, __entry->len, __entry->n)
);

/* A scatter/gather list was built (get) or ended (put). */
DECLARE_EVENT_CLASS(wdmdma_sgl,
	TP_PROTO(unsigned int id, const void *list, unsigned int elements),
	TP_ARGS(id, list, elements),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(const void *, list)
		__field(unsigned int, elements)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->list = list;
		__entry->elements = elements;
	),
	TP_printk("adapter=%u list=%p elements=%u", __entry->id, __entry->list,
		  __entry->elements)
);
DEFINE_EVENT(wdmdma_sgl, wdmdma_sgl_get,
	TP_PROTO(unsigned int id, const void *list, unsigned int elements),
	TP_ARGS(id, list, elements));
DEFINE_EVENT(wdmdma_sgl, wdmdma_sgl_put,
	TP_PROTO(unsigned int id, const void *list, unsigned int elements),
	TP_ARGS(id, list, elements));

/* A common buffer was allocated or freed. */
DECLARE_EVENT_CLASS(wdmdma_common,
	TP_PROTO(unsigned int id, unsigned long long len, unsigned long long logical),
	TP_ARGS(id, len, logical),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(unsigned long long, len)
		__field(unsigned long long, logical)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->len = len;
		__entry->logical = logical;
	),
	TP_printk("adapter=%u len=%llu logical=%#llx", __entry->id, __entry->len,
		  __entry->logical)
);
DEFINE_EVENT(wdmdma_common, wdmdma_common_alloc,
	TP_PROTO(unsigned int id, unsigned long long len, unsigned long long logical),
	TP_ARGS(id, len, logical));
DEFINE_EVENT(wdmdma_common, wdmdma_common_free,
	TP_PROTO(unsigned int id, unsigned long long len, unsigned long long logical),
	TP_ARGS(id, len, logical));

/* A system DMA transfer was submitted to its dmaengine channel. */
TRACE_EVENT(wdmdma_sysdma_submit,
	TP_PROTO(unsigned int id, const char *chan, unsigned int len, bool cyclic, int cookie),
	TP_ARGS(id, chan, len, cyclic, cookie),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__string(chan, chan)
		__field(unsigned int, len)
		__field(bool, cyclic)
		__field(int, cookie)
	),
	TP_fast_assign(
		__entry->id = id;
		wdmdma_assign_str(chan, chan);
		__entry->len = len;
		__entry->cyclic = cyclic;
		__entry->cookie = cookie;
	),
	TP_printk("adapter=%u chan=%s len=%u cyclic=%d cookie=%d", __entry->id,
		  __get_str(chan), __entry->len, __entry->cyclic, __entry->cookie)
);

/* It ended: status is the DMA_COMPLETION_STATUS, residue the bytes left. */
TRACE_EVENT(wdmdma_sysdma_complete,
	TP_PROTO(unsigned int id, int status, unsigned int residue),
	TP_ARGS(id, status, residue),
	TP_STRUCT__entry(
		__field(unsigned int, id)
		__field(int, status)
		__field(unsigned int, residue)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->status = status;
		__entry->residue = residue;
	),
	TP_printk("adapter=%u status=%s residue=%u", __entry->id,
		  __print_symbolic(__entry->status, { 0, "DmaComplete" }, { 1, "DmaAborted" },
				   { 2, "DmaError" }, { 3, "DmaCancelled" }),
		  __entry->residue)
);

/* IoCallDriver: an IRP goes to a device object's dispatch routine. */
TRACE_EVENT(wdmdma_irp_dispatch,
	TP_PROTO(const void *irp, const void *devobj, unsigned int major, unsigned int minor),
	TP_ARGS(irp, devobj, major, minor),
	TP_STRUCT__entry(
		__field(const void *, irp)
		__field(const void *, devobj)
		__field(unsigned int, major)
		__field(unsigned int, minor)
	),
	TP_fast_assign(
		__entry->irp = irp;
		__entry->devobj = devobj;
		__entry->major = major;
		__entry->minor = minor;
	),
	TP_printk("irp=%p devobj=%p major=%#x minor=%#x", __entry->irp, __entry->devobj,
		  __entry->major, __entry->minor)
);

/*
 * PoCallDriver: a power IRP goes to a device object: type 0 system, 1 device;
 * state a SYSTEM_POWER_STATE or DEVICE_POWER_STATE (WAIT_WAKE: its system state)
 */
TRACE_EVENT(wdmdma_power_irp,
	TP_PROTO(const void *irp, const void *devobj, unsigned int minor, unsigned int type,
		 unsigned int state),
	TP_ARGS(irp, devobj, minor, type, state),
	TP_STRUCT__entry(
		__field(const void *, irp)
		__field(const void *, devobj)
		__field(unsigned int, minor)
		__field(unsigned int, type)
		__field(unsigned int, state)
	),
	TP_fast_assign(
		__entry->irp = irp;
		__entry->devobj = devobj;
		__entry->minor = minor;
		__entry->type = type;
		__entry->state = state;
	),
	TP_printk("irp=%p devobj=%p minor=%s %s%u", __entry->irp, __entry->devobj,
		  __print_symbolic(__entry->minor, { 0, "WAIT_WAKE" }, { 1, "POWER_SEQUENCE" },
				   { 2, "SET_POWER" }, { 3, "QUERY_POWER" }),
		  __entry->type ? "D" : "S", __entry->state - 1)
);

/* IoCompleteRequest: an IRP is completed with its IoStatus. */
TRACE_EVENT(wdmdma_irp_complete,
	TP_PROTO(const void *irp, int status, unsigned long long information),
	TP_ARGS(irp, status, information),
	TP_STRUCT__entry(
		__field(const void *, irp)
		__field(int, status)
		__field(unsigned long long, information)
	),
	TP_fast_assign(
		__entry->irp = irp;
		__entry->status = status;
		__entry->information = information;
	),
	TP_printk("irp=%p status=%#x information=%llu", __entry->irp, __entry->status,
		  __entry->information)
);

#endif /* _WDMDMA_TRACE_H_ */

/* An out-of-tree module: the header is found from the module's directory. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
