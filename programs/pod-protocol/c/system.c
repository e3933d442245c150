/* Creating and closing program accounts through the system program. */
#include "ctx.h"

#define ACCOUNT_STORAGE_OVERHEAD 128
#define F64_ONE 0x3ff0000000000000ULL
#define F64_TWO 0x4000000000000000ULL

/* Rent-exempt minimum without floating point: the threshold is 2.0 (or 1.0 once the
 * per-byte price absorbed it); any other value is refused rather than guessed. */
static NOINLINE Result rent_exempt(uint64_t space, uint64_t *lamports) {
  uint64_t rent[3]; /* lamports_per_byte_year u64, exemption_threshold f64, burn_percent */
  sol_get_rent_sysvar(rent);
  uint64_t per_year = (ACCOUNT_STORAGE_OVERHEAD + space) * rent[0];
  if (rent[1] == F64_TWO) *lamports = per_year * 2;
  else if (rent[1] == F64_ONE) *lamports = per_year;
  else return POD_ERR_RENT_UNSUPPORTED;
  return 0;
}

/* One system-program instruction over [from?, target]; `target` signs by its seeds. */
static NOINLINE Result system_call(Acct *from, Acct *target, const uint8_t *data, uint64_t len,
                                   const SolSignerSeeds *signer) {
  SolAccountMeta metas[2];
  SolAccountInfo infos[2];
  uint64_t n = 0;
  if (from) {
    metas[n] = (SolAccountMeta){from->key, 1, 1};
    info_of(&infos[n++], from, 1);
  }
  metas[n] = (SolAccountMeta){target->key, 1, 1};
  info_of(&infos[n++], target, 1);
  SolInstruction ix = {POD_ADDR_SYSTEM_PROGRAM, metas, n, data, len};
  return sol_invoke_signed_c(&ix, infos, n, signer, 1);
}

Result create_pda(Acct *payer, Acct *target, const SolBytes *seeds, uint64_t nseeds,
                  uint64_t space) {
  uint64_t needed = 0;
  TRY(need_signer(payer));
  TRY(need_writable(payer));
  TRY(need_writable(target));
  TRY(rent_exempt(space, &needed));
  SolSignerSeeds signer = {seeds, nseeds};
  uint8_t data[52];

  if (target->lamports == 0) {
    put_u32(data, 0); /* CreateAccount { lamports, space, owner } */
    put_u64(data + 4, needed);
    put_u64(data + 12, space);
    copy(data + 20, POD_PROGRAM_ID, 32);
    return system_call(payer, target, data, 52, &signer);
  }
  /* Someone sent lamports to the address first: top up, allocate, assign. */
  if (target->lamports < needed) {
    put_u32(data, 2); /* Transfer { lamports } */
    put_u64(data + 4, needed - target->lamports);
    TRY(system_call(payer, target, data, 12, &signer));
  }
  put_u32(data, 8); /* Allocate { space } */
  put_u64(data + 4, space);
  TRY(system_call(0, target, data, 12, &signer));
  put_u32(data, 1); /* Assign { owner } */
  copy(data + 4, POD_PROGRAM_ID, 32);
  return system_call(0, target, data, 36, &signer);
}

Result check_pda(const Acct *a, SolBytes *seeds, uint64_t nseeds, uint8_t *bump) {
  uint8_t address[32];
  if (sol_try_find_program_address(seeds, nseeds, POD_PROGRAM_ID, address, bump))
    return POD_ERR_ADDRESS_MISMATCH;
  if (!key_eq(a->key, address)) return POD_ERR_ADDRESS_MISMATCH;
  seeds[nseeds] = (SolBytes){bump, 1};
  return 0;
}

void close_account(Acct *a, Acct *receiver) {
  receiver->lamports += a->lamports;
  a->lamports = 0;
  zero(a->data, a->data_len);
  a->data_len = 0;
  zero(a->owner, 32);
}
