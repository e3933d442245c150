import { loadIdl } from "@pod/program";
import type { Operation } from "@pod/protocol";

/** What a refusal by the program means for one record. */
export type Verdict =
  /** The chain already holds this request's effect (a redelivery, a retry that landed). */
  | { kind: "applied"; name: string }
  /** The chain will never accept it: a record.failed event with `code`. */
  | { kind: "permanent"; name: string; code: string; reason: string }
  /** Not the record's fault (pause, our relayer status, funds): try again later. */
  | { kind: "transient"; name: string; reason: string };

const idlErrors = new Map(
  (loadIdl().errors ?? []).map((e) => [e.code, { name: e.name, msg: e.msg ?? e.name }]),
);

/** Errors that say the effect is already there, per operation. */
const APPLIED: Partial<Record<string, readonly Operation[]>> = {
  AgentAlreadyRegistered: ["register_agent"],
  ChannelAlreadyExists: ["create_channel"],
  AlreadyMember: ["join_channel"],
  DuplicateMessage: ["send_direct", "post_channel"],
  // Status moves only forward: a mark the message is already at (or past) is done.
  StatusTransitionInvalid: ["mark_message"],
};

/**
 * Errors about the bundler's standing or the protocol's state, not the record: the relayer
 * must be listed for every pipeline write, and a paused protocol takes none.
 */
const TRANSIENT = new Set([
  "ProtocolPaused",
  "NotAgentOrRelayer",
  "NotRecipientOrRelayer",
  "NotCreatorOrRelayer",
  "NotRelayer",
  "InviteRequired",
  // A batch one of whose agents registered meanwhile: planned again, it leaves that one out.
  "AgentAlreadyRegistered",
  "AccountNotWritable",
  "SignerMissing",
]);

/** UpperCamel error name to the UPPER_SNAKE code events carry. */
export function codeOfName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toUpperCase();
}

/** The IDL name and message of program error `code` (6000 and up). */
export function programError(code: number): { name: string; msg: string } | undefined {
  return idlErrors.get(code);
}

/** What program error `code`, raised by the instruction of a record of `op`, means. */
export function verdictOf(op: Operation, code: number): Verdict {
  const known = idlErrors.get(code);
  if (known === undefined) {
    // Below 6000: the runtime or a program the instruction called (the system program's
    // "insufficient lamports" for rent, for one): the payer's problem, not the record's.
    return { kind: "transient", name: `Custom${code}`, reason: `error ${code} from the runtime` };
  }
  if (APPLIED[known.name]?.includes(op)) return { kind: "applied", name: known.name };
  if (TRANSIENT.has(known.name)) return { kind: "transient", name: known.name, reason: known.msg };
  return { kind: "permanent", name: known.name, code: codeOfName(known.name), reason: known.msg };
}
