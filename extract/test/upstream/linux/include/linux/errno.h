#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H
#define EINTR		 4
#define ENOMEM		12
#define EBUSY		16
#define ENODEV		19
#define EINVAL		22
#define ERESTARTSYS	512
#endif
