/* One handler per instruction of the IDL. */
#pragma once
#include "ctx.h"

Result ix_initialize(const Ctx *c);
Result ix_set_admin(const Ctx *c);
Result ix_add_relayer(const Ctx *c);
Result ix_remove_relayer(const Ctx *c);
Result ix_set_paused(const Ctx *c);
Result ix_update_limits(const Ctx *c);
Result ix_register_agent(const Ctx *c);
Result ix_register_agents(const Ctx *c);
Result ix_update_agent(const Ctx *c);
Result ix_close_agent(const Ctx *c);
Result ix_create_channel(const Ctx *c);
Result ix_join_channel(const Ctx *c);
Result ix_leave_channel(const Ctx *c);
Result ix_close_channel(const Ctx *c);
Result ix_send_message(const Ctx *c);
Result ix_post_to_channel(const Ctx *c);
Result ix_mark_delivered(const Ctx *c);
Result ix_mark_read(const Ctx *c);
Result ix_close_expired_message(const Ctx *c);
Result ix_append_compressed_messages(const Ctx *c);
Result ix_append_signed_messages(const Ctx *c);
/* The membership of `agent` in `channel` (NotMember, MembershipMismatch otherwise). */
Result load_membership(const Acct *membership, const Acct *channel, const uint8_t *agent,
                       uint8_t **m);
