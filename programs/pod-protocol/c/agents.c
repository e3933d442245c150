/* Agents: identity is the agent's ed25519 key; PDA ["agent", agent]. */
#include "handlers.h"

/* Bytes one RegisterAgentArgs takes at `p` (0 when it does not decode in `avail`). */
static uint64_t entry_len(const uint8_t *p, uint64_t avail, Result *rc) {
  uint64_t head = POD_T_REGISTER_AGENT_ARGS_METADATA_URI + 4;
  *rc = POD_ERR_INSTRUCTION_DATA_INVALID;
  if (avail < head) return 0;
  uint32_t uri = get_u32(p + POD_T_REGISTER_AGENT_ARGS_METADATA_URI);
  if (uri > POD_MAX_METADATA_URI) {
    *rc = POD_ERR_METADATA_URI_TOO_LONG;
    return 0;
  }
  if (avail < head + uri + 32) return 0;
  *rc = 0;
  return head + uri + 32;
}

static void emit_agent(uint64_t disc, const uint8_t *agent, const uint8_t *capabilities,
                       const Acct *authority, const uint8_t *commitment) {
  uint8_t ev[POD_EV_AGENT_REGISTERED_SIZE];
  uint64_t o = 8;
  put_u64(ev, disc);
  copy(ev + o, agent, 32);
  o += 32;
  if (capabilities) {
    copy(ev + o, capabilities, 8);
    o += 8;
  }
  copy(ev + o, authority->key, 32);
  copy(ev + o + 32, commitment, 32);
  emit(ev, o + 64);
}

/* Registers the agent described by `entry` (already length-checked) at `target`. */
static NOINLINE Result register_one(const uint8_t *protocol, Acct *payer, const Acct *authority,
                                    Acct *target, const uint8_t *entry) {
  const uint8_t *agent = entry + POD_T_REGISTER_AGENT_ARGS_AGENT;
  uint32_t uri = get_u32(entry + POD_T_REGISTER_AGENT_ARGS_METADATA_URI);
  const uint8_t *commitment = entry + POD_T_REGISTER_AGENT_ARGS_METADATA_URI + 4 + uri;
  TRY(authorize(protocol, authority, agent, POD_ERR_NOT_AGENT_OR_RELAYER));

  uint8_t bump = 0;
  SolBytes seeds[3] = {{(const uint8_t *)"agent", 5}, {agent, 32}, {0, 0}};
  TRY(check_pda(target, seeds, 2, &bump));
  if (is_program_owned(target)) return POD_ERR_AGENT_ALREADY_REGISTERED;
  TRY(create_pda(payer, target, seeds, 3, POD_AGENT_SIZE));

  uint8_t *d = target->data;
  int64_t now = clock_now();
  put_u64(d, POD_AGENT_DISC);
  copy(d + POD_AGENT_AGENT, agent, 32);
  copy(d + POD_AGENT_CAPABILITIES, entry + POD_T_REGISTER_AGENT_ARGS_CAPABILITIES, 8);
  put_u64(d + POD_AGENT_REGISTERED_AT, (uint64_t)now);
  put_u64(d + POD_AGENT_UPDATED_AT, (uint64_t)now);
  copy(d + POD_AGENT_COMMITMENT, commitment, 32);
  copy(d + POD_AGENT_PAYER, payer->key, 32);
  d[POD_AGENT_BUMP] = bump;
  copy(d + POD_AGENT_METADATA_URI, entry + POD_T_REGISTER_AGENT_ARGS_METADATA_URI, 4 + uri);
  emit_agent(POD_EV_AGENT_REGISTERED_DISC, agent, entry + POD_T_REGISTER_AGENT_ARGS_CAPABILITIES,
             authority, commitment);
  return 0;
}

Result ix_register_agent(const Ctx *c) {
  uint8_t *protocol = 0;
  Result rc = 0;
  TRY(need_accounts(c, POD_IX_REGISTER_AGENT_ACCOUNTS));
  if (entry_len(c->data, c->len, &rc) != c->len) return rc ? rc : POD_ERR_INSTRUCTION_DATA_INVALID;
  TRY(load_protocol(c->accounts[2], 1, &protocol));
  TRY(need_address(c->accounts[4], POD_ADDR_SYSTEM_PROGRAM));
  return register_one(protocol, c->accounts[0], c->accounts[1], c->accounts[3], c->data);
}

Result ix_register_agents(const Ctx *c) {
  uint8_t *protocol = 0;
  Result rc = 0;
  TRY(need_accounts(c, POD_IX_REGISTER_AGENTS_ACCOUNTS));
  TRY(load_protocol(c->accounts[2], 1, &protocol));
  TRY(need_address(c->accounts[3], POD_ADDR_SYSTEM_PROGRAM));
  if (c->len < 4) return POD_ERR_INSTRUCTION_DATA_INVALID;
  uint32_t n = get_u32(c->data);
  if (n == 0) return POD_ERR_BATCH_EMPTY;
  if (n > get_u16(protocol + POD_PROTOCOL_LIMITS + POD_T_LIMITS_MAX_BATCH))
    return POD_ERR_BATCH_TOO_LARGE;
  TRY(need_accounts(c, POD_IX_REGISTER_AGENTS_ACCOUNTS + n));

  /* Decode the whole batch before creating anything. */
  uint64_t at = 4;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t used = entry_len(c->data + at, c->len - at, &rc);
    if (!used) return rc;
    at += used;
  }
  if (at != c->len) return POD_ERR_INSTRUCTION_DATA_INVALID;

  at = 4;
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *entry = c->data + at;
    Acct *target = c->accounts[POD_IX_REGISTER_AGENTS_ACCOUNTS + i];
    TRY(register_one(protocol, c->accounts[0], c->accounts[1], target, entry));
    at += entry_len(entry, c->len - at, &rc);
  }
  return 0;
}

Result ix_update_agent(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *d = 0;
  TRY(need_accounts(c, POD_IX_UPDATE_AGENT_ACCOUNTS));
  if (c->len < 12) return POD_ERR_INSTRUCTION_DATA_INVALID;
  uint32_t uri = get_u32(c->data + 8);
  if (uri > POD_MAX_METADATA_URI) return POD_ERR_METADATA_URI_TOO_LONG;
  if (c->len != 12 + uri + 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  const uint8_t *commitment = c->data + 12 + uri;
  Acct *authority = c->accounts[0];
  Acct *agent = c->accounts[2];
  TRY(load_protocol(c->accounts[1], 1, &protocol));
  TRY(load_typed(agent, POD_AGENT_DISC, POD_AGENT_SIZE, &d));
  TRY(need_writable(agent));
  TRY(authorize(protocol, authority, d + POD_AGENT_AGENT, POD_ERR_NOT_AGENT_OR_RELAYER));

  copy(d + POD_AGENT_CAPABILITIES, c->data, 8);
  put_u64(d + POD_AGENT_UPDATED_AT, (uint64_t)clock_now());
  copy(d + POD_AGENT_COMMITMENT, commitment, 32);
  zero(d + POD_AGENT_METADATA_URI, 4 + POD_MAX_METADATA_URI);
  copy(d + POD_AGENT_METADATA_URI, c->data + 8, 4 + uri);
  emit_agent(POD_EV_AGENT_UPDATED_DISC, d + POD_AGENT_AGENT, c->data, authority, commitment);
  return 0;
}

Result ix_close_agent(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *d = 0;
  TRY(need_accounts(c, POD_IX_CLOSE_AGENT_ACCOUNTS));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *authority = c->accounts[0];
  Acct *agent = c->accounts[2];
  Acct *receiver = c->accounts[3];
  TRY(load_protocol(c->accounts[1], 1, &protocol));
  TRY(load_typed(agent, POD_AGENT_DISC, POD_AGENT_SIZE, &d));
  TRY(need_writable(agent));
  TRY(authorize(protocol, authority, d + POD_AGENT_AGENT, POD_ERR_NOT_AGENT_OR_RELAYER));
  if (!key_eq(receiver->key, d + POD_AGENT_PAYER)) return POD_ERR_RENT_RECEIVER_MISMATCH;
  TRY(need_writable(receiver));

  uint8_t key[32];
  copy(key, d + POD_AGENT_AGENT, 32);
  close_account(agent, receiver);
  emit_agent(POD_EV_AGENT_CLOSED_DISC, key, 0, authority, c->data);
  return 0;
}
