import { z } from "zod";
import { invalidParams } from "./errors.js";

export const commitment = z
  .enum(["processed", "confirmed", "finalized", "recent", "single", "singleGossip", "root", "max"])
  .optional();

const slotNumber = z.number().int().nonnegative();

/** Fields most read methods accept in their config object. */
export const readConfig = z
  .object({ commitment, minContextSlot: slotNumber.optional() })
  .optional();

export const accountEncoding = z
  .enum(["base58", "base64", "base64+zstd", "jsonParsed", "binary"])
  .optional();

export const dataSlice = z
  .object({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() })
  .optional();

export const accountConfig = z
  .object({
    commitment,
    minContextSlot: slotNumber.optional(),
    encoding: accountEncoding,
    dataSlice,
  })
  .optional();

/** Validates positional params against a tuple schema, throwing the validator's -32602. */
export function parseParams<T extends z.ZodType>(schema: T, params: unknown): z.infer<T> {
  const result = schema.safeParse(params ?? []);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw invalidParams(`${issue?.message ?? "invalid"}${where}`);
}
