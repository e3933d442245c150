/* What an instruction handler receives, and the checks every handler shares. */
#pragma once
#include "../src/generated/idl.h"
#include "sol.h"

/* Accounts beyond this are parsed over but not addressable (batches stay far below it). */
#define MAX_ACCOUNTS 40

typedef struct {
  Acct **accounts;
  uint64_t count;
  const uint8_t *data; /* instruction data after the 8-byte discriminator */
  uint64_t len;
} Ctx;

/* A handler's result: 0 or an error number from the generated header. */
typedef uint64_t Result;

/* The account as a cross-program invocation passes it; `signer` says whether it signs. */
static inline void info_of(SolAccountInfo *info, Acct *a, uint8_t signer) {
  info->key = a->key;
  info->lamports = &a->lamports;
  info->data_len = a->data_len;
  info->data = a->data;
  info->owner = a->owner;
  info->rent_epoch = 0;
  info->is_signer = signer;
  info->is_writable = a->is_writable;
  info->executable = a->executable;
}

#define TRY(expr)                 \
  do {                            \
    Result try_rc_ = (expr);      \
    if (try_rc_) return try_rc_;  \
  } while (0)

Result need_accounts(const Ctx *c, uint64_t n);
Result need_signer(const Acct *a);
Result need_writable(const Acct *a);
Result need_address(const Acct *a, const uint8_t *expected);
/* A program-owned account of the type `disc`, at least `size` bytes; *data points at it. */
Result load_typed(const Acct *a, uint64_t disc, uint64_t size, uint8_t **data);
/* The protocol state (fixed PDA); refuses when `need_live` and the protocol is paused. */
Result load_protocol(const Acct *a, int need_live, uint8_t **data);
int is_relayer(const uint8_t *protocol, const uint8_t *key);
/* Signer is `principal` itself or a listed relayer; `err` names the refusal. */
Result authorize(const uint8_t *protocol, const Acct *authority, const uint8_t *principal,
                 Result err);
int is_program_owned(const Acct *a);

int64_t clock_now(void);
/* Creates a program-owned PDA of `space` bytes funded by `payer` (rent-exempt). */
Result create_pda(Acct *payer, Acct *target, const SolBytes *seeds, uint64_t nseeds,
                  uint64_t space);
/* Finds the canonical PDA for `seeds` (last seed left for the bump) and checks `a` is it. */
Result check_pda(const Acct *a, SolBytes *seeds, uint64_t nseeds, uint8_t *bump);
/* Moves every lamport to `receiver`, zeroes the data and gives the account back. */
void close_account(Acct *a, Acct *receiver);

void emit(const uint8_t *event, uint64_t len);
