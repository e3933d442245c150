/* Channels: PDA ["channel", sha256(name)] so names up to 64 bytes work; memberships are
 * PDAs ["member", channel, agent] that leaving closes, so an agent can rejoin. */
#include "handlers.h"

/* Who acted, and the agent's signature commitment it carried. */
typedef struct {
  const Acct *authority;
  const uint8_t *commitment;
} Actor;

static void emit_member_change(uint64_t disc, const Acct *channel, const uint8_t *agent,
                               uint32_t count, const Actor *by) {
  uint8_t ev[POD_EV_CHANNEL_JOINED_SIZE];
  put_u64(ev, disc);
  copy(ev + POD_EV_CHANNEL_JOINED_CHANNEL, channel->key, 32);
  copy(ev + POD_EV_CHANNEL_JOINED_AGENT, agent, 32);
  put_u32(ev + POD_EV_CHANNEL_JOINED_PARTICIPANT_COUNT, count);
  copy(ev + POD_EV_CHANNEL_JOINED_AUTHORITY, by->authority->key, 32);
  copy(ev + POD_EV_CHANNEL_JOINED_COMMITMENT, by->commitment, 32);
  emit(ev, sizeof ev);
}

static NOINLINE void write_channel(uint8_t *d, const uint8_t *creator, const uint8_t *hash,
                                   const uint8_t *args, const Acct *payer) {
  uint32_t name = get_u32(args);
  const uint8_t *tail = args + 4 + name; /* visibility, max_participants, commitment */
  put_u64(d, POD_CHANNEL_DISC);
  copy(d + POD_CHANNEL_CREATOR, creator, 32);
  copy(d + POD_CHANNEL_NAME_HASH, hash, 32);
  d[POD_CHANNEL_VISIBILITY] = tail[0];
  d[POD_CHANNEL_CLOSED] = 0;
  copy(d + POD_CHANNEL_MAX_PARTICIPANTS, tail + 1, 4);
  put_u32(d + POD_CHANNEL_PARTICIPANT_COUNT, 0);
  put_u64(d + POD_CHANNEL_CREATED_AT, (uint64_t)clock_now());
  copy(d + POD_CHANNEL_PAYER, payer->key, 32);
  copy(d + POD_CHANNEL_NAME, args, 4 + name);
}

static NOINLINE void emit_created(const Acct *channel, const uint8_t *d, const Acct *authority,
                                  const uint8_t *commitment) {
  uint8_t ev[POD_EV_CHANNEL_CREATED_SIZE];
  put_u64(ev, POD_EV_CHANNEL_CREATED_DISC);
  copy(ev + POD_EV_CHANNEL_CREATED_CHANNEL, channel->key, 32);
  copy(ev + POD_EV_CHANNEL_CREATED_CREATOR, d + POD_CHANNEL_CREATOR, 32);
  copy(ev + POD_EV_CHANNEL_CREATED_NAME_HASH, d + POD_CHANNEL_NAME_HASH, 32);
  ev[POD_EV_CHANNEL_CREATED_VISIBILITY] = d[POD_CHANNEL_VISIBILITY];
  copy(ev + POD_EV_CHANNEL_CREATED_MAX_PARTICIPANTS, d + POD_CHANNEL_MAX_PARTICIPANTS, 4);
  copy(ev + POD_EV_CHANNEL_CREATED_AUTHORITY, authority->key, 32);
  copy(ev + POD_EV_CHANNEL_CREATED_COMMITMENT, commitment, 32);
  emit(ev, sizeof ev);
}

Result ix_create_channel(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *creator = 0;
  TRY(need_accounts(c, POD_IX_CREATE_CHANNEL_ACCOUNTS));
  if (c->len < 4) return POD_ERR_INSTRUCTION_DATA_INVALID;
  uint32_t name = get_u32(c->data);
  if (name > POD_MAX_CHANNEL_NAME || name == 0) return POD_ERR_CHANNEL_NAME_LENGTH;
  if (c->len != 4 + name + 1 + 4 + 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  const uint8_t *tail = c->data + 4 + name;
  if (tail[0] > POD_CHANNEL_VISIBILITY_INVITE_ONLY) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *authority = c->accounts[1];
  Acct *channel = c->accounts[4];
  TRY(load_protocol(c->accounts[2], 1, &protocol));
  TRY(load_typed(c->accounts[3], POD_AGENT_DISC, POD_AGENT_SIZE, &creator));
  TRY(need_address(c->accounts[5], POD_ADDR_SYSTEM_PROGRAM));
  TRY(authorize(protocol, authority, creator + POD_AGENT_AGENT, POD_ERR_NOT_AGENT_OR_RELAYER));
  uint32_t limit = get_u32(tail + 1);
  if (limit == 0 ||
      limit > get_u32(protocol + POD_PROTOCOL_LIMITS + POD_T_LIMITS_MAX_CHANNEL_PARTICIPANTS))
    return POD_ERR_PARTICIPANT_LIMIT_INVALID;

  uint8_t hash[32];
  SolBytes name_slice = {c->data + 4, name};
  sol_sha256(&name_slice, 1, hash);
  uint8_t bump = 0;
  SolBytes seeds[3] = {{(const uint8_t *)"channel", 7}, {hash, 32}, {0, 0}};
  TRY(check_pda(channel, seeds, 2, &bump));
  if (is_program_owned(channel)) return POD_ERR_CHANNEL_ALREADY_EXISTS;
  TRY(create_pda(c->accounts[0], channel, seeds, 3, POD_CHANNEL_SIZE));
  write_channel(channel->data, creator + POD_AGENT_AGENT, hash, c->data, c->accounts[0]);
  channel->data[POD_CHANNEL_BUMP] = bump;
  emit_created(channel, channel->data, authority, tail + 5);
  return 0;
}

/* Public: the agent or a relayer joins. Invite-only: the creator or a relayer adds. */
static NOINLINE Result authorize_join(const uint8_t *protocol, const Acct *authority,
                                      const uint8_t *channel, const uint8_t *agent) {
  if (channel[POD_CHANNEL_VISIBILITY] == POD_CHANNEL_VISIBILITY_PUBLIC)
    return authorize(protocol, authority, agent, POD_ERR_NOT_AGENT_OR_RELAYER);
  return authorize(protocol, authority, channel + POD_CHANNEL_CREATOR, POD_ERR_INVITE_REQUIRED);
}

Result ix_join_channel(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *agent = 0;
  uint8_t *ch = 0;
  TRY(need_accounts(c, POD_IX_JOIN_CHANNEL_ACCOUNTS));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *authority = c->accounts[1];
  Acct *channel = c->accounts[4];
  Acct *membership = c->accounts[5];
  TRY(load_protocol(c->accounts[2], 1, &protocol));
  TRY(load_typed(c->accounts[3], POD_AGENT_DISC, POD_AGENT_SIZE, &agent));
  TRY(load_typed(channel, POD_CHANNEL_DISC, POD_CHANNEL_SIZE, &ch));
  TRY(need_writable(channel));
  TRY(need_address(c->accounts[6], POD_ADDR_SYSTEM_PROGRAM));
  if (ch[POD_CHANNEL_CLOSED]) return POD_ERR_CHANNEL_CLOSED;
  TRY(authorize_join(protocol, authority, ch, agent + POD_AGENT_AGENT));

  uint8_t bump = 0;
  SolBytes seeds[4] = {
      {(const uint8_t *)"member", 6}, {channel->key, 32}, {agent + POD_AGENT_AGENT, 32}, {0, 0}};
  TRY(check_pda(membership, seeds, 3, &bump));
  if (is_program_owned(membership)) return POD_ERR_ALREADY_MEMBER;
  uint32_t count = get_u32(ch + POD_CHANNEL_PARTICIPANT_COUNT);
  if (count >= get_u32(ch + POD_CHANNEL_MAX_PARTICIPANTS)) return POD_ERR_CHANNEL_FULL;
  TRY(create_pda(c->accounts[0], membership, seeds, 4, POD_MEMBERSHIP_SIZE));

  uint8_t *m = membership->data;
  put_u64(m, POD_MEMBERSHIP_DISC);
  copy(m + POD_MEMBERSHIP_CHANNEL, channel->key, 32);
  copy(m + POD_MEMBERSHIP_AGENT, agent + POD_AGENT_AGENT, 32);
  put_u64(m + POD_MEMBERSHIP_JOINED_AT, (uint64_t)clock_now());
  copy(m + POD_MEMBERSHIP_PAYER, c->accounts[0]->key, 32);
  m[POD_MEMBERSHIP_BUMP] = bump;
  put_u32(ch + POD_CHANNEL_PARTICIPANT_COUNT, count + 1);
  Actor by = {authority, c->data};
  emit_member_change(POD_EV_CHANNEL_JOINED_DISC, channel, agent + POD_AGENT_AGENT, count + 1, &by);
  return 0;
}

/* The membership of `agent` in `channel`, or why not. */
Result load_membership(const Acct *membership, const Acct *channel, const uint8_t *agent,
                       uint8_t **m) {
  if (!is_program_owned(membership)) return POD_ERR_NOT_MEMBER;
  TRY(load_typed(membership, POD_MEMBERSHIP_DISC, POD_MEMBERSHIP_SIZE, m));
  if (!key_eq(*m + POD_MEMBERSHIP_CHANNEL, channel->key) ||
      !key_eq(*m + POD_MEMBERSHIP_AGENT, agent))
    return POD_ERR_MEMBERSHIP_MISMATCH;
  return 0;
}

Result ix_leave_channel(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *agent = 0;
  uint8_t *ch = 0;
  uint8_t *m = 0;
  TRY(need_accounts(c, POD_IX_LEAVE_CHANNEL_ACCOUNTS));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *authority = c->accounts[0];
  Acct *channel = c->accounts[3];
  Acct *membership = c->accounts[4];
  Acct *receiver = c->accounts[5];
  TRY(load_protocol(c->accounts[1], 1, &protocol));
  TRY(load_typed(c->accounts[2], POD_AGENT_DISC, POD_AGENT_SIZE, &agent));
  TRY(load_typed(channel, POD_CHANNEL_DISC, POD_CHANNEL_SIZE, &ch));
  TRY(need_writable(channel));
  TRY(authorize(protocol, authority, agent + POD_AGENT_AGENT, POD_ERR_NOT_AGENT_OR_RELAYER));
  TRY(load_membership(membership, channel, agent + POD_AGENT_AGENT, &m));
  TRY(need_writable(membership));
  if (!key_eq(receiver->key, m + POD_MEMBERSHIP_PAYER)) return POD_ERR_RENT_RECEIVER_MISMATCH;
  TRY(need_writable(receiver));

  uint32_t count = get_u32(ch + POD_CHANNEL_PARTICIPANT_COUNT) - 1;
  put_u32(ch + POD_CHANNEL_PARTICIPANT_COUNT, count);
  close_account(membership, receiver);
  Actor by = {authority, c->data};
  emit_member_change(POD_EV_CHANNEL_LEFT_DISC, channel, agent + POD_AGENT_AGENT, count, &by);
  return 0;
}

Result ix_close_channel(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *ch = 0;
  TRY(need_accounts(c, POD_IX_CLOSE_CHANNEL_ACCOUNTS));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *authority = c->accounts[0];
  Acct *channel = c->accounts[2];
  Acct *receiver = c->accounts[3];
  TRY(load_protocol(c->accounts[1], 1, &protocol));
  TRY(load_typed(channel, POD_CHANNEL_DISC, POD_CHANNEL_SIZE, &ch));
  TRY(need_writable(channel));
  TRY(authorize(protocol, authority, ch + POD_CHANNEL_CREATOR, POD_ERR_NOT_CREATOR_OR_RELAYER));
  /* Checked even when the account stays, so a call never succeeds with a wrong receiver. */
  if (!key_eq(receiver->key, ch + POD_CHANNEL_PAYER)) return POD_ERR_RENT_RECEIVER_MISMATCH;
  TRY(need_writable(receiver));
  uint32_t count = get_u32(ch + POD_CHANNEL_PARTICIPANT_COUNT);
  /* Closed with members left: nothing more to do until they have all left. */
  if (ch[POD_CHANNEL_CLOSED] && count > 0) return POD_ERR_CHANNEL_CLOSED;

  uint8_t ev[POD_EV_CHANNEL_CLOSED_SIZE];
  put_u64(ev, POD_EV_CHANNEL_CLOSED_DISC);
  copy(ev + POD_EV_CHANNEL_CLOSED_CHANNEL, channel->key, 32);
  ev[POD_EV_CHANNEL_CLOSED_ACCOUNT_CLOSED] = count == 0;
  copy(ev + POD_EV_CHANNEL_CLOSED_AUTHORITY, authority->key, 32);
  copy(ev + POD_EV_CHANNEL_CLOSED_COMMITMENT, c->data, 32);
  if (count == 0) {
    close_account(channel, receiver);
  } else {
    ch[POD_CHANNEL_CLOSED] = 1;
  }
  emit(ev, sizeof ev);
  return 0;
}
