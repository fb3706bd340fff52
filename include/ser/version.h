#ifndef SER_VERSION_H
#define SER_VERSION_H
#define SER_VERSION "0.1.0"
#endif
