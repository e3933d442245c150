/* Protocol state: admin, relayer list, limits, pause switch. */
#include "handlers.h"

static Result check_limits(const uint8_t *limits) {
  uint32_t ttl = get_u32(limits + POD_T_LIMITS_MAX_TTL_SECS);
  uint32_t participants = get_u32(limits + POD_T_LIMITS_MAX_CHANNEL_PARTICIPANTS);
  uint16_t batch = get_u16(limits + POD_T_LIMITS_MAX_BATCH);
  if (ttl == 0 || participants == 0 || batch == 0 || batch > POD_MAX_RECORDS)
    return POD_ERR_LIMITS_INVALID;
  return 0;
}

/* Admin instructions share their accounts: [admin (signer), protocol (writable)]. */
static NOINLINE Result load_admin(const Ctx *c, uint8_t **protocol) {
  TRY(need_accounts(c, POD_IX_ADD_RELAYER_ACCOUNTS));
  Acct *admin = c->accounts[0];
  Acct *state = c->accounts[1];
  TRY(need_signer(admin));
  TRY(load_protocol(state, 0, protocol));
  TRY(need_writable(state));
  return key_eq(*protocol + POD_PROTOCOL_ADMIN, admin->key) ? 0 : POD_ERR_NOT_ADMIN;
}

/* ProgramData: u32 tag 3, u64 slot, Option<Pubkey> upgrade authority, then the ELF. */
static NOINLINE Result check_upgrade_authority(const Acct *program_data, const Acct *admin) {
  TRY(need_address(program_data, POD_ADDR_PROGRAM_DATA));
  if (!key_eq(program_data->owner, POD_ADDR_UPGRADEABLE_LOADER))
    return POD_ERR_ACCOUNT_OWNER_INVALID;
  const uint8_t *d = program_data->data;
  if (program_data->data_len < 45 || get_u32(d) != 3) return POD_ERR_ACCOUNT_TYPE_INVALID;
  /* An immutable program (no authority) has nobody who may claim the admin role. */
  if (d[12] != 1 || !key_eq(d + 13, admin->key)) return POD_ERR_NOT_UPGRADE_AUTHORITY;
  return 0;
}

Result ix_initialize(const Ctx *c) {
  TRY(need_accounts(c, POD_IX_INITIALIZE_ACCOUNTS));
  Acct *payer = c->accounts[0];
  Acct *admin = c->accounts[1];
  Acct *state = c->accounts[2];
  if (c->len != POD_T_LIMITS_SIZE) return POD_ERR_INSTRUCTION_DATA_INVALID;
  TRY(check_limits(c->data));
  TRY(need_signer(admin));
  TRY(need_address(state, POD_PDA_PROTOCOL));
  TRY(need_address(c->accounts[4], POD_ADDR_SYSTEM_PROGRAM));
  if (is_program_owned(state)) return POD_ERR_ALREADY_INITIALIZED;
  TRY(check_upgrade_authority(c->accounts[3], admin));

  uint8_t bump = POD_PDA_PROTOCOL_BUMP;
  SolBytes seeds[2] = {{(const uint8_t *)"protocol", 8}, {&bump, 1}};
  TRY(create_pda(payer, state, seeds, 2, POD_PROTOCOL_SIZE));
  uint8_t *d = state->data;
  put_u64(d, POD_PROTOCOL_DISC);
  copy(d + POD_PROTOCOL_ADMIN, admin->key, 32);
  d[POD_PROTOCOL_PAUSED] = 0;
  d[POD_PROTOCOL_BUMP] = bump;
  copy(d + POD_PROTOCOL_LIMITS, c->data, POD_T_LIMITS_SIZE);
  put_u32(d + POD_PROTOCOL_RELAYERS, 0);

  uint8_t ev[POD_EV_PROTOCOL_INITIALIZED_SIZE];
  put_u64(ev, POD_EV_PROTOCOL_INITIALIZED_DISC);
  copy(ev + POD_EV_PROTOCOL_INITIALIZED_ADMIN, admin->key, 32);
  copy(ev + POD_EV_PROTOCOL_INITIALIZED_LIMITS, c->data, POD_T_LIMITS_SIZE);
  emit(ev, sizeof ev);
  return 0;
}

Result ix_set_admin(const Ctx *c) {
  uint8_t *p = 0;
  TRY(load_admin(c, &p));
  TRY(need_accounts(c, POD_IX_SET_ADMIN_ACCOUNTS));
  if (c->len != 0) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *next = c->accounts[2];
  TRY(need_signer(next));
  uint8_t ev[POD_EV_ADMIN_CHANGED_SIZE];
  put_u64(ev, POD_EV_ADMIN_CHANGED_DISC);
  copy(ev + POD_EV_ADMIN_CHANGED_PREVIOUS, p + POD_PROTOCOL_ADMIN, 32);
  copy(ev + POD_EV_ADMIN_CHANGED_ADMIN, next->key, 32);
  copy(p + POD_PROTOCOL_ADMIN, next->key, 32);
  emit(ev, sizeof ev);
  return 0;
}

static void emit_key(uint64_t disc, const uint8_t *key) {
  uint8_t ev[40];
  put_u64(ev, disc);
  copy(ev + 8, key, 32);
  emit(ev, sizeof ev);
}

Result ix_add_relayer(const Ctx *c) {
  uint8_t *p = 0;
  TRY(load_admin(c, &p));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  if (is_relayer(p, c->data)) return POD_ERR_RELAYER_ALREADY_LISTED;
  uint32_t n = get_u32(p + POD_PROTOCOL_RELAYERS);
  if (n >= POD_MAX_RELAYERS) return POD_ERR_RELAYER_LIST_FULL;
  copy(p + POD_PROTOCOL_RELAYERS + 4 + 32 * n, c->data, 32);
  put_u32(p + POD_PROTOCOL_RELAYERS, n + 1);
  emit_key(POD_EV_RELAYER_ADDED_DISC, c->data);
  return 0;
}

Result ix_remove_relayer(const Ctx *c) {
  uint8_t *p = 0;
  TRY(load_admin(c, &p));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  uint32_t n = get_u32(p + POD_PROTOCOL_RELAYERS);
  uint8_t *list = p + POD_PROTOCOL_RELAYERS + 4;
  for (uint32_t i = 0; i < n && i < POD_MAX_RELAYERS; i++) {
    if (!key_eq(list + 32 * i, c->data)) continue;
    /* Order carries no meaning: the last entry takes the freed slot. */
    if (i != n - 1) copy(list + 32 * i, list + 32 * (n - 1), 32);
    zero(list + 32 * (n - 1), 32);
    put_u32(p + POD_PROTOCOL_RELAYERS, n - 1);
    emit_key(POD_EV_RELAYER_REMOVED_DISC, c->data);
    return 0;
  }
  return POD_ERR_RELAYER_NOT_LISTED;
}

Result ix_set_paused(const Ctx *c) {
  uint8_t *p = 0;
  TRY(load_admin(c, &p));
  if (c->len != 1 || c->data[0] > 1) return POD_ERR_INSTRUCTION_DATA_INVALID;
  p[POD_PROTOCOL_PAUSED] = c->data[0];
  uint8_t ev[9];
  put_u64(ev, POD_EV_PAUSED_SET_DISC);
  ev[8] = c->data[0];
  emit(ev, sizeof ev);
  return 0;
}

Result ix_update_limits(const Ctx *c) {
  uint8_t *p = 0;
  TRY(load_admin(c, &p));
  if (c->len != POD_T_LIMITS_SIZE) return POD_ERR_INSTRUCTION_DATA_INVALID;
  TRY(check_limits(c->data));
  copy(p + POD_PROTOCOL_LIMITS, c->data, POD_T_LIMITS_SIZE);
  uint8_t ev[POD_EV_LIMITS_UPDATED_SIZE];
  put_u64(ev, POD_EV_LIMITS_UPDATED_DISC);
  copy(ev + POD_EV_LIMITS_UPDATED_LIMITS, c->data, POD_T_LIMITS_SIZE);
  emit(ev, sizeof ev);
  return 0;
}
