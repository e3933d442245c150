import { CodedError } from "@pod/errors";
import type { EnumSpec, FieldSpec, IdlType, ProgramSpec, StructSpec } from "../idl/model.js";

export class LayoutError extends CodedError {
  constructor(
    message: string,
    readonly typeName: string,
  ) {
    super("LAYOUT_INVALID", message);
  }
}

export interface FieldLayout {
  readonly name: string;
  /** Byte offset after the 8-byte discriminator, or undefined after a variable field. */
  readonly offset: number | undefined;
  /** Maximum encoded size. */
  readonly maxSize: number;
  readonly fixed: boolean;
}

export interface StructLayout {
  readonly name: string;
  readonly fields: readonly FieldLayout[];
  /** Maximum Borsh size of the fields (without discriminator). */
  readonly maxSize: number;
}

type TypeTable = ReadonlyMap<string, StructSpec | EnumSpec>;

function isEnum(t: StructSpec | EnumSpec): t is EnumSpec {
  return "variants" in t;
}

function primitiveSize(type: IdlType): number | undefined {
  const sizes: Record<string, number> = { bool: 1, u8: 1, u16: 2, u32: 4, u64: 8, i64: 8 };
  if (typeof type === "string") return type === "pubkey" ? 32 : sizes[type];
  return undefined;
}

/** Maximum size of one value of `type`; `maxLen` bounds strings (bytes) and vecs (elements). */
function typeSize(
  type: IdlType,
  maxLen: number | undefined,
  table: TypeTable,
  owner: string,
): { size: number; fixed: boolean } {
  const fixed = primitiveSize(type);
  if (fixed !== undefined) return { size: fixed, fixed: true };
  if (type === "string") {
    if (maxLen === undefined) throw new LayoutError("string without maxLen", owner);
    return { size: 4 + maxLen, fixed: false };
  }
  if (typeof type === "string") throw new LayoutError(`unknown type ${type}`, owner);
  if ("array" in type) {
    const inner: { size: number; fixed: boolean } = typeSize(
      type.array[0],
      undefined,
      table,
      owner,
    );
    return { size: inner.size * type.array[1], fixed: inner.fixed };
  }
  if ("vec" in type) {
    if (maxLen === undefined) throw new LayoutError("vec without maxLen", owner);
    return { size: 4 + typeSize(type.vec, undefined, table, owner).size * maxLen, fixed: false };
  }
  if ("option" in type) {
    return { size: 1 + typeSize(type.option, maxLen, table, owner).size, fixed: false };
  }
  const def = table.get(type.defined.name);
  if (def === undefined) throw new LayoutError(`undefined type ${type.defined.name}`, owner);
  if (isEnum(def)) return { size: 1, fixed: true };
  const inner = structLayout(def, table);
  return { size: inner.maxSize, fixed: inner.fields.every((f) => f.fixed) };
}

export function structLayout(struct: StructSpec, table: TypeTable): StructLayout {
  let offset: number | undefined = 0;
  let maxSize = 0;
  const fields = struct.fields.map((field: FieldSpec) => {
    const { size, fixed } = typeSize(field.type, field.maxLen, table, struct.name);
    const layout = { name: field.name, offset, maxSize: size, fixed };
    maxSize += size;
    offset = fixed && offset !== undefined ? offset + size : undefined;
    return layout;
  });
  return { name: struct.name, fields, maxSize };
}

export function typeTable(spec: ProgramSpec): TypeTable {
  return new Map([...spec.types, ...spec.accounts].map((t) => [t.name, t]));
}
