/* Generated from the IDL source by build/generate.ts. Do not edit. */
#pragma once
#include <stdint.h>

static const uint8_t POD_PROGRAM_ID[32] = {133, 139, 65, 82, 245, 89, 138, 8, 44, 218, 198, 161, 243, 251, 49, 67, 192, 181, 133, 136, 224, 139, 99, 193, 130, 11, 28, 100, 202, 103, 225, 234};
static const uint8_t POD_ADDR_SYSTEM_PROGRAM[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t POD_ADDR_LIGHT_SYSTEM_PROGRAM[32] = {6, 167, 85, 248, 33, 57, 5, 77, 68, 36, 177, 90, 240, 196, 48, 207, 47, 75, 127, 152, 121, 58, 218, 18, 82, 212, 143, 54, 102, 198, 203, 206};
static const uint8_t POD_ADDR_ACCOUNT_COMPRESSION_PROGRAM[32] = {9, 44, 54, 236, 34, 245, 23, 131, 0, 253, 180, 74, 170, 106, 255, 207, 240, 164, 110, 28, 188, 100, 28, 14, 62, 208, 157, 161, 59, 158, 245, 8};
static const uint8_t POD_ADDR_NOOP_PROGRAM[32] = {11, 188, 15, 192, 187, 71, 202, 47, 116, 196, 17, 46, 148, 171, 19, 207, 163, 198, 52, 229, 220, 23, 234, 203, 3, 205, 26, 35, 205, 126, 120, 124};
static const uint8_t POD_ADDR_REGISTERED_PROGRAM_PDA[32] = {30, 235, 196, 140, 251, 50, 100, 187, 195, 75, 245, 197, 165, 168, 52, 252, 103, 80, 0, 111, 41, 134, 217, 111, 35, 91, 200, 135, 94, 244, 221, 68};
static const uint8_t POD_ADDR_ACCOUNT_COMPRESSION_AUTHORITY[32] = {251, 179, 40, 117, 16, 92, 174, 133, 181, 180, 68, 118, 7, 237, 191, 225, 69, 39, 191, 180, 35, 145, 28, 164, 4, 35, 191, 209, 82, 122, 38, 117};
static const uint8_t POD_ADDR_UPGRADEABLE_LOADER[32] = {2, 168, 246, 145, 78, 136, 161, 176, 226, 16, 21, 62, 247, 99, 174, 43, 0, 194, 185, 61, 22, 193, 36, 210, 192, 83, 122, 16, 4, 128, 0, 0};
static const uint8_t POD_ADDR_PROGRAM_DATA[32] = {0, 68, 12, 18, 112, 59, 217, 112, 144, 201, 248, 202, 249, 177, 99, 16, 118, 101, 70, 217, 16, 71, 100, 165, 164, 125, 233, 138, 174, 86, 83, 88};
static const uint8_t POD_ADDR_ED25519_PROGRAM[32] = {3, 125, 70, 214, 124, 147, 251, 190, 18, 249, 66, 143, 131, 141, 64, 255, 5, 112, 116, 73, 39, 244, 138, 100, 252, 202, 112, 68, 128, 0, 0, 0};
static const uint8_t POD_ADDR_INSTRUCTIONS_SYSVAR[32] = {6, 167, 213, 23, 24, 123, 209, 102, 53, 218, 212, 4, 85, 253, 194, 192, 193, 36, 198, 143, 33, 86, 117, 165, 219, 186, 203, 95, 8, 0, 0, 0};
static const uint8_t POD_PDA_PROTOCOL[32] = {1, 168, 109, 226, 124, 240, 4, 226, 82, 127, 176, 105, 203, 231, 196, 134, 210, 162, 235, 53, 195, 93, 195, 38, 144, 37, 195, 117, 146, 156, 32, 161};
#define POD_PDA_PROTOCOL_BUMP 254
static const uint8_t POD_PDA_CPI_AUTHORITY[32] = {202, 221, 249, 32, 147, 151, 19, 56, 211, 10, 212, 19, 169, 7, 137, 202, 239, 1, 101, 36, 204, 50, 105, 56, 224, 174, 116, 83, 132, 153, 172, 253};
#define POD_PDA_CPI_AUTHORITY_BUMP 253
#define POD_MAX_RELAYERS 8
#define POD_MAX_METADATA_URI 128
#define POD_MAX_CHANNEL_NAME 64
#define POD_MAX_CID 64
#define POD_MAX_RECORDS 30

/* Instructions: discriminator (LE u64) and fixed account count. */
#define POD_IX_INITIALIZE 0xed9b980d1f6dafafULL
#define POD_IX_INITIALIZE_ACCOUNTS 5
#define POD_IX_SET_ADMIN 0x5cbbc25b3400a3fbULL
#define POD_IX_SET_ADMIN_ACCOUNTS 3
#define POD_IX_ADD_RELAYER 0xc0154713c75ef0b8ULL
#define POD_IX_ADD_RELAYER_ACCOUNTS 2
#define POD_IX_REMOVE_RELAYER 0xed884a45e7a1959aULL
#define POD_IX_REMOVE_RELAYER_ACCOUNTS 2
#define POD_IX_SET_PAUSED 0xdaa6e1b0c07d3c5bULL
#define POD_IX_SET_PAUSED_ACCOUNTS 2
#define POD_IX_UPDATE_LIMITS 0xc230464b3c892559ULL
#define POD_IX_UPDATE_LIMITS_ACCOUNTS 2
#define POD_IX_REGISTER_AGENT 0x1eaf7102c3429d87ULL
#define POD_IX_REGISTER_AGENT_ACCOUNTS 5
#define POD_IX_REGISTER_AGENTS 0x0c6962cbe781d415ULL
#define POD_IX_REGISTER_AGENTS_ACCOUNTS 4
#define POD_IX_UPDATE_AGENT 0xa4668b7709b20255ULL
#define POD_IX_UPDATE_AGENT_ACCOUNTS 3
#define POD_IX_CLOSE_AGENT 0xed571e9d9168b934ULL
#define POD_IX_CLOSE_AGENT_ACCOUNTS 4
#define POD_IX_CREATE_CHANNEL 0x14df2e5763fd6925ULL
#define POD_IX_CREATE_CHANNEL_ACCOUNTS 6
#define POD_IX_JOIN_CHANNEL 0x1d261ad95973277cULL
#define POD_IX_JOIN_CHANNEL_ACCOUNTS 7
#define POD_IX_LEAVE_CHANNEL 0xba44505f864b0068ULL
#define POD_IX_LEAVE_CHANNEL_ACCOUNTS 6
#define POD_IX_CLOSE_CHANNEL 0x9d67004201246800ULL
#define POD_IX_CLOSE_CHANNEL_ACCOUNTS 4
#define POD_IX_SEND_MESSAGE 0x1a410abdb2222839ULL
#define POD_IX_SEND_MESSAGE_ACCOUNTS 7
#define POD_IX_POST_TO_CHANNEL 0xbda72b92c875c36fULL
#define POD_IX_POST_TO_CHANNEL_ACCOUNTS 8
#define POD_IX_MARK_DELIVERED 0x126b55408ebc76f0ULL
#define POD_IX_MARK_DELIVERED_ACCOUNTS 3
#define POD_IX_MARK_READ 0x47387a8efcee4a84ULL
#define POD_IX_MARK_READ_ACCOUNTS 3
#define POD_IX_CLOSE_EXPIRED_MESSAGE 0x79c555100cc38229ULL
#define POD_IX_CLOSE_EXPIRED_MESSAGE_ACCOUNTS 2
#define POD_IX_APPEND_COMPRESSED_MESSAGES 0x641f9578bcd35a88ULL
#define POD_IX_APPEND_COMPRESSED_MESSAGES_ACCOUNTS 12
#define POD_IX_APPEND_SIGNED_MESSAGES 0xc218f2c1c6168572ULL
#define POD_IX_APPEND_SIGNED_MESSAGES_ACCOUNTS 13

/* Accounts: discriminator, max size with discriminator, field offsets. */
#define POD_PROTOCOL_DISC 0x288348732b65272dULL
#define POD_PROTOCOL_SIZE 312
#define POD_PROTOCOL_ADMIN 8
#define POD_PROTOCOL_PAUSED 40
#define POD_PROTOCOL_BUMP 41
#define POD_PROTOCOL_LIMITS 42
#define POD_PROTOCOL_RELAYERS 52
#define POD_AGENT_DISC 0x0756c59b9370a62fULL
#define POD_AGENT_SIZE 261
#define POD_AGENT_AGENT 8
#define POD_AGENT_CAPABILITIES 40
#define POD_AGENT_REGISTERED_AT 48
#define POD_AGENT_UPDATED_AT 56
#define POD_AGENT_COMMITMENT 64
#define POD_AGENT_PAYER 96
#define POD_AGENT_BUMP 128
#define POD_AGENT_METADATA_URI 129
#define POD_CHANNEL_DISC 0x58db57dc6a639f31ULL
#define POD_CHANNEL_SIZE 191
#define POD_CHANNEL_CREATOR 8
#define POD_CHANNEL_NAME_HASH 40
#define POD_CHANNEL_VISIBILITY 72
#define POD_CHANNEL_CLOSED 73
#define POD_CHANNEL_MAX_PARTICIPANTS 74
#define POD_CHANNEL_PARTICIPANT_COUNT 78
#define POD_CHANNEL_CREATED_AT 82
#define POD_CHANNEL_PAYER 90
#define POD_CHANNEL_BUMP 122
#define POD_CHANNEL_NAME 123
#define POD_MEMBERSHIP_DISC 0xa6afa86d62b48de7ULL
#define POD_MEMBERSHIP_SIZE 113
#define POD_MEMBERSHIP_CHANNEL 8
#define POD_MEMBERSHIP_AGENT 40
#define POD_MEMBERSHIP_JOINED_AT 72
#define POD_MEMBERSHIP_PAYER 80
#define POD_MEMBERSHIP_BUMP 112
#define POD_MESSAGE_DISC 0xb57d06c66e17976eULL
#define POD_MESSAGE_SIZE 289
#define POD_MESSAGE_REQUEST_ID 8
#define POD_MESSAGE_SENDER 40
#define POD_MESSAGE_RECIPIENT 72
#define POD_MESSAGE_RECIPIENT_KIND 104
#define POD_MESSAGE_MESSAGE_TYPE 105
#define POD_MESSAGE_STATUS 106
#define POD_MESSAGE_CONTENT_HASH 107
#define POD_MESSAGE_CREATED_AT 139
#define POD_MESSAGE_EXPIRES_AT 147
#define POD_MESSAGE_COMMITMENT 155
#define POD_MESSAGE_PAYER 187
#define POD_MESSAGE_BUMP 219
#define POD_MESSAGE_CID 220
#define POD_COMPRESSED_MESSAGE_DISC 0xb2577eb7f1fc1593ULL
#define POD_COMPRESSED_MESSAGE_SIZE 80
#define POD_COMPRESSED_MESSAGE_SENDER 8
#define POD_COMPRESSED_MESSAGE_ENVELOPE_HASH 40
#define POD_COMPRESSED_MESSAGE_CREATED_AT 72
#define POD_SIGNED_MESSAGE_DISC 0xcb8fed98380097d7ULL
#define POD_SIGNED_MESSAGE_SIZE 80
#define POD_SIGNED_MESSAGE_SENDER 8
#define POD_SIGNED_MESSAGE_REQUEST_DIGEST 40
#define POD_SIGNED_MESSAGE_CREATED_AT 72

/* Events: discriminator, max size with discriminator, field offsets. */
#define POD_EV_PROTOCOL_INITIALIZED_DISC 0x844c7609fea87aadULL
#define POD_EV_PROTOCOL_INITIALIZED_SIZE 50
#define POD_EV_PROTOCOL_INITIALIZED_ADMIN 8
#define POD_EV_PROTOCOL_INITIALIZED_LIMITS 40
#define POD_EV_ADMIN_CHANGED_DISC 0x7213123ee21f22e8ULL
#define POD_EV_ADMIN_CHANGED_SIZE 72
#define POD_EV_ADMIN_CHANGED_PREVIOUS 8
#define POD_EV_ADMIN_CHANGED_ADMIN 40
#define POD_EV_RELAYER_ADDED_DISC 0x239ebfacb8787a45ULL
#define POD_EV_RELAYER_ADDED_SIZE 40
#define POD_EV_RELAYER_ADDED_RELAYER 8
#define POD_EV_RELAYER_REMOVED_DISC 0xf1414470c4a78050ULL
#define POD_EV_RELAYER_REMOVED_SIZE 40
#define POD_EV_RELAYER_REMOVED_RELAYER 8
#define POD_EV_PAUSED_SET_DISC 0x424451e99c7f7dabULL
#define POD_EV_PAUSED_SET_SIZE 9
#define POD_EV_PAUSED_SET_PAUSED 8
#define POD_EV_LIMITS_UPDATED_DISC 0x8976505b4c6c83a0ULL
#define POD_EV_LIMITS_UPDATED_SIZE 18
#define POD_EV_LIMITS_UPDATED_LIMITS 8
#define POD_EV_AGENT_REGISTERED_DISC 0x55bd64e836d94ebfULL
#define POD_EV_AGENT_REGISTERED_SIZE 112
#define POD_EV_AGENT_REGISTERED_AGENT 8
#define POD_EV_AGENT_REGISTERED_CAPABILITIES 40
#define POD_EV_AGENT_REGISTERED_AUTHORITY 48
#define POD_EV_AGENT_REGISTERED_COMMITMENT 80
#define POD_EV_AGENT_UPDATED_DISC 0xa6d2fa7bfaa2b3d2ULL
#define POD_EV_AGENT_UPDATED_SIZE 112
#define POD_EV_AGENT_UPDATED_AGENT 8
#define POD_EV_AGENT_UPDATED_CAPABILITIES 40
#define POD_EV_AGENT_UPDATED_AUTHORITY 48
#define POD_EV_AGENT_UPDATED_COMMITMENT 80
#define POD_EV_AGENT_CLOSED_DISC 0xa5c9bcdc3bcf8548ULL
#define POD_EV_AGENT_CLOSED_SIZE 104
#define POD_EV_AGENT_CLOSED_AGENT 8
#define POD_EV_AGENT_CLOSED_AUTHORITY 40
#define POD_EV_AGENT_CLOSED_COMMITMENT 72
#define POD_EV_CHANNEL_CREATED_DISC 0x8b389094a5a10420ULL
#define POD_EV_CHANNEL_CREATED_SIZE 173
#define POD_EV_CHANNEL_CREATED_CHANNEL 8
#define POD_EV_CHANNEL_CREATED_CREATOR 40
#define POD_EV_CHANNEL_CREATED_NAME_HASH 72
#define POD_EV_CHANNEL_CREATED_VISIBILITY 104
#define POD_EV_CHANNEL_CREATED_MAX_PARTICIPANTS 105
#define POD_EV_CHANNEL_CREATED_AUTHORITY 109
#define POD_EV_CHANNEL_CREATED_COMMITMENT 141
#define POD_EV_CHANNEL_JOINED_DISC 0x7539150997f9f37dULL
#define POD_EV_CHANNEL_JOINED_SIZE 140
#define POD_EV_CHANNEL_JOINED_CHANNEL 8
#define POD_EV_CHANNEL_JOINED_AGENT 40
#define POD_EV_CHANNEL_JOINED_PARTICIPANT_COUNT 72
#define POD_EV_CHANNEL_JOINED_AUTHORITY 76
#define POD_EV_CHANNEL_JOINED_COMMITMENT 108
#define POD_EV_CHANNEL_LEFT_DISC 0x0653f46869b71297ULL
#define POD_EV_CHANNEL_LEFT_SIZE 140
#define POD_EV_CHANNEL_LEFT_CHANNEL 8
#define POD_EV_CHANNEL_LEFT_AGENT 40
#define POD_EV_CHANNEL_LEFT_PARTICIPANT_COUNT 72
#define POD_EV_CHANNEL_LEFT_AUTHORITY 76
#define POD_EV_CHANNEL_LEFT_COMMITMENT 108
#define POD_EV_CHANNEL_CLOSED_DISC 0x10547cd8fe17c677ULL
#define POD_EV_CHANNEL_CLOSED_SIZE 105
#define POD_EV_CHANNEL_CLOSED_CHANNEL 8
#define POD_EV_CHANNEL_CLOSED_ACCOUNT_CLOSED 40
#define POD_EV_CHANNEL_CLOSED_AUTHORITY 41
#define POD_EV_CHANNEL_CLOSED_COMMITMENT 73
#define POD_EV_MESSAGE_SENT_DISC 0x376e1c804ce04674ULL
#define POD_EV_MESSAGE_SENT_SIZE 241
#define POD_EV_MESSAGE_SENT_MESSAGE 8
#define POD_EV_MESSAGE_SENT_REQUEST_ID 40
#define POD_EV_MESSAGE_SENT_SENDER 72
#define POD_EV_MESSAGE_SENT_RECIPIENT 104
#define POD_EV_MESSAGE_SENT_RECIPIENT_KIND 136
#define POD_EV_MESSAGE_SENT_CONTENT_HASH 137
#define POD_EV_MESSAGE_SENT_EXPIRES_AT 169
#define POD_EV_MESSAGE_SENT_AUTHORITY 177
#define POD_EV_MESSAGE_SENT_COMMITMENT 209
#define POD_EV_MESSAGE_STATUS_CHANGED_DISC 0xae121f69003f3a1cULL
#define POD_EV_MESSAGE_STATUS_CHANGED_SIZE 105
#define POD_EV_MESSAGE_STATUS_CHANGED_MESSAGE 8
#define POD_EV_MESSAGE_STATUS_CHANGED_STATUS 40
#define POD_EV_MESSAGE_STATUS_CHANGED_AUTHORITY 41
#define POD_EV_MESSAGE_STATUS_CHANGED_COMMITMENT 73
#define POD_EV_MESSAGE_CLOSED_DISC 0x129efc2ad522bb0eULL
#define POD_EV_MESSAGE_CLOSED_SIZE 40
#define POD_EV_MESSAGE_CLOSED_MESSAGE 8
#define POD_EV_COMPRESSED_MESSAGES_APPENDED_DISC 0xd457408ceabcf2dfULL
#define POD_EV_COMPRESSED_MESSAGES_APPENDED_SIZE 82
#define POD_EV_COMPRESSED_MESSAGES_APPENDED_AUTHORITY 8
#define POD_EV_COMPRESSED_MESSAGES_APPENDED_MERKLE_TREE 40
#define POD_EV_COMPRESSED_MESSAGES_APPENDED_COUNT 72
#define POD_EV_COMPRESSED_MESSAGES_APPENDED_CREATED_AT 74
#define POD_EV_SIGNED_MESSAGES_APPENDED_DISC 0xded7434ef2a43f5cULL
#define POD_EV_SIGNED_MESSAGES_APPENDED_SIZE 82
#define POD_EV_SIGNED_MESSAGES_APPENDED_AUTHORITY 8
#define POD_EV_SIGNED_MESSAGES_APPENDED_MERKLE_TREE 40
#define POD_EV_SIGNED_MESSAGES_APPENDED_COUNT 72
#define POD_EV_SIGNED_MESSAGES_APPENDED_CREATED_AT 74

/* Argument types: Borsh size and field offsets. */
#define POD_T_LIMITS_SIZE 10
#define POD_T_LIMITS_MAX_TTL_SECS 0
#define POD_T_LIMITS_MAX_CHANNEL_PARTICIPANTS 4
#define POD_T_LIMITS_MAX_BATCH 8
#define POD_T_REGISTER_AGENT_ARGS_SIZE 204
#define POD_T_REGISTER_AGENT_ARGS_AGENT 0
#define POD_T_REGISTER_AGENT_ARGS_CAPABILITIES 32
#define POD_T_REGISTER_AGENT_ARGS_METADATA_URI 40
#define POD_T_MESSAGE_ARGS_SIZE 170
#define POD_T_MESSAGE_ARGS_REQUEST_ID 0
#define POD_T_MESSAGE_ARGS_MESSAGE_TYPE 32
#define POD_T_MESSAGE_ARGS_CONTENT_HASH 33
#define POD_T_MESSAGE_ARGS_TTL_SECS 65
#define POD_T_MESSAGE_ARGS_COMMITMENT 69
#define POD_T_MESSAGE_ARGS_CID 101
#define POD_T_PACKED_RECORD_SIZE 64
#define POD_T_PACKED_RECORD_SENDER 0
#define POD_T_PACKED_RECORD_ENVELOPE_HASH 32
#define POD_CHANNEL_VISIBILITY_PUBLIC 0
#define POD_CHANNEL_VISIBILITY_INVITE_ONLY 1
#define POD_RECIPIENT_KIND_AGENT 0
#define POD_RECIPIENT_KIND_CHANNEL 1
#define POD_MESSAGE_TYPE_TEXT 0
#define POD_MESSAGE_TYPE_DATA 1
#define POD_MESSAGE_TYPE_COMMAND 2
#define POD_MESSAGE_TYPE_RESPONSE 3
#define POD_MESSAGE_STATUS_SENT 0
#define POD_MESSAGE_STATUS_DELIVERED 1
#define POD_MESSAGE_STATUS_READ 2

/* Errors, numbered as Anchor numbers custom errors. */
#define POD_ERR_INSTRUCTION_UNKNOWN 6000
#define POD_ERR_INSTRUCTION_DATA_INVALID 6001
#define POD_ERR_ACCOUNTS_MISSING 6002
#define POD_ERR_SIGNER_MISSING 6003
#define POD_ERR_ACCOUNT_NOT_WRITABLE 6004
#define POD_ERR_ACCOUNT_OWNER_INVALID 6005
#define POD_ERR_ACCOUNT_TYPE_INVALID 6006
#define POD_ERR_ADDRESS_MISMATCH 6007
#define POD_ERR_ALREADY_INITIALIZED 6008
#define POD_ERR_NOT_ADMIN 6009
#define POD_ERR_NOT_AGENT_OR_RELAYER 6010
#define POD_ERR_NOT_RECIPIENT_OR_RELAYER 6011
#define POD_ERR_NOT_CREATOR_OR_RELAYER 6012
#define POD_ERR_NOT_RELAYER 6013
#define POD_ERR_PROTOCOL_PAUSED 6014
#define POD_ERR_RELAYER_LIST_FULL 6015
#define POD_ERR_RELAYER_ALREADY_LISTED 6016
#define POD_ERR_RELAYER_NOT_LISTED 6017
#define POD_ERR_LIMITS_INVALID 6018
#define POD_ERR_METADATA_URI_TOO_LONG 6019
#define POD_ERR_BATCH_EMPTY 6020
#define POD_ERR_BATCH_TOO_LARGE 6021
#define POD_ERR_AGENT_ALREADY_REGISTERED 6022
#define POD_ERR_CHANNEL_NAME_LENGTH 6023
#define POD_ERR_CHANNEL_ALREADY_EXISTS 6024
#define POD_ERR_PARTICIPANT_LIMIT_INVALID 6025
#define POD_ERR_CHANNEL_CLOSED 6026
#define POD_ERR_CHANNEL_FULL 6027
#define POD_ERR_INVITE_REQUIRED 6028
#define POD_ERR_ALREADY_MEMBER 6029
#define POD_ERR_NOT_MEMBER 6030
#define POD_ERR_MEMBERSHIP_MISMATCH 6031
#define POD_ERR_DUPLICATE_MESSAGE 6032
#define POD_ERR_TTL_INVALID 6033
#define POD_ERR_CID_TOO_LONG 6034
#define POD_ERR_STATUS_NOT_TRACKED 6035
#define POD_ERR_STATUS_TRANSITION_INVALID 6036
#define POD_ERR_MESSAGE_NOT_EXPIRED 6037
#define POD_ERR_RENT_RECEIVER_MISMATCH 6038
#define POD_ERR_RENT_UNSUPPORTED 6039
#define POD_ERR_NOT_UPGRADE_AUTHORITY 6040
#define POD_ERR_SIGNATURE_INSTRUCTION_MISSING 6041
#define POD_ERR_SIGNATURE_LAYOUT_INVALID 6042

/* The line Anchor logs for an error, so Anchor clients parse it by name. */
static inline const char *pod_error_log(uint64_t code, uint64_t *len) {
  switch (code) {
  case 6000: *len = 128; return "AnchorError occurred. Error Code: InstructionUnknown. Error Number: 6000. Error Message: Instruction discriminator is not known.";
  case 6001: *len = 126; return "AnchorError occurred. Error Code: InstructionDataInvalid. Error Number: 6001. Error Message: Instruction data does not decode.";
  case 6002: *len = 128; return "AnchorError occurred. Error Code: AccountsMissing. Error Number: 6002. Error Message: Fewer accounts than the instruction needs.";
  case 6003: *len = 115; return "AnchorError occurred. Error Code: SignerMissing. Error Number: 6003. Error Message: A required signer did not sign.";
  case 6004: *len = 137; return "AnchorError occurred. Error Code: AccountNotWritable. Error Number: 6004. Error Message: An account that is written was passed read-only.";
  case 6005: *len = 135; return "AnchorError occurred. Error Code: AccountOwnerInvalid. Error Number: 6005. Error Message: Account is not owned by the expected program.";
  case 6006: *len = 143; return "AnchorError occurred. Error Code: AccountTypeInvalid. Error Number: 6006. Error Message: Account discriminator or size does not match its type.";
  case 6007: *len = 144; return "AnchorError occurred. Error Code: AddressMismatch. Error Number: 6007. Error Message: Account address does not match its seeds or fixed address.";
  case 6008: *len = 123; return "AnchorError occurred. Error Code: AlreadyInitialized. Error Number: 6008. Error Message: The protocol state already exists.";
  case 6009: *len = 112; return "AnchorError occurred. Error Code: NotAdmin. Error Number: 6009. Error Message: Signer is not the protocol admin.";
  case 6010: *len = 130; return "AnchorError occurred. Error Code: NotAgentOrRelayer. Error Number: 6010. Error Message: Signer is neither the agent nor a relayer.";
  case 6011: *len = 138; return "AnchorError occurred. Error Code: NotRecipientOrRelayer. Error Number: 6011. Error Message: Signer is neither the recipient nor a relayer.";
  case 6012: *len = 142; return "AnchorError occurred. Error Code: NotCreatorOrRelayer. Error Number: 6012. Error Message: Signer is neither the channel creator nor a relayer.";
  case 6013: *len = 138; return "AnchorError occurred. Error Code: NotRelayer. Error Number: 6013. Error Message: Signer is not a relayer and is not every record's sender.";
  case 6014: *len = 108; return "AnchorError occurred. Error Code: ProtocolPaused. Error Number: 6014. Error Message: The protocol is paused.";
  case 6015: *len = 111; return "AnchorError occurred. Error Code: RelayerListFull. Error Number: 6015. Error Message: The relayer list is full.";
  case 6016: *len = 121; return "AnchorError occurred. Error Code: RelayerAlreadyListed. Error Number: 6016. Error Message: The relayer is already listed.";
  case 6017: *len = 113; return "AnchorError occurred. Error Code: RelayerNotListed. Error Number: 6017. Error Message: The relayer is not listed.";
  case 6018: *len = 116; return "AnchorError occurred. Error Code: LimitsInvalid. Error Number: 6018. Error Message: A limit is zero or out of range.";
  case 6019: *len = 129; return "AnchorError occurred. Error Code: MetadataUriTooLong. Error Number: 6019. Error Message: Metadata URI exceeds its maximum length.";
  case 6020: *len = 104; return "AnchorError occurred. Error Code: BatchEmpty. Error Number: 6020. Error Message: A batch has no entries.";
  case 6021: *len = 125; return "AnchorError occurred. Error Code: BatchTooLarge. Error Number: 6021. Error Message: A batch exceeds the protocol's max_batch.";
  case 6022: *len = 125; return "AnchorError occurred. Error Code: AgentAlreadyRegistered. Error Number: 6022. Error Message: The agent is already registered.";
  case 6023: *len = 134; return "AnchorError occurred. Error Code: ChannelNameLength. Error Number: 6023. Error Message: Channel name is empty or longer than 64 bytes.";
  case 6024: *len = 123; return "AnchorError occurred. Error Code: ChannelAlreadyExists. Error Number: 6024. Error Message: A channel with this name exists.";
  case 6025: *len = 148; return "AnchorError occurred. Error Code: ParticipantLimitInvalid. Error Number: 6025. Error Message: Participant limit is zero or above the protocol limit.";
  case 6026: *len = 106; return "AnchorError occurred. Error Code: ChannelClosed. Error Number: 6026. Error Message: The channel is closed.";
  case 6027: *len = 128; return "AnchorError occurred. Error Code: ChannelFull. Error Number: 6027. Error Message: The channel has reached its participant limit.";
  case 6028: *len = 148; return "AnchorError occurred. Error Code: InviteRequired. Error Number: 6028. Error Message: Invite-only channel: the creator or a relayer must add members.";
  case 6029: *len = 129; return "AnchorError occurred. Error Code: AlreadyMember. Error Number: 6029. Error Message: The agent is already a member of the channel.";
  case 6030: *len = 121; return "AnchorError occurred. Error Code: NotMember. Error Number: 6030. Error Message: The agent is not a member of the channel.";
  case 6031: *len = 140; return "AnchorError occurred. Error Code: MembershipMismatch. Error Number: 6031. Error Message: The membership belongs to another channel or agent.";
  case 6032: *len = 125; return "AnchorError occurred. Error Code: DuplicateMessage. Error Number: 6032. Error Message: A message with this request id exists.";
  case 6033: *len = 131; return "AnchorError occurred. Error Code: TtlInvalid. Error Number: 6033. Error Message: Message TTL is zero or above the protocol maximum.";
  case 6034: *len = 112; return "AnchorError occurred. Error Code: CidTooLong. Error Number: 6034. Error Message: CID exceeds its maximum length.";
  case 6035: *len = 128; return "AnchorError occurred. Error Code: StatusNotTracked. Error Number: 6035. Error Message: Channel messages have no delivery status.";
  case 6036: *len = 131; return "AnchorError occurred. Error Code: StatusTransitionInvalid. Error Number: 6036. Error Message: Message status may only move forward.";
  case 6037: *len = 116; return "AnchorError occurred. Error Code: MessageNotExpired. Error Number: 6037. Error Message: The message has not expired.";
  case 6038: *len = 136; return "AnchorError occurred. Error Code: RentReceiverMismatch. Error Number: 6038. Error Message: Rent must return to the account that paid it.";
  case 6039: *len = 148; return "AnchorError occurred. Error Code: RentUnsupported. Error Number: 6039. Error Message: Rent sysvar has an exemption threshold the program cannot use.";
  case 6040: *len = 136; return "AnchorError occurred. Error Code: NotUpgradeAuthority. Error Number: 6040. Error Message: Signer is not the program's upgrade authority.";
  case 6041: *len = 164; return "AnchorError occurred. Error Code: SignatureInstructionMissing. Error Number: 6041. Error Message: The instruction before this one is not an ed25519 signature check.";
  case 6042: *len = 170; return "AnchorError occurred. Error Code: SignatureLayoutInvalid. Error Number: 6042. Error Message: An ed25519 entry points outside its instruction or signs other than 32 bytes.";
  default: *len = 0; return 0;
  }
}
