// Names the Solana runtime registers as syscalls for SBPFv0 programs. The loader hashes the
// name of an undefined dynamic symbol and refuses deployment when the hash is unknown, so a
// typo found here saves a failed deploy. The list is what a strict deployment in LiteSVM 1.5
// (agave 4.x, default feature set) resolves; test/syscalls.test.ts checks it against that.

/** Every syscall name a program may call. */
export const SOLANA_SYSCALLS: ReadonlySet<string> = new Set([
  "abort",
  "sol_panic_",
  "sol_log_",
  "sol_log_64_",
  "sol_log_compute_units_",
  "sol_log_pubkey",
  "sol_log_data",
  "sol_create_program_address",
  "sol_try_find_program_address",
  "sol_sha256",
  "sol_keccak256",
  "sol_secp256k1_recover",
  "sol_poseidon",
  "sol_curve_validate_point",
  "sol_curve_group_op",
  "sol_curve_multiscalar_mul",
  "sol_get_clock_sysvar",
  "sol_get_epoch_schedule_sysvar",
  "sol_get_rent_sysvar",
  "sol_get_last_restart_slot",
  "sol_get_epoch_rewards_sysvar",
  "sol_get_sysvar",
  "sol_get_epoch_stake",
  "sol_memcpy_",
  "sol_memmove_",
  "sol_memcmp_",
  "sol_memset_",
  "sol_get_processed_sibling_instruction",
  "sol_get_stack_height",
  "sol_set_return_data",
  "sol_get_return_data",
  "sol_invoke_signed_c",
  "sol_invoke_signed_rust",
  "sol_alt_bn128_group_op",
  "sol_alt_bn128_compression",
]);

/** Names agave knows but the default runtime refuses at deployment: behind features that are
 * not active (blake3, big_mod_exp, remaining_compute_units) or no longer deployable
 * (alloc_free, replaced by a heap the program manages itself). */
export const INACTIVE_SYSCALLS: ReadonlySet<string> = new Set([
  "sol_blake3",
  "sol_big_mod_exp",
  "sol_remaining_compute_units",
  "sol_alloc_free_",
]);

/** True when `name` is a syscall the runtime resolves. */
export function isSyscall(name: string): boolean {
  return SOLANA_SYSCALLS.has(name);
}

/** Undefined names that look like an attempt at a syscall rather than a missing function. */
export function looksLikeSyscall(name: string): boolean {
  return name.startsWith("sol_") || name === "abort";
}
