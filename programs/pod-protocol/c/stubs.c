#include "handlers.h"
Result ix_create_channel(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_join_channel(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_leave_channel(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_close_channel(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_send_message(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_post_to_channel(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_mark_delivered(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_mark_read(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
Result ix_close_expired_message(const Ctx *c) { (void)c; return POD_ERR_INSTRUCTION_UNKNOWN; }
