/* Deserializes the loader's input and dispatches on Anchor's instruction discriminator. */
#include "ctx.h"
#include "handlers.h"

static NOINLINE Result dispatch(const Ctx *c, uint64_t disc) {
  switch (disc) {
    case POD_IX_INITIALIZE: return ix_initialize(c);
    case POD_IX_SET_ADMIN: return ix_set_admin(c);
    case POD_IX_ADD_RELAYER: return ix_add_relayer(c);
    case POD_IX_REMOVE_RELAYER: return ix_remove_relayer(c);
    case POD_IX_SET_PAUSED: return ix_set_paused(c);
    case POD_IX_UPDATE_LIMITS: return ix_update_limits(c);
    case POD_IX_REGISTER_AGENT: return ix_register_agent(c);
    case POD_IX_REGISTER_AGENTS: return ix_register_agents(c);
    case POD_IX_UPDATE_AGENT: return ix_update_agent(c);
    case POD_IX_CLOSE_AGENT: return ix_close_agent(c);
    case POD_IX_CREATE_CHANNEL: return ix_create_channel(c);
    case POD_IX_JOIN_CHANNEL: return ix_join_channel(c);
    case POD_IX_LEAVE_CHANNEL: return ix_leave_channel(c);
    case POD_IX_CLOSE_CHANNEL: return ix_close_channel(c);
    case POD_IX_SEND_MESSAGE: return ix_send_message(c);
    case POD_IX_POST_TO_CHANNEL: return ix_post_to_channel(c);
    case POD_IX_MARK_DELIVERED: return ix_mark_delivered(c);
    case POD_IX_MARK_READ: return ix_mark_read(c);
    case POD_IX_CLOSE_EXPIRED_MESSAGE: return ix_close_expired_message(c);
    case POD_IX_APPEND_COMPRESSED_MESSAGES: return ix_append_compressed_messages(c);
    case POD_IX_APPEND_SIGNED_MESSAGES: return ix_append_signed_messages(c);
    default: return POD_ERR_INSTRUCTION_UNKNOWN;
  }
}

/* Logs the error the way Anchor does so its clients map the number to a name. */
static NOINLINE void log_error(Result rc) {
  uint64_t len = 0;
  const char *text = pod_error_log(rc, &len);
  if (text) sol_log_(text, len);
}

uint64_t entrypoint(uint8_t *input) {
  Acct *accounts[MAX_ACCOUNTS];
  uint64_t count = get_u64(input);
  uint8_t *p = input + 8;

  for (uint64_t i = 0; i < count; i++) {
    Acct *a = (Acct *)p;
    if (a->dup != 0xff) {
      /* A duplicate refers to an earlier account by index. */
      if (i < MAX_ACCOUNTS) accounts[i] = a->dup < i ? accounts[a->dup] : a;
      p += 8;
      continue;
    }
    if (i < MAX_ACCOUNTS) accounts[i] = a;
    uint64_t skip = sizeof(Acct) + a->data_len + MAX_PERMITTED_DATA_INCREASE;
    p += ((skip + 7) & ~7ULL) + 8; /* aligned data, then rent_epoch */
  }

  uint64_t len = get_u64(p);
  const uint8_t *data = p + 8;
  Ctx c = {accounts, count < MAX_ACCOUNTS ? count : MAX_ACCOUNTS, data + 8, len - 8};
  Result rc = len < 8 ? POD_ERR_INSTRUCTION_UNKNOWN : dispatch(&c, get_u64(data));
  if (rc) log_error(rc);
  return rc;
}
