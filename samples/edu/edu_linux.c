// SPDX-License-Identifier: GPL-2.0
/*
 * edu_linux.c - the Linux side of the edu sample's port: everything that
 * is not Windows code.  It plays the parts Windows' PnP and I/O managers
 * play for the driver in edu.c:
 *
 *   module load    the values the driver's INF installs under its service
 *                  key, a DRIVER_OBJECT, DriverEntry() with the real
 *                  RegistryPath, register a pci_driver
 *   probe          a PDO for the PCI device, the driver's AddDevice, then
 *                  IRP_MN_START_DEVICE with the device's resources (its
 *                  MSI message: the INF's MSISupported, below); the
 *                  driver's symbolic link \DosDevices\edu_wdm makes
 *                  /dev/edu_wdm (open/read/write/ioctl/close become IRPs)
 *   remove         files still open get their cleanup and close, then the
 *                  driver gets IRP_MN_QUERY_REMOVE_DEVICE and
 *                  IRP_MN_REMOVE_DEVICE (and deletes its link)
 *   suspend/resume system power IRPs (S3, or S4 for hibernation; S0 on
 *                  resume), in which the driver requests its D3 / D0 IRP;
 *                  the callback returns once both are done
 *   module unload  DriverUnload()
 *
 * A port of another WDM driver changes the PCI ids, the names and the
 * registry values below; the pattern stays.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <wdm.h>
#include <wdmdma/binding.h>

#include "edu.h"

/*
 * The driver reads DmaPath from its registry key.  An administrator sets
 * it there (debugfs wdmdma/registry) or, as a shortcut, with this
 * parameter, which writes the registry value before DriverEntry runs.
 */
static int dma_path = -1;
module_param(dma_path, int, 0444);
MODULE_PARM_DESC(dma_path,
		 "sets Services\\edu_wdm\\Parameters\\DmaPath: 0 packet and scatter/gather in turn, 1 packet only, 2 scatter/gather only (unset: the registry's value, by default 0)");

static PDRIVER_OBJECT edu_driver;

/* One bound edu device */
struct edu_port {
	PDEVICE_OBJECT pdo;
};

/*
 * What the driver's INF installs in the device's hardware key (its
 * DDInstall.HW section's AddReg):
 *   HKR,"Interrupt Management\MessageSignaledInterruptProperties",MSISupported,0x10001,1
 * so the PnP manager gives the device its MSI message, not its line.
 * An administrator who set the value (debugfs wdmdma/registry) wins.
 */
static NTSTATUS edu_inf_hw_values(PDEVICE_OBJECT pdo)
{
	static const ULONG msi_supported = 1;

	return wdmdma_registry_device_default_value(pdo,
			"Interrupt Management\\MessageSignaledInterruptProperties",
			"MSISupported", REG_DWORD, &msi_supported, sizeof(msi_supported));
}

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
	status = edu_inf_hw_values(port->pdo);
	if (NT_SUCCESS(status))
		status = wdmdma_pnp_start_pci(port->pdo, pdev);
	if (!NT_SUCCESS(status)) {
		ret = -ENODEV;
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

	/* closes the files open through the driver's link, then removes */
	wdmdma_pnp_remove_pci(port->pdo, pdev);
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
	static const ULONG inf_dma_path = EDU_DMA_PATH_ALTERNATE;
	PUNICODE_STRING registry_path;
	ULONG value = dma_path;
	NTSTATUS status;
	int ret;

	if (dma_path > EDU_DMA_PATH_SCATTER_GATHER)
		return -EINVAL;
	/* the INF's AddReg: an administrator's earlier setting wins */
	status = wdmdma_registry_default_value("edu_wdm", "Parameters", "DmaPath", REG_DWORD,
					       &inf_dma_path, sizeof(ULONG));
	if (NT_SUCCESS(status) && dma_path >= 0)
		status = wdmdma_registry_set_value("edu_wdm", "Parameters", "DmaPath", REG_DWORD,
						   &value, sizeof(ULONG));
	registry_path = wdmdma_registry_service_path("edu_wdm");
	if (!NT_SUCCESS(status) || !registry_path)
		return -ENOMEM;
	edu_driver = wdmdma_driver_create("edu_wdm");
	if (!edu_driver)
		return -ENOMEM;
	status = DriverEntry(edu_driver, registry_path);
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
