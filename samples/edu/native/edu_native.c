// SPDX-License-Identifier: GPL-2.0
/*
 * edu_native: a plain Linux driver for QEMU's edu PCI device using the
 * dma-mapping API directly, the baseline for the WDM port of the same
 * workload.  /dev/edu_native: pwrite(fd, buf, n, off) DMAs n bytes from
 * user memory to the device buffer at off; pread() DMAs them back.  Each
 * transfer bounces through a 4 KiB kmalloc'd per-open buffer, is mapped
 * with dma_map_single() and completes with the device's DMA interrupt.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define EDU_ID		0x00
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_ACK	0x64
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_CNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_CMD_START	BIT(0)
#define EDU_CMD_TO_RAM	BIT(1)
#define EDU_CMD_IRQ	BIT(2)
#define EDU_IRQ_DMA	0x100
#define EDU_BUF		0x40000
#define EDU_BUF_SIZE	4096
#define EDU_TIMEOUT	msecs_to_jiffies(5000)

struct edu_native {
	struct pci_dev *pdev;
	void __iomem *bar;
	struct miscdevice misc;
	struct mutex lock;		/* one transfer at a time, and its buffer */
	struct completion done;
};

struct edu_native_file {
	struct edu_native *edu;
	void *buf;			/* EDU_BUF_SIZE bytes */
};

static irqreturn_t edu_native_irq(int irq, void *data)
{
	struct edu_native *edu = data;
	u32 status = ioread32(edu->bar + EDU_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;
	iowrite32(status, edu->bar + EDU_IRQ_ACK);
	if (status & EDU_IRQ_DMA)
		complete(&edu->done);
	return IRQ_HANDLED;
}

/*
 * Move @len bytes between @buf and device offset @off; @to_device picks the
 * way.  Called with edu->lock held.
 */
static int edu_native_dma(struct edu_native *edu, void *buf, u32 off, u32 len,
			  bool to_device)
{
	enum dma_data_direction dir = to_device ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct device *dev = &edu->pdev->dev;
	u64 dev_addr = EDU_BUF + off;
	dma_addr_t ram;
	int ret = 0;

	ram = dma_map_single(dev, buf, len, dir);
	if (dma_mapping_error(dev, ram))
		return -ENOMEM;
	reinit_completion(&edu->done);
	writeq(to_device ? ram : dev_addr, edu->bar + EDU_DMA_SRC);
	writeq(to_device ? dev_addr : ram, edu->bar + EDU_DMA_DST);
	writeq(len, edu->bar + EDU_DMA_CNT);
	writeq(EDU_CMD_START | EDU_CMD_IRQ | (to_device ? 0 : EDU_CMD_TO_RAM),
	       edu->bar + EDU_DMA_CMD);
	if (!wait_for_completion_timeout(&edu->done, EDU_TIMEOUT))
		ret = -ETIMEDOUT;
	dma_unmap_single(dev, ram, len, dir);
	return ret;
}

static int edu_native_check(size_t len, loff_t off)
{
	/* QEMU 7.2 aborts on a transfer ending exactly at the buffer's end. */
	if (!len || off < 0 || off >= EDU_BUF_SIZE || len >= EDU_BUF_SIZE - off)
		return -EINVAL;
	return 0;
}

static ssize_t edu_native_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct edu_native_file *f = file->private_data;
	int ret = edu_native_check(len, *ppos);

	if (ret)
		return ret;
	mutex_lock(&f->edu->lock);
	if (copy_from_user(f->buf, ubuf, len))
		ret = -EFAULT;
	else
		ret = edu_native_dma(f->edu, f->buf, *ppos, len, true);
	mutex_unlock(&f->edu->lock);
	return ret ? ret : (ssize_t)len;
}

static ssize_t edu_native_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct edu_native_file *f = file->private_data;
	int ret = edu_native_check(len, *ppos);

	if (ret)
		return ret;
	mutex_lock(&f->edu->lock);
	ret = edu_native_dma(f->edu, f->buf, *ppos, len, false);
	if (!ret && copy_to_user(ubuf, f->buf, len))
		ret = -EFAULT;
	mutex_unlock(&f->edu->lock);
	return ret ? ret : (ssize_t)len;
}

static int edu_native_open(struct inode *inode, struct file *file)
{
	struct edu_native *edu = container_of(file->private_data,
					      struct edu_native, misc);
	struct edu_native_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->buf = kmalloc(EDU_BUF_SIZE, GFP_KERNEL);
	if (!f->buf) {
		kfree(f);
		return -ENOMEM;
	}
	f->edu = edu;
	file->private_data = f;
	return 0;
}

static int edu_native_release(struct inode *inode, struct file *file)
{
	struct edu_native_file *f = file->private_data;

	kfree(f->buf);
	kfree(f);
	return 0;
}

static const struct file_operations edu_native_fops = {
	.owner = THIS_MODULE,
	.open = edu_native_open,
	.release = edu_native_release,
	.read = edu_native_read,
	.write = edu_native_write,
	.llseek = noop_llseek,
};

static int edu_native_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_native *edu;
	int ret;

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	edu->pdev = pdev;
	mutex_init(&edu->lock);
	init_completion(&edu->done);
	pci_set_drvdata(pdev, edu);

	ret = pci_enable_device(pdev);
	if (ret)
		goto err_free;
	edu->bar = pci_iomap(pdev, 0, 0);
	if (!edu->bar) {
		ret = -ENOMEM;
		goto err_disable;
	}
	if ((ioread32(edu->bar + EDU_ID) & 0xff) != 0xed) {
		ret = -ENODEV;
		goto err_unmap;
	}
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(28));
	if (ret)
		goto err_unmap;
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (ret < 0)
		goto err_unmap;
	ret = request_irq(pci_irq_vector(pdev, 0), edu_native_irq, IRQF_SHARED,
			  "edu_native", edu);
	if (ret)
		goto err_vectors;
	pci_set_master(pdev);

	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = "edu_native";
	edu->misc.fops = &edu_native_fops;
	edu->misc.parent = &pdev->dev;
	ret = misc_register(&edu->misc);
	if (ret)
		goto err_irq;
	return 0;

err_irq:
	pci_clear_master(pdev);
	free_irq(pci_irq_vector(pdev, 0), edu);
err_vectors:
	pci_free_irq_vectors(pdev);
err_unmap:
	pci_iounmap(pdev, edu->bar);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(edu);
	return ret;
}

static void edu_native_remove(struct pci_dev *pdev)
{
	struct edu_native *edu = pci_get_drvdata(pdev);

	misc_deregister(&edu->misc);
	pci_clear_master(pdev);
	free_irq(pci_irq_vector(pdev, 0), edu);
	pci_free_irq_vectors(pdev);
	pci_iounmap(pdev, edu->bar);
	pci_disable_device(pdev);
	kfree(edu);
}

static const struct pci_device_id edu_native_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_native_ids);

static struct pci_driver edu_native_driver = {
	.name = "edu_native",
	.id_table = edu_native_ids,
	.probe = edu_native_probe,
	.remove = edu_native_remove,
};
module_pci_driver(edu_native_driver);

MODULE_DESCRIPTION("Native dma-mapping driver for QEMU's edu device");
MODULE_LICENSE("GPL");
