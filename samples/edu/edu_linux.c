// SPDX-License-Identifier: GPL-2.0
/*
 * edu_linux.c - the Linux side of the edu sample's port: everything that
 * is not Windows code.  It plays the parts Windows' PnP and I/O managers
 * play for the driver in edu.c:
 *
 *   module load    a DRIVER_OBJECT, DriverEntry(), register a pci_driver
 *   probe          a PDO for the PCI device, the driver's AddDevice, then
 *                  IRP_MN_START_DEVICE with the device's resources, then
 *                  /dev/edu_wdm (open/read/write/ioctl/close become IRPs)
 *   remove         /dev/edu_wdm stops taking requests, then the driver gets
 *                  IRP_MN_QUERY_REMOVE_DEVICE and IRP_MN_REMOVE_DEVICE
 *   suspend/resume system power IRPs (S3, or S4 for hibernation; S0 on
 *                  resume), in which the driver requests its D3 / D0 IRP;
 *                  the callback returns once both are done
 *   module unload  DriverUnload()
 *
 * A port of another WDM driver changes the PCI ids, the names and the
 * settings below; the pattern stays.
 */
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <wdm.h>
#include <wdmdma/binding.h>
#include <wdmdma/iodev.h>

#include "edu.h"

static uint dma_path = EDU_DMA_PATH_ALTERNATE;
module_param(dma_path, uint, 0444);
MODULE_PARM_DESC(dma_path,
		 "0: packet and scatter/gather in turn (default), 1: packet only, 2: scatter/gather only");

static PDRIVER_OBJECT edu_driver;

/* One bound edu device */
struct edu_port {
	PDEVICE_OBJECT pdo;
	struct wdmdma_iodev *iodev;
};

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_port *port;
	NTSTATUS status;
	int ret;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->pdo = wdmdma_pdo_create(&pdev->dev);
	if (!port->pdo) {
		ret = -ENOMEM;
		goto err_free;
	}
	status = edu_driver->DriverExtension->AddDevice(edu_driver, port->pdo);
	if (!NT_SUCCESS(status)) {
		ret = -ENODEV;
		goto err_pdo;
	}
	status = wdmdma_pnp_start_pci(port->pdo, pdev);
	if (!NT_SUCCESS(status)) {
		ret = -ENODEV;
		goto err_remove;
	}
	port->iodev = wdmdma_iodev_create(IoGetAttachedDevice(port->pdo), "edu_wdm", &pdev->dev);
	if (IS_ERR(port->iodev)) {
		ret = PTR_ERR(port->iodev);
		goto err_remove;
	}
	pci_set_drvdata(pdev, port);
	return 0;

err_remove:
	/* as Windows does after a failed start: the driver deletes its FDO */
	wdmdma_pnp_remove_pci(port->pdo, pdev);
err_pdo:
	wdmdma_pdo_destroy(port->pdo);
err_free:
	kfree(port);
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_port *port = pci_get_drvdata(pdev);

	wdmdma_iodev_shutdown(port->iodev);
	wdmdma_pnp_remove_pci(port->pdo, pdev);
	wdmdma_iodev_destroy(port->iodev);
	wdmdma_pdo_destroy(port->pdo);
	kfree(port);
}

/* Linux system sleep: the power manager's system IRPs (wdmdma_pnp_suspend...) */
static int edu_suspend(struct device *dev)
{
	struct edu_port *port = dev_get_drvdata(dev);

	return wdmdma_pnp_suspend(port->pdo);
}

static int edu_hibernate(struct device *dev)
{
	struct edu_port *port = dev_get_drvdata(dev);

	return wdmdma_pnp_hibernate(port->pdo);
}

static int edu_resume(struct device *dev)
{
	struct edu_port *port = dev_get_drvdata(dev);

	return wdmdma_pnp_resume(port->pdo);
}

static const struct dev_pm_ops edu_pm_ops = {
	.suspend = edu_suspend,
	.resume = edu_resume,
	.freeze = edu_hibernate,
	.thaw = edu_resume,
	.poweroff = edu_hibernate,
	.restore = edu_resume,
};

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_pci_driver = {
	.name = "edu_wdm",
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
	.driver.pm = &edu_pm_ops,
};

static int __init edu_init(void)
{
	UNICODE_STRING registry_path = { 0 };
	NTSTATUS status;
	int ret;

	if (dma_path > EDU_DMA_PATH_SCATTER_GATHER)
		return -EINVAL;
	EduDmaPath = dma_path;
	edu_driver = wdmdma_driver_create("edu_wdm");
	if (!edu_driver)
		return -ENOMEM;
	status = DriverEntry(edu_driver, &registry_path);
	if (!NT_SUCCESS(status)) {
		ret = -ENODEV;
		goto err_driver;
	}
	ret = pci_register_driver(&edu_pci_driver);
	if (ret)
		goto err_unload;
	return 0;

err_unload:
	if (edu_driver->DriverUnload)
		edu_driver->DriverUnload(edu_driver);
err_driver:
	wdmdma_driver_destroy(edu_driver);
	return ret;
}
module_init(edu_init);

static void __exit edu_exit(void)
{
	pci_unregister_driver(&edu_pci_driver);
	if (edu_driver->DriverUnload)
		edu_driver->DriverUnload(edu_driver);
	wdmdma_driver_destroy(edu_driver);
}
module_exit(edu_exit);

MODULE_DESCRIPTION("WDM driver for QEMU's edu device, ported with wdmdma");
MODULE_LICENSE("GPL");
