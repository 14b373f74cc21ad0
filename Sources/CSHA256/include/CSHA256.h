#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU can run `csha256_compress_hardware`: x86-64 with the SHA extensions,
/// SSSE3 and SSE4.1 (CPUID leaf 7 EBX bit 29; leaf 1 ECX bits 9 and 19). Always 0 elsewhere.
/// CPUID is slow under virtualisation: call this once and keep the answer.
int csha256_hardware_available(void);

/// Compresses `count` consecutive 64-byte blocks starting at `blocks` into `state`
/// (FIPS 180-4 §6.2.2), using the SHA-NI instructions.
/// - state: the eight working words H0…H7, in host byte order.
/// - blocks: `count * 64` message bytes; no alignment required.
/// Call only when `csha256_hardware_available()` returned 1.
void csha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
