/* SPDX-License-Identifier: GPL-2.0 */
/*
 * csq.h - the cancel-safe IRP queue for drivers written before wdm.h
 * carried it (IO_CSQ, IoCsqInitialize, IoCsqInsertIrp...)
 *
 * Everything is in <wdm.h> (<wdm/csq.h>); an old driver's
 * #include <csq.h> finds it here.
 */
#ifndef _CSQ_H_
#define _CSQ_H_

#include <wdm.h>

#endif /* _CSQ_H_ */
