// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O manager's user-facing half: a misc character device whose open,
 * read, write, ioctl and close become IRP_MJ_CREATE, IRP_MJ_READ,
 * IRP_MJ_WRITE, IRP_MJ_DEVICE_CONTROL, IRP_MJ_CLEANUP and IRP_MJ_CLOSE
 * sent to a ported driver's device object, as Windows' I/O manager turns
 * CreateFile, ReadFile, WriteFile, DeviceIoControl and CloseHandle into
 * IRPs.
 *
 * Each open has a FILE_OBJECT (rt/file.c): made before IRP_MJ_CREATE and
 * carried in the FileObject of every IRP of the open (and
 * Tail.Overlay.OriginalFileObject), so a driver keeps per-open state in
 * FsContext and FsContext2.  Its Flags: FO_SYNCHRONOUS_IO unless the file
 * is O_NONBLOCK, FO_WRITE_THROUGH for O_SYNC/O_DSYNC,
 * FO_NO_INTERMEDIATE_BUFFERING for O_DIRECT, FO_FILE_OPEN and
 * FO_HANDLE_CREATED once the create succeeds, FO_CLEANUP_COMPLETE after the
 * cleanup; ReadAccess and WriteAccess from the open mode;
 * CurrentByteOffset follows the file position after each read and write.
 * IRPs go to the top of the device's stack at the time of the request.
 *
 * Each IRP is allocated with the target's StackSize and a completion
 * routine in the first driver's stack location, which wakes the caller and
 * keeps the IRP (STATUS_MORE_PROCESSING_REQUIRED) so its buffers can be
 * copied back, unlocked and freed here.  A fatal signal while waiting
 * cancels the IRP (IoCancelIrp), as Windows cancels the I/O of a thread
 * that exits; the caller still waits for the driver to complete it.
 *
 * LOCKING AND LIFETIME
 *
 * iodev->gate (an rw_semaphore) is held for reading from the check of
 * iodev->dead until IoCallDriver() returns, and never while waiting for
 * completion.  wdmdma_iodev_shutdown() sets dead under it held for
 * writing: once it returns no thread is inside the driver's dispatch
 * routines through this device and none will enter, so the device object
 * may go.  It then sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE for every file
 * still open, and waits for files being released to finish theirs.
 *
 * iodev->files_lock (a mutex) guards the list of open files, each file's
 * state and iodev->closing.  A file is OPEN on the list; its release takes
 * it off (RELEASING, counted in closing) and sends its cleanup and close;
 * shutdown takes the others (SHUTDOWN) and sends theirs; either way it ends
 * CLOSED, and whoever did not close it waits for that (closed_wq) before
 * freeing it.  No IRP is sent with files_lock held.
 *
 * The kref keeps the structure (and the misc device the open
 * files point to) until it is destroyed and every file is closed.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "../internal.h"
#include <wdmdma/iodev.h>
#include <wdmdma/ioctl.h>

/* Largest read, write or control buffer, in bytes (ULONG lengths) */
#define WDMDMA_IODEV_MAX_LEN	(16U << 20)

struct wdmdma_iodev {
	struct miscdevice misc;
	char name[128];
	struct kref ref;
	struct rw_semaphore gate;	/* see LOCKING AND LIFETIME */
	bool dead;			/* under gate */
	bool registered;		/* misc device registered; under shutdown_lock */
	struct mutex shutdown_lock;	/* one wdmdma_iodev_shutdown() at a time */
	PDEVICE_OBJECT device;		/* the device opened; valid while !dead */
	struct mutex files_lock;	/* files, each file's state, closing */
	struct list_head files;		/* OPEN files */
	unsigned int closing;		/* files RELEASING */
	wait_queue_head_t closed_wq;	/* a file became CLOSED, or closing 0 */
};

enum wdmdma_iodev_file_state {
	WDMDMA_FILE_OPEN,	/* on iodev->files */
	WDMDMA_FILE_RELEASING,	/* its release sends cleanup and close */
	WDMDMA_FILE_SHUTDOWN,	/* wdmdma_iodev_shutdown() sends them */
	WDMDMA_FILE_CLOSED,
};

/* An open file of the node (struct file's private_data) */
struct wdmdma_iodev_file {
	struct wdmdma_iodev *io;
	PFILE_OBJECT fo;
	struct list_head link;			/* on io->files while OPEN */
	enum wdmdma_iodev_file_state state;	/* under io->files_lock */
	bool created;				/* IRP_MJ_CREATE succeeded */
};

/* What a caller's IRP carries besides itself, to undo after completion */
struct wdmdma_iodev_req {
	PIRP irp;
	PMDL mdl;		/* locked over the caller's pages, or NULL */
	void *sysbuf;		/* AssociatedIrp.SystemBuffer, or NULL */
	struct completion done;
};

static void wdmdma_iodev_free(struct kref *ref)
{
	kfree(container_of(ref, struct wdmdma_iodev, ref));
}

/* The errno a Linux caller gets for a failed IRP's status. */
static int wdmdma_iodev_errno(NTSTATUS status)
{
	switch (status) {
	case STATUS_INVALID_PARAMETER:
	case STATUS_INVALID_DEVICE_REQUEST:
		return -EINVAL;
	case STATUS_NOT_SUPPORTED:
	case STATUS_NOT_IMPLEMENTED:
		return -EOPNOTSUPP;
	case STATUS_INSUFFICIENT_RESOURCES:
	case STATUS_NO_MEMORY:
		return -ENOMEM;
	case STATUS_BUFFER_TOO_SMALL:
	case STATUS_BUFFER_OVERFLOW:
		return -EOVERFLOW;
	case STATUS_ACCESS_VIOLATION:
		return -EFAULT;
	case STATUS_CANCELLED:
		return -ECANCELED;
	case STATUS_DELETE_PENDING:
	case STATUS_NO_SUCH_DEVICE:
	case STATUS_DEVICE_DOES_NOT_EXIST:
		return -ENODEV;
	case STATUS_DEVICE_NOT_READY:
	case STATUS_DEVICE_BUSY:
		return -EBUSY;
	case STATUS_IO_TIMEOUT:
		return -ETIMEDOUT;
	case STATUS_END_OF_FILE:
		return 0;
	default:
		return -EIO;
	}
}

static NTSTATUS wdmdma_iodev_completed(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
	struct wdmdma_iodev_req *req = context;

	complete(&req->done);
	return STATUS_MORE_PROCESSING_REQUIRED;	/* the IRP stays ours */
}

/*
 * Start a request: allocate the IRP for the device's stack; its next stack
 * location is the driver's, with MajorFunction set.  Called with the gate
 * held for reading.
 */
static int wdmdma_iodev_begin(struct wdmdma_iodev_file *f, struct wdmdma_iodev_req *req,
			      UCHAR major)
{
	struct wdmdma_iodev *io = f->io;
	PIO_STACK_LOCATION sl;

	memset(req, 0, sizeof(*req));
	init_completion(&req->done);
	if (io->dead)
		return -ENODEV;
	req->irp = IoAllocateIrp(IoGetAttachedDevice(io->device)->StackSize, FALSE);
	if (!req->irp)
		return -ENOMEM;
	req->irp->RequestorMode = UserMode;
	req->irp->Tail.Overlay.OriginalFileObject = f->fo;
	sl = IoGetNextIrpStackLocation(req->irp);
	sl->MajorFunction = major;
	sl->FileObject = f->fo;
	return 0;
}

/* Free what a request holds: after completion, or when it is not sent. */
static void wdmdma_iodev_end(struct wdmdma_iodev_req *req)
{
	if (req->mdl) {
		if (req->mdl->MdlFlags & MDL_PAGES_LOCKED)
			MmUnlockPages(req->mdl);
		IoFreeMdl(req->mdl);
	}
	kfree(req->sysbuf);
	if (req->irp)
		IoFreeIrp(req->irp);
}

/* Lock @len bytes of user memory at @ubuf in an MDL the IRP carries. */
static int wdmdma_iodev_lock(struct wdmdma_iodev_req *req, void __user *ubuf, ULONG len,
			     LOCK_OPERATION op)
{
	req->mdl = IoAllocateMdl((__force PVOID)ubuf, len, FALSE, FALSE, NULL);
	if (!req->mdl)
		return -ENOMEM;
	MmProbeAndLockPages(req->mdl, UserMode, op);
	if (!(req->mdl->MdlFlags & MDL_PAGES_LOCKED))
		return -EFAULT;
	req->irp->MdlAddress = req->mdl;
	return 0;
}

/*
 * A zeroed system buffer of @size bytes the IRP carries
 * (AssociatedIrp.SystemBuffer), its first @copy bytes from @ubuf.
 */
static int wdmdma_iodev_sysbuf(struct wdmdma_iodev_req *req, size_t size,
			       const void __user *ubuf, size_t copy)
{
	req->sysbuf = kzalloc(size, GFP_KERNEL);
	if (!req->sysbuf)
		return -ENOMEM;
	req->irp->AssociatedIrp.SystemBuffer = req->sysbuf;
	if (copy && copy_from_user(req->sysbuf, ubuf, copy))
		return -EFAULT;
	return 0;
}

/* Send the request to the driver.  Called with the gate held for reading. */
static void wdmdma_iodev_send(struct wdmdma_iodev *io, struct wdmdma_iodev_req *req)
{
	PIRP irp = req->irp;

	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	irp->IoStatus.Information = 0;
	IoSetCompletionRoutine(irp, wdmdma_iodev_completed, req, TRUE, TRUE, TRUE);
	IoCallDriver(IoGetAttachedDevice(io->device), irp);
}

/*
 * Finish what the caller began under the gate: send the request when
 * preparing it went well (@ret 0), drop the gate, then wait for the IRP to
 * complete; a fatal signal cancels it first.  Return: 0 with the IRP's
 * final status in *@status (its Information is left in the IRP), or @ret
 * with the request freed.  (rwsems are not sparse contexts: no annotation.)
 */
static int wdmdma_iodev_submit(struct wdmdma_iodev *io, struct wdmdma_iodev_req *req, int ret,
			       NTSTATUS *status)
{
	if (!ret)
		wdmdma_iodev_send(io, req);
	up_read(&io->gate);
	if (ret) {
		wdmdma_iodev_end(req);
		return ret;
	}
	if (wait_for_completion_killable(&req->done)) {
		IoCancelIrp(req->irp);
		wait_for_completion(&req->done);
	}
	*status = req->irp->IoStatus.Status;
	return 0;
}

/* IRP_MJ_CREATE for @f: how the file was opened goes in its stack location. */
static int wdmdma_iodev_create_irp(struct wdmdma_iodev_file *f)
{
	struct wdmdma_iodev *io = f->io;
	struct wdmdma_iodev_req req;
	PIO_STACK_LOCATION sl;
	NTSTATUS status;
	int ret;

	down_read(&io->gate);
	ret = wdmdma_iodev_begin(f, &req, IRP_MJ_CREATE);
	if (!ret) {
		sl = IoGetNextIrpStackLocation(req.irp);
		sl->Parameters.Create.Options = (ULONG)FILE_OPEN << 24;
		sl->Parameters.Create.ShareAccess = FILE_SHARE_READ | FILE_SHARE_WRITE;
	}
	ret = wdmdma_iodev_submit(io, &req, ret, &status);
	if (ret)
		return ret;
	wdmdma_iodev_end(&req);
	return NT_SUCCESS(status) ? 0 : wdmdma_iodev_errno(status);
}

/* Describe a read or write buffer as the device object asks. */
static int wdmdma_iodev_rw_buffer(struct wdmdma_iodev *io, struct wdmdma_iodev_req *req,
				  char __user *ubuf, ULONG len, bool reading)
{
	ULONG flags = IoGetAttachedDevice(io->device)->Flags;

	if (len && (flags & DO_DIRECT_IO))
		return wdmdma_iodev_lock(req, ubuf, len, reading ? IoWriteAccess : IoReadAccess);
	if (len && (flags & DO_BUFFERED_IO))
		return wdmdma_iodev_sysbuf(req, len, ubuf, reading ? 0 : len);
	req->irp->UserBuffer = (__force PVOID)ubuf;
	return 0;
}

static ssize_t wdmdma_iodev_rw(struct file *file, char __user *ubuf, size_t count,
			       loff_t *ppos, UCHAR major)
{
	struct wdmdma_iodev_file *f = file->private_data;
	struct wdmdma_iodev *io = f->io;
	ULONG len = min_t(size_t, count, WDMDMA_IODEV_MAX_LEN);
	bool reading = major == IRP_MJ_READ;
	struct wdmdma_iodev_req req;
	PIO_STACK_LOCATION sl;
	ULONG_PTR done;
	NTSTATUS status;
	int ret;

	down_read(&io->gate);
	ret = wdmdma_iodev_begin(f, &req, major);
	if (!ret)
		ret = wdmdma_iodev_rw_buffer(io, &req, ubuf, len, reading);
	if (!ret) {
		sl = IoGetNextIrpStackLocation(req.irp);
		/* Read and Write have the same layout */
		sl->Parameters.Read.Length = len;
		sl->Parameters.Read.ByteOffset.QuadPart = *ppos;
	}
	ret = wdmdma_iodev_submit(io, &req, ret, &status);
	if (ret)
		return ret;
	done = min_t(ULONG_PTR, req.irp->IoStatus.Information, len);
	if (NT_SUCCESS(status) && reading && req.sysbuf && copy_to_user(ubuf, req.sysbuf, done))
		status = STATUS_ACCESS_VIOLATION;
	wdmdma_iodev_end(&req);
	if (!NT_SUCCESS(status))
		return wdmdma_iodev_errno(status);
	*ppos += done;
	f->fo->CurrentByteOffset.QuadPart = *ppos;
	return done;
}

static ssize_t wdmdma_iodev_read(struct file *file, char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	return wdmdma_iodev_rw(file, ubuf, count, ppos, IRP_MJ_READ);
}

static ssize_t wdmdma_iodev_write(struct file *file, const char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	return wdmdma_iodev_rw(file, (char __user *)ubuf, count, ppos, IRP_MJ_WRITE);
}

/* Describe DeviceIoControl()'s buffers by the code's method. */
static int wdmdma_iodev_control_buffers(struct wdmdma_iodev_req *req,
					struct wdmdma_device_control *dc)
{
	void __user *in = u64_to_user_ptr(dc->input);
	void __user *out = u64_to_user_ptr(dc->output);
	PIO_STACK_LOCATION sl = IoGetNextIrpStackLocation(req->irp);
	ULONG method = dc->code & 3;
	size_t size;
	int ret;

	if (method == METHOD_NEITHER) {
		sl->Parameters.DeviceIoControl.Type3InputBuffer = (__force PVOID)in;
		req->irp->UserBuffer = (__force PVOID)out;
		return 0;
	}
	/* METHOD_BUFFERED: one system buffer for both; direct: input only */
	size = method == METHOD_BUFFERED ? max(dc->input_length, dc->output_length) :
		dc->input_length;
	if (size) {
		ret = wdmdma_iodev_sysbuf(req, size, in, dc->input_length);
		if (ret)
			return ret;
	}
	if (method != METHOD_BUFFERED && dc->output_length)
		return wdmdma_iodev_lock(req, out, dc->output_length,
					 method == METHOD_IN_DIRECT ? IoReadAccess :
					 IoWriteAccess);
	return 0;
}

static long wdmdma_iodev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wdmdma_iodev_file *f = file->private_data;
	struct wdmdma_iodev *io = f->io;
	void __user *uarg = (void __user *)arg;
	struct wdmdma_device_control dc;
	struct wdmdma_iodev_req req;
	PIO_STACK_LOCATION sl;
	NTSTATUS status;
	int ret;

	if (cmd != WDMDMA_IOC_DEVICE_CONTROL)
		return -ENOTTY;
	if (copy_from_user(&dc, uarg, sizeof(dc)))
		return -EFAULT;
	if (dc.input_length > WDMDMA_IODEV_MAX_LEN || dc.output_length > WDMDMA_IODEV_MAX_LEN ||
	    dc.reserved)
		return -EINVAL;

	down_read(&io->gate);
	ret = wdmdma_iodev_begin(f, &req, IRP_MJ_DEVICE_CONTROL);
	if (!ret)
		ret = wdmdma_iodev_control_buffers(&req, &dc);
	if (!ret) {
		sl = IoGetNextIrpStackLocation(req.irp);
		sl->Parameters.DeviceIoControl.IoControlCode = dc.code;
		sl->Parameters.DeviceIoControl.InputBufferLength = dc.input_length;
		sl->Parameters.DeviceIoControl.OutputBufferLength = dc.output_length;
	}
	ret = wdmdma_iodev_submit(io, &req, ret, &status);
	if (ret)
		return ret;
	dc.returned = min_t(ULONG_PTR, req.irp->IoStatus.Information, dc.output_length);
	dc.status = status;
	ret = NT_SUCCESS(status) ? 0 : wdmdma_iodev_errno(status);
	/* METHOD_BUFFERED: the output is in the system buffer */
	if (NT_SUCCESS(status) && (dc.code & 3) == METHOD_BUFFERED && dc.returned &&
	    copy_to_user(u64_to_user_ptr(dc.output), req.sysbuf, dc.returned))
		ret = -EFAULT;
	wdmdma_iodev_end(&req);
	if (copy_to_user(uarg, &dc, sizeof(dc)))
		return -EFAULT;
	return ret;
}

/* The FO_* flags of an open with Linux's @f_flags. */
static ULONG wdmdma_iodev_fo_flags(unsigned int f_flags)
{
	ULONG flags = 0;

	if (!(f_flags & O_NONBLOCK))
		flags |= FO_SYNCHRONOUS_IO;
	if (f_flags & (O_SYNC | O_DSYNC))
		flags |= FO_WRITE_THROUGH;
	if (f_flags & O_DIRECT)
		flags |= FO_NO_INTERMEDIATE_BUFFERING;
	return flags;
}

/* @f is CLOSED: wake whoever waits for it. */
static void wdmdma_iodev_file_closed(struct wdmdma_iodev_file *f, bool releasing)
{
	struct wdmdma_iodev *io = f->io;

	mutex_lock(&io->files_lock);
	WRITE_ONCE(f->state, WDMDMA_FILE_CLOSED);
	if (releasing)
		io->closing--;
	mutex_unlock(&io->files_lock);
	wake_up_all(&io->closed_wq);
}

/*
 * A wait_event() condition: it runs with the task no longer TASK_RUNNING,
 * so it must not sleep (no files_lock).  CLOSED is final, written before
 * the wake_up_all() that makes the waiter look again.
 */
static bool wdmdma_iodev_is_closed(struct wdmdma_iodev_file *f)
{
	return READ_ONCE(f->state) == WDMDMA_FILE_CLOSED;
}

/*
 * Take @f off the open list: return true when the caller is to close it
 * (it was OPEN), false when wdmdma_iodev_shutdown() did (waited for).
 */
static bool wdmdma_iodev_file_take(struct wdmdma_iodev_file *f)
{
	struct wdmdma_iodev *io = f->io;
	bool mine;

	mutex_lock(&io->files_lock);
	mine = f->state == WDMDMA_FILE_OPEN;
	if (mine) {
		list_del_init(&f->link);
		WRITE_ONCE(f->state, WDMDMA_FILE_RELEASING);
		io->closing++;
	}
	mutex_unlock(&io->files_lock);
	if (!mine)
		wait_event(io->closed_wq, wdmdma_iodev_is_closed(f));
	return mine;
}

static void wdmdma_iodev_file_free(struct wdmdma_iodev_file *f)
{
	struct wdmdma_iodev *io = f->io;

	ObDereferenceObject(f->fo);
	kfree(f);
	kref_put(&io->ref, wdmdma_iodev_free);
}

static int wdmdma_iodev_open(struct inode *inode, struct file *file)
{
	struct wdmdma_iodev *io = container_of(file->private_data, struct wdmdma_iodev, misc);
	struct wdmdma_iodev_file *f;
	int ret;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	down_read(&io->gate);
	if (!io->dead)
		f->fo = wdmdma_file_alloc(io->device, wdmdma_iodev_fo_flags(file->f_flags),
					  !!(file->f_mode & FMODE_READ),
					  !!(file->f_mode & FMODE_WRITE));
	up_read(&io->gate);
	if (!f->fo) {
		kfree(f);
		return io->dead ? -ENODEV : -ENOMEM;
	}
	kref_get(&io->ref);
	f->io = io;
	file->private_data = f;
	/* listed first: a shutdown from now on closes it */
	mutex_lock(&io->files_lock);
	f->state = WDMDMA_FILE_OPEN;
	list_add(&f->link, &io->files);
	mutex_unlock(&io->files_lock);
	ret = wdmdma_iodev_create_irp(f);
	if (!ret) {
		f->created = true;
		f->fo->Flags |= FO_FILE_OPEN | FO_HANDLE_CREATED;
		return 0;
	}
	if (wdmdma_iodev_file_take(f))	/* never opened: no cleanup or close */
		wdmdma_iodev_file_closed(f, true);
	wdmdma_iodev_file_free(f);
	return ret;
}

static int wdmdma_iodev_release(struct inode *inode, struct file *file)
{
	struct wdmdma_iodev_file *f = file->private_data;

	if (wdmdma_iodev_file_take(f)) {
		/* the device object stays until closing is back to 0 */
		wdmdma_file_send(f->fo, IRP_MJ_CLEANUP);
		wdmdma_file_send(f->fo, IRP_MJ_CLOSE);
		wdmdma_iodev_file_closed(f, true);
	}
	wdmdma_iodev_file_free(f);
	return 0;
}

static const struct file_operations wdmdma_iodev_fops = {
	.owner = THIS_MODULE,
	.open = wdmdma_iodev_open,
	.release = wdmdma_iodev_release,
	.read = wdmdma_iodev_read,
	.write = wdmdma_iodev_write,
	.unlocked_ioctl = wdmdma_iodev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = default_llseek,
};

/**
 * wdmdma_iodev_create() - a /dev node sending IRPs to a device object
 * @device: the device object IRPs go to: the top of the driver's stack
 * @name: the node's name under /dev
 * @parent: the Linux device it belongs to (sysfs parent), or NULL
 *
 * Context: process context.
 * Return: the device, or an ERR_PTR().
 */
struct wdmdma_iodev *wdmdma_iodev_create(PDEVICE_OBJECT device, const char *name,
					 struct device *parent)
{
	struct wdmdma_iodev *io;
	int ret;

	if (!device || device->Type != IO_TYPE_DEVICE || !name || !*name) {
		wdmdma_report(NULL, "wdmdma_iodev_create", "%s",
			      device ? "a NULL or empty name" : "NULL device object");
		return ERR_PTR(-EINVAL);
	}
	io = kzalloc(sizeof(*io), GFP_KERNEL);
	if (!io)
		return ERR_PTR(-ENOMEM);
	kref_init(&io->ref);
	init_rwsem(&io->gate);
	mutex_init(&io->shutdown_lock);
	mutex_init(&io->files_lock);
	INIT_LIST_HEAD(&io->files);
	init_waitqueue_head(&io->closed_wq);
	io->device = device;
	strscpy(io->name, name, sizeof(io->name));
	io->misc.minor = MISC_DYNAMIC_MINOR;
	io->misc.name = io->name;
	io->misc.fops = &wdmdma_iodev_fops;
	io->misc.parent = parent;
	io->misc.mode = 0600;
	ret = misc_register(&io->misc);
	if (ret)
		goto err_free;
	io->registered = true;
	return io;

err_free:
	kfree(io);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(wdmdma_iodev_create);

/**
 * wdmdma_iodev_shutdown() - stop sending IRPs, before the device object goes
 * @iodev: the device
 *
 * Context: process context.
 */
void wdmdma_iodev_shutdown(struct wdmdma_iodev *iodev)
{
	struct wdmdma_iodev_file *f, *tmp;
	LIST_HEAD(open_files);

	if (!iodev)
		return;
	mutex_lock(&iodev->shutdown_lock);
	if (iodev->registered) {
		misc_deregister(&iodev->misc);
		iodev->registered = false;
	}
	if (!iodev->device)
		goto out;
	down_write(&iodev->gate);
	iodev->dead = true;
	up_write(&iodev->gate);

	/* files still open: cleanup and close, as when Windows removes a device */
	mutex_lock(&iodev->files_lock);
	list_for_each_entry_safe(f, tmp, &iodev->files, link) {
		WRITE_ONCE(f->state, WDMDMA_FILE_SHUTDOWN);
		list_move_tail(&f->link, &open_files);
	}
	mutex_unlock(&iodev->files_lock);
	list_for_each_entry_safe(f, tmp, &open_files, link) {
		list_del_init(&f->link);
		if (f->created) {
			wdmdma_file_send(f->fo, IRP_MJ_CLEANUP);
			wdmdma_file_send(f->fo, IRP_MJ_CLOSE);
		}
		/* f may be freed by its release once CLOSED */
		wdmdma_iodev_file_closed(f, false);
	}
	wait_event(iodev->closed_wq, !READ_ONCE(iodev->closing));

	down_write(&iodev->gate);
	iodev->device = NULL;
	up_write(&iodev->gate);
out:
	mutex_unlock(&iodev->shutdown_lock);
}
EXPORT_SYMBOL_GPL(wdmdma_iodev_shutdown);

/**
 * wdmdma_iodev_destroy() - shut down (if not yet) and drop the device
 * @iodev: the device, or NULL
 *
 * Context: process context.
 */
void wdmdma_iodev_destroy(struct wdmdma_iodev *iodev)
{
	if (!iodev)
		return;
	wdmdma_iodev_shutdown(iodev);
	kref_put(&iodev->ref, wdmdma_iodev_free);
}
EXPORT_SYMBOL_GPL(wdmdma_iodev_destroy);
