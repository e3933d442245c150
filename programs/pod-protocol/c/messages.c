/* Direct-class messages: one account per message at ["message", request_id], so the chain
 * itself refuses a duplicate request; the recipient moves the status forward; anyone may
 * close an expired message, returning the rent to whoever paid it. */
#include "handlers.h"

typedef struct {
  Acct *payer;
  const Acct *authority;
  Acct *message;
  const uint8_t *sender;    /* agent key */
  const uint8_t *recipient; /* agent key, or the channel's address */
  uint8_t kind;
} Delivery;

/* Length of the MessageArgs at `args` when it decodes to exactly `len` bytes, else 0. */
static uint64_t args_cid_len(const uint8_t *args, uint64_t len, Result *rc) {
  *rc = POD_ERR_INSTRUCTION_DATA_INVALID;
  if (len < POD_T_MESSAGE_ARGS_CID + 1) return 0;
  if (args[POD_T_MESSAGE_ARGS_MESSAGE_TYPE] > POD_MESSAGE_TYPE_RESPONSE) return 0;
  uint8_t tag = args[POD_T_MESSAGE_ARGS_CID];
  if (tag == 0) {
    if (len == POD_T_MESSAGE_ARGS_CID + 1) *rc = 0;
    return 0;
  }
  if (tag != 1 || len < POD_T_MESSAGE_ARGS_CID + 5) return 0;
  uint32_t cid = get_u32(args + POD_T_MESSAGE_ARGS_CID + 1);
  if (cid > POD_MAX_CID) {
    *rc = POD_ERR_CID_TOO_LONG;
    return 0;
  }
  if (len == POD_T_MESSAGE_ARGS_CID + 5 + cid) *rc = 0;
  return cid;
}

static NOINLINE void emit_sent(const Delivery *s, const uint8_t *d) {
  uint8_t ev[POD_EV_MESSAGE_SENT_SIZE];
  put_u64(ev, POD_EV_MESSAGE_SENT_DISC);
  copy(ev + POD_EV_MESSAGE_SENT_MESSAGE, s->message->key, 32);
  copy(ev + POD_EV_MESSAGE_SENT_REQUEST_ID, d + POD_MESSAGE_REQUEST_ID, 32);
  copy(ev + POD_EV_MESSAGE_SENT_SENDER, d + POD_MESSAGE_SENDER, 32);
  copy(ev + POD_EV_MESSAGE_SENT_RECIPIENT, d + POD_MESSAGE_RECIPIENT, 32);
  ev[POD_EV_MESSAGE_SENT_RECIPIENT_KIND] = d[POD_MESSAGE_RECIPIENT_KIND];
  copy(ev + POD_EV_MESSAGE_SENT_CONTENT_HASH, d + POD_MESSAGE_CONTENT_HASH, 32);
  copy(ev + POD_EV_MESSAGE_SENT_EXPIRES_AT, d + POD_MESSAGE_EXPIRES_AT, 8);
  copy(ev + POD_EV_MESSAGE_SENT_AUTHORITY, s->authority->key, 32);
  copy(ev + POD_EV_MESSAGE_SENT_COMMITMENT, d + POD_MESSAGE_COMMITMENT, 32);
  emit(ev, sizeof ev);
}

static NOINLINE void write_message(uint8_t *d, const Delivery *s, const uint8_t *args,
                                   uint64_t len, int64_t now) {
  put_u64(d, POD_MESSAGE_DISC);
  copy(d + POD_MESSAGE_REQUEST_ID, args + POD_T_MESSAGE_ARGS_REQUEST_ID, 32);
  copy(d + POD_MESSAGE_SENDER, s->sender, 32);
  copy(d + POD_MESSAGE_RECIPIENT, s->recipient, 32);
  d[POD_MESSAGE_RECIPIENT_KIND] = s->kind;
  d[POD_MESSAGE_MESSAGE_TYPE] = args[POD_T_MESSAGE_ARGS_MESSAGE_TYPE];
  d[POD_MESSAGE_STATUS] = POD_MESSAGE_STATUS_SENT;
  copy(d + POD_MESSAGE_CONTENT_HASH, args + POD_T_MESSAGE_ARGS_CONTENT_HASH, 32);
  put_u64(d + POD_MESSAGE_CREATED_AT, (uint64_t)now);
  uint64_t ttl = get_u32(args + POD_T_MESSAGE_ARGS_TTL_SECS);
  put_u64(d + POD_MESSAGE_EXPIRES_AT, (uint64_t)now + ttl);
  copy(d + POD_MESSAGE_COMMITMENT, args + POD_T_MESSAGE_ARGS_COMMITMENT, 32);
  copy(d + POD_MESSAGE_PAYER, s->payer->key, 32);
  /* cid: the Option<String> exactly as it arrived */
  copy(d + POD_MESSAGE_CID, args + POD_T_MESSAGE_ARGS_CID, len - POD_T_MESSAGE_ARGS_CID);
}

static NOINLINE Result store_message(const uint8_t *protocol, const Delivery *s,
                                     const uint8_t *args, uint64_t len) {
  uint32_t ttl = get_u32(args + POD_T_MESSAGE_ARGS_TTL_SECS);
  if (ttl == 0 || ttl > get_u32(protocol + POD_PROTOCOL_LIMITS + POD_T_LIMITS_MAX_TTL_SECS))
    return POD_ERR_TTL_INVALID;
  uint8_t bump = 0;
  SolBytes seeds[3] = {{(const uint8_t *)"message", 7}, {args + POD_T_MESSAGE_ARGS_REQUEST_ID, 32},
                       {0, 0}};
  TRY(check_pda(s->message, seeds, 2, &bump));
  if (is_program_owned(s->message)) return POD_ERR_DUPLICATE_MESSAGE;
  TRY(create_pda(s->payer, s->message, seeds, 3, POD_MESSAGE_SIZE));
  uint8_t *d = s->message->data;
  write_message(d, s, args, len, clock_now());
  d[POD_MESSAGE_BUMP] = bump;
  emit_sent(s, d);
  return 0;
}

Result ix_send_message(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *sender = 0;
  uint8_t *recipient = 0;
  Result rc = 0;
  TRY(need_accounts(c, POD_IX_SEND_MESSAGE_ACCOUNTS));
  args_cid_len(c->data, c->len, &rc);
  TRY(rc);
  TRY(load_protocol(c->accounts[2], 1, &protocol));
  TRY(load_typed(c->accounts[3], POD_AGENT_DISC, POD_AGENT_SIZE, &sender));
  TRY(load_typed(c->accounts[4], POD_AGENT_DISC, POD_AGENT_SIZE, &recipient));
  TRY(need_address(c->accounts[6], POD_ADDR_SYSTEM_PROGRAM));
  TRY(authorize(protocol, c->accounts[1], sender + POD_AGENT_AGENT, POD_ERR_NOT_AGENT_OR_RELAYER));
  Delivery s = {c->accounts[0],           c->accounts[1],
                c->accounts[5],           sender + POD_AGENT_AGENT,
                recipient + POD_AGENT_AGENT, POD_RECIPIENT_KIND_AGENT};
  return store_message(protocol, &s, c->data, c->len);
}

Result ix_post_to_channel(const Ctx *c) {
  uint8_t *protocol = 0;
  uint8_t *sender = 0;
  uint8_t *ch = 0;
  uint8_t *m = 0;
  Result rc = 0;
  TRY(need_accounts(c, POD_IX_POST_TO_CHANNEL_ACCOUNTS));
  args_cid_len(c->data, c->len, &rc);
  TRY(rc);
  Acct *channel = c->accounts[4];
  TRY(load_protocol(c->accounts[2], 1, &protocol));
  TRY(load_typed(c->accounts[3], POD_AGENT_DISC, POD_AGENT_SIZE, &sender));
  TRY(load_typed(channel, POD_CHANNEL_DISC, POD_CHANNEL_SIZE, &ch));
  TRY(need_address(c->accounts[7], POD_ADDR_SYSTEM_PROGRAM));
  TRY(authorize(protocol, c->accounts[1], sender + POD_AGENT_AGENT, POD_ERR_NOT_AGENT_OR_RELAYER));
  if (ch[POD_CHANNEL_CLOSED]) return POD_ERR_CHANNEL_CLOSED;
  TRY(load_membership(c->accounts[5], channel, sender + POD_AGENT_AGENT, &m));
  Delivery s = {c->accounts[0], c->accounts[1], c->accounts[6], sender + POD_AGENT_AGENT,
                channel->key,   POD_RECIPIENT_KIND_CHANNEL};
  return store_message(protocol, &s, c->data, c->len);
}

/* Moves a direct message's status to `to`; only forward, only by the recipient's side. */
static NOINLINE Result advance_status(const Ctx *c, uint8_t to) {
  uint8_t *protocol = 0;
  uint8_t *d = 0;
  TRY(need_accounts(c, POD_IX_MARK_DELIVERED_ACCOUNTS));
  if (c->len != 32) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *authority = c->accounts[0];
  Acct *message = c->accounts[2];
  TRY(load_protocol(c->accounts[1], 1, &protocol));
  TRY(load_typed(message, POD_MESSAGE_DISC, POD_MESSAGE_SIZE, &d));
  TRY(need_writable(message));
  if (d[POD_MESSAGE_RECIPIENT_KIND] != POD_RECIPIENT_KIND_AGENT) return POD_ERR_STATUS_NOT_TRACKED;
  TRY(authorize(protocol, authority, d + POD_MESSAGE_RECIPIENT, POD_ERR_NOT_RECIPIENT_OR_RELAYER));
  if (d[POD_MESSAGE_STATUS] >= to) return POD_ERR_STATUS_TRANSITION_INVALID;
  d[POD_MESSAGE_STATUS] = to;

  uint8_t ev[POD_EV_MESSAGE_STATUS_CHANGED_SIZE];
  put_u64(ev, POD_EV_MESSAGE_STATUS_CHANGED_DISC);
  copy(ev + POD_EV_MESSAGE_STATUS_CHANGED_MESSAGE, message->key, 32);
  ev[POD_EV_MESSAGE_STATUS_CHANGED_STATUS] = to;
  copy(ev + POD_EV_MESSAGE_STATUS_CHANGED_AUTHORITY, authority->key, 32);
  copy(ev + POD_EV_MESSAGE_STATUS_CHANGED_COMMITMENT, c->data, 32);
  emit(ev, sizeof ev);
  return 0;
}

Result ix_mark_delivered(const Ctx *c) { return advance_status(c, POD_MESSAGE_STATUS_DELIVERED); }

Result ix_mark_read(const Ctx *c) { return advance_status(c, POD_MESSAGE_STATUS_READ); }

Result ix_close_expired_message(const Ctx *c) {
  uint8_t *d = 0;
  TRY(need_accounts(c, POD_IX_CLOSE_EXPIRED_MESSAGE_ACCOUNTS));
  if (c->len != 0) return POD_ERR_INSTRUCTION_DATA_INVALID;
  Acct *message = c->accounts[0];
  Acct *receiver = c->accounts[1];
  TRY(load_typed(message, POD_MESSAGE_DISC, POD_MESSAGE_SIZE, &d));
  TRY(need_writable(message));
  if (clock_now() < (int64_t)get_u64(d + POD_MESSAGE_EXPIRES_AT))
    return POD_ERR_MESSAGE_NOT_EXPIRED;
  if (!key_eq(receiver->key, d + POD_MESSAGE_PAYER)) return POD_ERR_RENT_RECEIVER_MISMATCH;
  TRY(need_writable(receiver));
  close_account(message, receiver);
  uint8_t ev[POD_EV_MESSAGE_CLOSED_SIZE];
  put_u64(ev, POD_EV_MESSAGE_CLOSED_DISC);
  copy(ev + POD_EV_MESSAGE_CLOSED_MESSAGE, message->key, 32);
  emit(ev, sizeof ev);
  return 0;
}
