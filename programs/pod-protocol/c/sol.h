/* The Solana runtime as this program sees it: input layout, syscalls, small helpers. */
#pragma once
#include <stdint.h>

#define NOINLINE __attribute__((noinline))

/* The heap region the runtime maps for every program (32 KiB); used as scratch for CPI. */
#define HEAP_START ((uint8_t *)0x300000000ULL)
#define HEAP_SIZE (32 * 1024)

/* One account as the aligned loader serializes it into the input region. */
typedef struct {
  uint8_t dup;
  uint8_t is_signer;
  uint8_t is_writable;
  uint8_t executable;
  uint8_t padding[4];
  uint8_t key[32];
  uint8_t owner[32];
  uint64_t lamports;
  uint64_t data_len;
  uint8_t data[];
} Acct;

/* Room the runtime leaves after each account's data so a program may grow it. */
#define MAX_PERMITTED_DATA_INCREASE 10240

/* Structures of the C ABI of sol_invoke_signed_c and the PDA syscalls. */
typedef struct {
  const uint8_t *addr;
  uint64_t len;
} SolBytes;

typedef struct {
  const SolBytes *addr;
  uint64_t len;
} SolSignerSeeds;

typedef struct {
  const uint8_t *pubkey;
  uint8_t is_writable;
  uint8_t is_signer;
} SolAccountMeta;

typedef struct {
  const uint8_t *program_id;
  const SolAccountMeta *accounts;
  uint64_t account_len;
  const uint8_t *data;
  uint64_t data_len;
} SolInstruction;

typedef struct {
  const uint8_t *key;
  uint64_t *lamports;
  uint64_t data_len;
  uint8_t *data;
  const uint8_t *owner;
  uint64_t rent_epoch;
  uint8_t is_signer;
  uint8_t is_writable;
  uint8_t executable;
} SolAccountInfo;

void sol_log_(const char *message, uint64_t len);
void sol_log_data(const SolBytes *data, uint64_t data_len);
uint64_t sol_sha256(const SolBytes *bytes, uint64_t bytes_len, uint8_t *result);
uint64_t sol_try_find_program_address(const SolBytes *seeds, uint64_t seeds_len,
                                      const uint8_t *program_id, uint8_t *address,
                                      uint8_t *bump);
uint64_t sol_invoke_signed_c(const SolInstruction *instruction, const SolAccountInfo *infos,
                             uint64_t infos_len, const SolSignerSeeds *seeds,
                             uint64_t seeds_len);
uint64_t sol_get_clock_sysvar(void *clock);
uint64_t sol_get_rent_sysvar(void *rent);
void sol_memcpy_(void *dst, const void *src, uint64_t n);
void sol_memset_(void *dst, uint8_t value, uint64_t n);
void sol_memcmp_(const void *a, const void *b, uint64_t n, int32_t *result);

static inline void copy(void *dst, const void *src, uint64_t n) {
  if (n) sol_memcpy_(dst, src, n);
}

static inline void zero(void *dst, uint64_t n) {
  if (n) sol_memset_(dst, 0, n);
}

/* Unaligned little-endian access: SBF loads and stores need no alignment. */
static inline uint64_t get_u64(const uint8_t *p) { return *(const uint64_t *)p; }
static inline uint32_t get_u32(const uint8_t *p) { return *(const uint32_t *)p; }
static inline uint16_t get_u16(const uint8_t *p) { return *(const uint16_t *)p; }
static inline void put_u64(uint8_t *p, uint64_t v) { *(uint64_t *)p = v; }
static inline void put_u32(uint8_t *p, uint32_t v) { *(uint32_t *)p = v; }
static inline void put_u16(uint8_t *p, uint16_t v) { *(uint16_t *)p = v; }

/* 32-byte key equality in four word compares (cheaper than the memcmp syscall). */
static inline int key_eq(const uint8_t *a, const uint8_t *b) {
  return get_u64(a) == get_u64(b) && get_u64(a + 8) == get_u64(b + 8) &&
         get_u64(a + 16) == get_u64(b + 16) && get_u64(a + 24) == get_u64(b + 24);
}

static inline int key_is_zero(const uint8_t *a) {
  return (get_u64(a) | get_u64(a + 8) | get_u64(a + 16) | get_u64(a + 24)) == 0;
}
