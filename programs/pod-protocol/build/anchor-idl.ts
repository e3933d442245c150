import type { EnumSpec, FieldSpec, ProgramSpec, StructSpec } from "../idl/model.js";
import { discriminator } from "./discriminator.js";

/** First custom error number, as Anchor numbers them. */
export const ERROR_BASE = 6000;

const field = (f: FieldSpec) => ({
  name: f.name,
  ...(f.doc ? { docs: [f.doc] } : {}),
  type: f.type,
});

function typeDef(t: StructSpec | EnumSpec) {
  const docs = t.doc ? { docs: [t.doc] } : {};
  if ("variants" in t) {
    return {
      name: t.name,
      ...docs,
      type: { kind: "enum", variants: t.variants.map((name) => ({ name })) },
    };
  }
  return { name: t.name, ...docs, type: { kind: "struct", fields: t.fields.map(field) } };
}

/** The IDL in Anchor's current JSON format (spec 0.1.0), discriminators computed. */
export function anchorIdl(spec: ProgramSpec) {
  return {
    address: spec.address,
    metadata: {
      name: spec.name,
      version: spec.version,
      spec: "0.1.0",
      description: spec.description,
    },
    instructions: spec.instructions.map((ix) => ({
      name: ix.name,
      docs: [
        ix.doc,
        ...(ix.remainingAccounts ? [`Remaining accounts: ${ix.remainingAccounts}`] : []),
      ],
      discriminator: discriminator("global", ix.name),
      accounts: ix.accounts.map((a) => ({
        name: a.name,
        ...(a.doc ? { docs: [a.doc] } : {}),
        ...(a.writable ? { writable: true } : {}),
        ...(a.signer ? { signer: true } : {}),
        ...(a.address ? { address: a.address } : {}),
        ...(a.pdaConst
          ? {
              pda: {
                seeds: a.pdaConst.map((s) => ({ kind: "const", value: [...Buffer.from(s)] })),
              },
            }
          : {}),
      })),
      args: ix.args.map(field),
    })),
    accounts: spec.accounts.map((a) => ({
      name: a.name,
      discriminator: discriminator("account", a.name),
    })),
    events: spec.events.map((e) => ({
      name: e.name,
      discriminator: discriminator("event", e.name),
    })),
    errors: spec.errors.map((e, i) => ({ code: ERROR_BASE + i, name: e.name, msg: e.msg })),
    types: [...spec.accounts, ...spec.events, ...spec.types].map(typeDef),
  };
}

export type AnchorIdlJson = ReturnType<typeof anchorIdl>;
