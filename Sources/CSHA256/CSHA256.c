// SHA-256 block compression with the x86 SHA extensions (SHA-NI).
//
// Instruction semantics as documented in the Intel 64 and IA-32 Architectures Software
// Developer's Manual (SHA256RNDS2, SHA256MSG1, SHA256MSG2) and the Intel Intrinsics Guide:
//   SHA256RNDS2 dst{C,D,G,H}, src{A,B,E,F}, XMM0{WK1,WK0}: two rounds; the result is the new
//     {A,B,E,F}, and the old {A,B,E,F} becomes the new {C,D,G,H}. Dwords are listed high to
//     low, so dword 0 of an {A,B,E,F} register is F and dword 3 is A.
//   SHA256MSG1 {W0..W3}, {W4..}: W[j] + sigma0(W[j+1]) for j = 0…3.
//   SHA256MSG2 {partial W16..W19}, {..W14,W15}: adds sigma1 of the two words before each,
//     finishing W16…W19 (W18 and W19 use the W16 and W17 it has just produced).
// The schedule of words 16…63 is, four at a time (group g holds W[4g…4g+3]):
//   W_g = MSG2(MSG1(W_{g-4}, W_{g-3}) + W[4g-7…4g-4], W_{g-1}),
// where W[4g-7…4g-4] is the concatenation W_{g-1}:W_{g-2} shifted right by one dword.
#include "CSHA256.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>

int csha256_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

/// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the
/// first 64 primes.
static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define CSHA256_TARGET __attribute__((target("sha,ssse3,sse4.1")))

/// Four rounds: adds the round constants of group `g` to its message words and runs two
/// SHA256RNDS2, the second on the high half of the sums. The two state registers swap
/// roles after each instruction, so after both they are back in place.
#define CSHA256_FOUR_ROUNDS(g, words)                                                      \
    do {                                                                                   \
        __m128i wk = _mm_add_epi32((words), _mm_load_si128((const __m128i *)&round_constants[4 * (g)])); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                                      \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));             \
    } while (0)

/// The next schedule group from the four before it (see the header comment).
#define CSHA256_NEXT_WORDS(w4, w3, w2, w1) \
    _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((w4), (w3)), _mm_alignr_epi8((w1), (w2), 4)), (w1))

CSHA256_TARGET
void csha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t count) {
    // Byte order: message words are big-endian; this shuffle reverses each dword's bytes.
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // state {a,b,c,d} {e,f,g,h} (dword 0 first) → abef = {f,e,b,a}, cdgh = {h,g,d,c}.
    __m128i low = _mm_loadu_si128((const __m128i *)&state[0]);   // a b c d
    __m128i high = _mm_loadu_si128((const __m128i *)&state[4]);  // e f g h
    low = _mm_shuffle_epi32(low, 0xB1);                           // b a d c
    high = _mm_shuffle_epi32(high, 0x1B);                         // h g f e
    __m128i abef = _mm_alignr_epi8(low, high, 8);                 // f e b a
    __m128i cdgh = _mm_blend_epi16(high, low, 0xF0);              // h g d c

    for (size_t block = 0; block < count; block++) {
        const uint8_t *p = blocks + 64 * block;
        const __m128i saved_abef = abef, saved_cdgh = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), byteswap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), byteswap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), byteswap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), byteswap);

        CSHA256_FOUR_ROUNDS(0, w0);
        CSHA256_FOUR_ROUNDS(1, w1);
        CSHA256_FOUR_ROUNDS(2, w2);
        CSHA256_FOUR_ROUNDS(3, w3);
        // Groups 4…15: each new group replaces the oldest of the four held.
        for (int g = 4; g < 16; g += 4) {
            w0 = CSHA256_NEXT_WORDS(w0, w1, w2, w3); CSHA256_FOUR_ROUNDS(g + 0, w0);
            w1 = CSHA256_NEXT_WORDS(w1, w2, w3, w0); CSHA256_FOUR_ROUNDS(g + 1, w1);
            w2 = CSHA256_NEXT_WORDS(w2, w3, w0, w1); CSHA256_FOUR_ROUNDS(g + 2, w2);
            w3 = CSHA256_NEXT_WORDS(w3, w0, w1, w2); CSHA256_FOUR_ROUNDS(g + 3, w3);
        }
        abef = _mm_add_epi32(abef, saved_abef);
        cdgh = _mm_add_epi32(cdgh, saved_cdgh);
    }

    // Back to {a,b,c,d} {e,f,g,h}.
    __m128i fe_ba = _mm_shuffle_epi32(abef, 0x1B);                // a b e f
    __m128i hg_dc = _mm_shuffle_epi32(cdgh, 0xB1);                // g h c d
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(fe_ba, hg_dc, 0xF0)); // a b c d
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(hg_dc, fe_ba, 8));    // e f g h
}

#else

int csha256_hardware_available(void) { return 0; }

void csha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t count) {
    (void)state; (void)blocks; (void)count;
    __builtin_trap();   // programmer error: callers check csha256_hardware_available() first
}

#endif
