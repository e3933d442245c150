/** The subset of Anchor's IDL type grammar this program uses. */
export type IdlType =
  | "bool"
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "i64"
  | "string"
  | "pubkey"
  | { readonly option: IdlType }
  | { readonly vec: IdlType }
  | { readonly array: readonly [IdlType, number] }
  | { readonly defined: { readonly name: string } };

/** A field of the IDL source: Anchor's type plus the bound the program enforces on its size. */
export interface FieldSpec {
  readonly name: string;
  readonly type: IdlType;
  /** Upper bound in bytes for `string`, elements for `vec`; sizes accounts and checks input. */
  readonly maxLen?: number;
  readonly doc?: string;
}

export interface StructSpec {
  readonly name: string;
  readonly doc?: string;
  readonly fields: readonly FieldSpec[];
}

export interface EnumSpec {
  readonly name: string;
  readonly doc?: string;
  readonly variants: readonly string[];
}

export interface AccountMetaSpec {
  readonly name: string;
  readonly writable?: boolean;
  readonly signer?: boolean;
  /** A fixed address (a program or a PDA the build computes from `pdaConst`). */
  readonly address?: string;
  /** Constant seeds of a PDA of this program, fully known at build time. */
  readonly pdaConst?: readonly string[];
  readonly doc?: string;
}

export interface InstructionSpec {
  readonly name: string;
  readonly doc: string;
  readonly accounts: readonly AccountMetaSpec[];
  readonly args: readonly FieldSpec[];
  /** Accounts passed after the named ones (for batches). */
  readonly remainingAccounts?: string;
}

export interface ErrorSpec {
  readonly name: string;
  readonly msg: string;
}

export interface ProgramSpec {
  readonly name: string;
  readonly version: string;
  readonly address: string;
  readonly description: string;
  readonly instructions: readonly InstructionSpec[];
  /** Account types (8-byte discriminator + Borsh). */
  readonly accounts: readonly StructSpec[];
  readonly events: readonly StructSpec[];
  /** Numbered from 6000 in this order. */
  readonly errors: readonly ErrorSpec[];
  /** Types used inside accounts, events and args. */
  readonly types: readonly (StructSpec | EnumSpec)[];
}
