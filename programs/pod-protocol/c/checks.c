/* Account checks shared by every handler. */
#include "ctx.h"

Result need_accounts(const Ctx *c, uint64_t n) {
  return c->count < n ? POD_ERR_ACCOUNTS_MISSING : 0;
}

Result need_signer(const Acct *a) { return a->is_signer ? 0 : POD_ERR_SIGNER_MISSING; }

Result need_writable(const Acct *a) { return a->is_writable ? 0 : POD_ERR_ACCOUNT_NOT_WRITABLE; }

Result need_address(const Acct *a, const uint8_t *expected) {
  return key_eq(a->key, expected) ? 0 : POD_ERR_ADDRESS_MISMATCH;
}

int is_program_owned(const Acct *a) {
  return a->lamports != 0 && key_eq(a->owner, POD_PROGRAM_ID);
}

Result load_typed(const Acct *a, uint64_t disc, uint64_t size, uint8_t **data) {
  if (!is_program_owned(a)) return POD_ERR_ACCOUNT_OWNER_INVALID;
  if (a->data_len != size || get_u64(a->data) != disc) return POD_ERR_ACCOUNT_TYPE_INVALID;
  *data = (uint8_t *)a->data;
  return 0;
}

Result load_protocol(const Acct *a, int need_live, uint8_t **data) {
  TRY(need_address(a, POD_PDA_PROTOCOL));
  TRY(load_typed(a, POD_PROTOCOL_DISC, POD_PROTOCOL_SIZE, data));
  if (need_live && (*data)[POD_PROTOCOL_PAUSED]) return POD_ERR_PROTOCOL_PAUSED;
  return 0;
}

int is_relayer(const uint8_t *protocol, const uint8_t *key) {
  uint32_t n = get_u32(protocol + POD_PROTOCOL_RELAYERS);
  const uint8_t *list = protocol + POD_PROTOCOL_RELAYERS + 4;
  for (uint32_t i = 0; i < n && i < POD_MAX_RELAYERS; i++) {
    if (key_eq(list + 32 * i, key)) return 1;
  }
  return 0;
}

Result authorize(const uint8_t *protocol, const Acct *authority, const uint8_t *principal,
                 Result err) {
  TRY(need_signer(authority));
  if (key_eq(authority->key, principal) || is_relayer(protocol, authority->key)) return 0;
  return err;
}

int64_t clock_now(void) {
  /* Clock: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp. */
  uint64_t clock[5];
  sol_get_clock_sysvar(clock);
  return (int64_t)clock[4];
}

void emit(const uint8_t *event, uint64_t len) {
  SolBytes slice = {event, len};
  sol_log_data(&slice, 1);
}
