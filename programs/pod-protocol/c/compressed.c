/* Compressed messages: one Light compressed account per record, created by CPI to the Light
 * System Program's invoke_cpi (output-only, so no validity proof), signed by the program's
 * ["cpi_authority"] PDA. The program computes each data hash; the client never supplies it. */
#include "handlers.h"

/* Light System Program: invoke_cpi discriminator. */
static const uint8_t INVOKE_CPI[8] = {0x31, 0xd4, 0xbf, 0x81, 0x27, 0xc2, 0x2b, 0xc4};

#define RECORD_DATA (POD_COMPRESSED_MESSAGE_SIZE - 8)
/* owner, lamports, address None, data Some, discriminator, data vec, data_hash, tree index */
#define OUTPUT_SIZE (32 + 8 + 1 + 1 + 8 + 4 + RECORD_DATA + 32 + 1)

/* Accounts of append_compressed_messages, in IDL order. */
enum {
  FEE_PAYER, AUTHORITY, PROTOCOL, CPI_AUTHORITY, LIGHT_SYSTEM, REGISTERED_PDA, NOOP,
  COMPRESSION_AUTHORITY, COMPRESSION_PROGRAM, SELF_PROGRAM, SYSTEM_PROGRAM, MERKLE_TREE,
  INSTRUCTIONS_SYSVAR
};

/* Where the first output goes: discriminator, u32 length, proof None, three vec lengths. */
#define OUTPUTS (CPI_DATA + 12 + 1 + 12)

/* Scratch on the heap: frames are limited to 512 bytes. */
#define METAS ((SolAccountMeta *)HEAP_START)
#define INFOS ((SolAccountInfo *)(HEAP_START + 256))
#define CPI_DATA (HEAP_START + 1024)

static NOINLINE Result check_fixed_accounts(const Ctx *c) {
  Acct **a = c->accounts;
  TRY(need_signer(a[FEE_PAYER]));
  TRY(need_writable(a[FEE_PAYER]));
  TRY(need_signer(a[AUTHORITY]));
  TRY(need_address(a[CPI_AUTHORITY], POD_PDA_CPI_AUTHORITY));
  TRY(need_address(a[LIGHT_SYSTEM], POD_ADDR_LIGHT_SYSTEM_PROGRAM));
  TRY(need_address(a[REGISTERED_PDA], POD_ADDR_REGISTERED_PROGRAM_PDA));
  TRY(need_address(a[NOOP], POD_ADDR_NOOP_PROGRAM));
  TRY(need_address(a[COMPRESSION_AUTHORITY], POD_ADDR_ACCOUNT_COMPRESSION_AUTHORITY));
  TRY(need_address(a[COMPRESSION_PROGRAM], POD_ADDR_ACCOUNT_COMPRESSION_PROGRAM));
  TRY(need_address(a[SELF_PROGRAM], POD_PROGRAM_ID));
  TRY(need_address(a[SYSTEM_PROGRAM], POD_ADDR_SYSTEM_PROGRAM));
  /* The tree itself is Light's to check (owner, type, capacity). */
  return need_writable(a[MERKLE_TREE]);
}

/* A relayer may submit anyone's records; anyone else only records they sent themselves. */
static NOINLINE Result check_senders(const uint8_t *protocol, const Acct *authority,
                                     const uint8_t *records, uint32_t n) {
  if (is_relayer(protocol, authority->key)) return 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!key_eq(records + POD_T_PACKED_RECORD_SIZE * i, authority->key)) {
      return POD_ERR_NOT_RELAYER;
    }
  }
  return 0;
}

/* Writes one OutputCompressedAccountWithPackedContext for `sender`, `hash` at `out`. */
static NOINLINE void write_output(uint8_t *out, const uint8_t *sender, const uint8_t *hash,
                                  int64_t now, uint64_t disc) {
  uint8_t *p = out;
  copy(p, POD_PROGRAM_ID, 32); /* owner */
  p += 32;
  put_u64(p, 0); /* lamports */
  p += 8;
  *p++ = 0; /* address: None */
  *p++ = 1; /* data: Some */
  put_u64(p, disc);
  p += 8;
  put_u32(p, RECORD_DATA);
  p += 4;
  uint8_t *data = p;
  copy(data, sender, 32);
  copy(data + 32, hash, 32);
  put_u64(data + 64, (uint64_t)now);
  p += RECORD_DATA;
  /* data_hash = sha256(data) with the top byte zeroed so it is a BN254 field element. */
  SolBytes slice = {data, RECORD_DATA};
  sol_sha256(&slice, 1, p);
  p[0] = 0;
  p += 32;
  *p = 0; /* merkle_tree_index: the first remaining account */
}

static void meta_of(SolAccountMeta *meta, const Acct *a, uint8_t writable, uint8_t signer) {
  meta->pubkey = a->key;
  meta->is_writable = writable;
  meta->is_signer = signer;
}

static NOINLINE Result invoke_light(const Ctx *c, uint64_t data_len) {
  Acct **a = c->accounts;
  /* invoke_cpi accounts; unused optional slots hold the Light System Program id. */
  meta_of(&METAS[0], a[FEE_PAYER], 1, 1);
  meta_of(&METAS[1], a[CPI_AUTHORITY], 0, 1);
  meta_of(&METAS[2], a[REGISTERED_PDA], 0, 0);
  meta_of(&METAS[3], a[NOOP], 0, 0);
  meta_of(&METAS[4], a[COMPRESSION_AUTHORITY], 0, 0);
  meta_of(&METAS[5], a[COMPRESSION_PROGRAM], 0, 0);
  meta_of(&METAS[6], a[SELF_PROGRAM], 0, 0);
  meta_of(&METAS[7], a[LIGHT_SYSTEM], 0, 0); /* sol_pool_pda: none */
  meta_of(&METAS[8], a[LIGHT_SYSTEM], 0, 0); /* decompression_recipient: none */
  meta_of(&METAS[9], a[SYSTEM_PROGRAM], 0, 0);
  meta_of(&METAS[10], a[LIGHT_SYSTEM], 0, 0); /* cpi_context_account: none */
  meta_of(&METAS[11], a[MERKLE_TREE], 1, 0);

  static const uint8_t order[10] = {FEE_PAYER, CPI_AUTHORITY, REGISTERED_PDA, NOOP,
                                    COMPRESSION_AUTHORITY, COMPRESSION_PROGRAM, SELF_PROGRAM,
                                    LIGHT_SYSTEM, SYSTEM_PROGRAM, MERKLE_TREE};
  for (uint64_t i = 0; i < 10; i++) info_of(&INFOS[i], a[order[i]], order[i] == CPI_AUTHORITY);

  uint8_t bump = POD_PDA_CPI_AUTHORITY_BUMP;
  SolBytes seeds[2] = {{(const uint8_t *)"cpi_authority", 13}, {&bump, 1}};
  SolSignerSeeds signer = {seeds, 2};
  SolInstruction ix = {POD_ADDR_LIGHT_SYSTEM_PROGRAM, METAS, 12, CPI_DATA, data_len};
  return sol_invoke_signed_c(&ix, INFOS, 10, &signer, 1);
}

/* Completes InstructionDataInvokeCpi around the `n` outputs already at OUTPUTS (Borsh,
 * behind the discriminator and a u32 length), invokes Light and emits `event`. */
static NOINLINE Result finish_append(const Ctx *c, uint32_t n, int64_t now, uint64_t event) {
  uint8_t *d = CPI_DATA;
  uint8_t *body = d + 12;
  body[0] = 0;          /* proof: None */
  put_u32(body + 1, 0); /* new_address_params */
  put_u32(body + 5, 0); /* input_compressed_accounts_with_merkle_context */
  put_u32(body + 9, n); /* output_compressed_accounts */
  uint8_t *p = OUTPUTS + OUTPUT_SIZE * n;
  *p++ = 0; /* relay_fee: None */
  *p++ = 0; /* compress_or_decompress_lamports: None */
  *p++ = 0; /* is_compress */
  *p++ = 0; /* cpi_context: None */
  copy(d, INVOKE_CPI, 8);
  put_u32(d + 8, (uint32_t)(p - body));
  TRY(invoke_light(c, (uint64_t)(p - d)));

  /* CompressedMessagesAppended and SignedMessagesAppended share their layout. */
  uint8_t ev[POD_EV_COMPRESSED_MESSAGES_APPENDED_SIZE];
  put_u64(ev, event);
  copy(ev + POD_EV_COMPRESSED_MESSAGES_APPENDED_AUTHORITY, c->accounts[AUTHORITY]->key, 32);
  copy(ev + POD_EV_COMPRESSED_MESSAGES_APPENDED_MERKLE_TREE, c->accounts[MERKLE_TREE]->key, 32);
  put_u16(ev + POD_EV_COMPRESSED_MESSAGES_APPENDED_COUNT, (uint16_t)n);
  put_u64(ev + POD_EV_COMPRESSED_MESSAGES_APPENDED_CREATED_AT, (uint64_t)now);
  emit(ev, sizeof ev);
  return 0;
}

static Result check_count(const uint8_t *protocol, uint32_t n) {
  if (n == 0) return POD_ERR_BATCH_EMPTY;
  if (n > get_u16(protocol + POD_PROTOCOL_LIMITS + POD_T_LIMITS_MAX_BATCH) || n > POD_MAX_RECORDS)
    return POD_ERR_BATCH_TOO_LARGE;
  return 0;
}

Result ix_append_compressed_messages(const Ctx *c) {
  uint8_t *protocol = 0;
  TRY(need_accounts(c, POD_IX_APPEND_COMPRESSED_MESSAGES_ACCOUNTS));
  TRY(load_protocol(c->accounts[PROTOCOL], 1, &protocol));
  TRY(check_fixed_accounts(c));
  if (c->len < 4) return POD_ERR_INSTRUCTION_DATA_INVALID;
  uint32_t n = get_u32(c->data);
  TRY(check_count(protocol, n));
  if (c->len != 4 + (uint64_t)n * POD_T_PACKED_RECORD_SIZE) return POD_ERR_INSTRUCTION_DATA_INVALID;
  const uint8_t *records = c->data + 4;
  TRY(check_senders(protocol, c->accounts[AUTHORITY], records, n));

  int64_t now = clock_now();
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *record = records + POD_T_PACKED_RECORD_SIZE * i;
    write_output(OUTPUTS + OUTPUT_SIZE * i, record + POD_T_PACKED_RECORD_SENDER,
                 record + POD_T_PACKED_RECORD_ENVELOPE_HASH, now, POD_COMPRESSED_MESSAGE_DISC);
  }
  return finish_append(c, n, now, POD_EV_COMPRESSED_MESSAGES_APPENDED_DISC);
}

/* The ed25519 instruction right before the current one, from the instructions sysvar:
 * u16 count, u16 offsets[count], instructions (u16 accounts, 33 bytes each, program id,
 * u16 data length, data), then the u16 index of the current instruction. */
static NOINLINE Result previous_ed25519(const Acct *sysvar, const uint8_t **ed, uint64_t *ed_len) {
  TRY(need_address(sysvar, POD_ADDR_INSTRUCTIONS_SYSVAR));
  const uint8_t *d = sysvar->data;
  uint64_t len = sysvar->data_len;
  if (len < 4) return POD_ERR_SIGNATURE_INSTRUCTION_MISSING;
  uint64_t count = get_u16(d);
  uint64_t current = get_u16(d + len - 2);
  if (current == 0 || current >= count) return POD_ERR_SIGNATURE_INSTRUCTION_MISSING;
  uint64_t at = get_u16(d + 2 + 2 * (current - 1));
  if (at + 2 > len) return POD_ERR_SIGNATURE_INSTRUCTION_MISSING;
  at += 2 + 33 * (uint64_t)get_u16(d + at);
  if (at + 34 > len || !key_eq(d + at, POD_ADDR_ED25519_PROGRAM))
    return POD_ERR_SIGNATURE_INSTRUCTION_MISSING;
  uint64_t data_len = get_u16(d + at + 32);
  if (at + 34 + data_len > len) return POD_ERR_SIGNATURE_INSTRUCTION_MISSING;
  *ed = d + at + 34;
  *ed_len = data_len;
  return 0;
}

/* Entry i of an ed25519 instruction: signature, key and message all inline (index 0xFFFF),
 * the message exactly 32 bytes; *key and *message point at what the precompile verified. */
static NOINLINE Result signature_entry(const uint8_t *ed, uint64_t len, uint32_t i,
                                       const uint8_t **key, const uint8_t **message) {
  const uint8_t *e = ed + 2 + 14 * (uint64_t)i;
  uint64_t sig = get_u16(e), key_at = get_u16(e + 4), msg = get_u16(e + 8);
  if (get_u16(e + 2) != 0xffff || get_u16(e + 6) != 0xffff || get_u16(e + 12) != 0xffff)
    return POD_ERR_SIGNATURE_LAYOUT_INVALID;
  if (get_u16(e + 10) != 32 || sig + 64 > len || key_at + 32 > len || msg + 32 > len)
    return POD_ERR_SIGNATURE_LAYOUT_INVALID;
  *key = ed + key_at;
  *message = ed + msg;
  return 0;
}

Result ix_append_signed_messages(const Ctx *c) {
  uint8_t *protocol = 0;
  const uint8_t *ed = 0;
  uint64_t ed_len = 0;
  TRY(need_accounts(c, POD_IX_APPEND_SIGNED_MESSAGES_ACCOUNTS));
  if (c->len != 0) return POD_ERR_INSTRUCTION_DATA_INVALID;
  TRY(load_protocol(c->accounts[PROTOCOL], 1, &protocol));
  TRY(check_fixed_accounts(c));
  TRY(previous_ed25519(c->accounts[INSTRUCTIONS_SYSVAR], &ed, &ed_len));
  if (ed_len < 2) return POD_ERR_SIGNATURE_LAYOUT_INVALID;
  uint32_t n = ed[0];
  TRY(check_count(protocol, n));
  if (2 + 14 * (uint64_t)n > ed_len) return POD_ERR_SIGNATURE_LAYOUT_INVALID;

  /* The runtime verified every signature before this program ran: no relayer is needed. */
  int64_t now = clock_now();
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *key = 0;
    const uint8_t *message = 0;
    TRY(signature_entry(ed, ed_len, i, &key, &message));
    write_output(OUTPUTS + OUTPUT_SIZE * i, key, message, now, POD_SIGNED_MESSAGE_DISC);
  }
  return finish_append(c, n, now, POD_EV_SIGNED_MESSAGES_APPENDED_DISC);
}
