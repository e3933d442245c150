import bs58 from "bs58";
import { z } from "zod";
import type { AccountState } from "@pod/svm";
import { checkMinContextSlot, contextOf, type Handler } from "../context.js";
import { addressParam, encodeAccount } from "../encoding.js";
import { invalidParam, invalidParams } from "../errors.js";
import {
  accountConfig,
  commitment,
  dataSlice,
  accountEncoding,
  parseParams,
  readConfig,
} from "../params.js";

const MAX_MULTIPLE_ACCOUNTS = 100;
const MAX_FILTERS = 4;
const MAX_MEMCMP_BYTES = 128;

const memcmp = z.object({
  memcmp: z.object({
    offset: z.number().int().nonnegative(),
    bytes: z.string(),
    encoding: z.enum(["base58", "base64"]).optional(),
  }),
});
const dataSize = z.object({ dataSize: z.number().int().nonnegative() });

const programAccountsConfig = z
  .object({
    commitment,
    minContextSlot: z.number().int().nonnegative().optional(),
    encoding: accountEncoding,
    dataSlice,
    withContext: z.boolean().optional(),
    filters: z.array(z.union([memcmp, dataSize])).optional(),
  })
  .optional();

type Filter = z.infer<typeof memcmp> | z.infer<typeof dataSize>;

function compileFilter(filter: Filter): (account: AccountState) => boolean {
  if ("dataSize" in filter) return (a) => a.data.length === filter.dataSize;
  const { offset, bytes: text, encoding } = filter.memcmp;
  let bytes: Buffer;
  try {
    bytes = encoding === "base64" ? Buffer.from(text, "base64") : Buffer.from(bs58.decode(text));
  } catch {
    throw invalidParam(`invalid ${encoding ?? "base58"} memcmp bytes`);
  }
  if (bytes.length > MAX_MEMCMP_BYTES) throw invalidParam("filter data too large (max 128 bytes)");
  return (a) =>
    offset + bytes.length <= a.data.length &&
    Buffer.from(a.data.buffer, a.data.byteOffset + offset, bytes.length).equals(bytes);
}

export const accountMethods: Record<string, Handler> = {
  getAccountInfo: (params, ctx) => {
    const [address, config] = parseParams(z.tuple([z.string(), accountConfig]), params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    const account = ctx.chain.harness.getAccount(addressParam(address));
    const value =
      account === null ? null : encodeAccount(account, config?.encoding, config?.dataSlice);
    return { context: contextOf(ctx), value };
  },

  getMultipleAccounts: (params, ctx) => {
    const [addresses, config] = parseParams(z.tuple([z.array(z.string()), accountConfig]), params);
    if (addresses.length > MAX_MULTIPLE_ACCOUNTS) {
      throw invalidParams(`Too many inputs provided; max ${MAX_MULTIPLE_ACCOUNTS}`);
    }
    checkMinContextSlot(ctx, config?.minContextSlot);
    const value = addresses.map((a) => {
      const account = ctx.chain.harness.getAccount(addressParam(a));
      return account === null ? null : encodeAccount(account, config?.encoding, config?.dataSlice);
    });
    return { context: contextOf(ctx), value };
  },

  getProgramAccounts: (params, ctx) => {
    const [program, config] = parseParams(z.tuple([z.string(), programAccountsConfig]), params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    const filters = config?.filters ?? [];
    if (filters.length > MAX_FILTERS)
      throw invalidParam(`Too many filters provided; max ${MAX_FILTERS}`);
    const tests = filters.map(compileFilter);
    const value = ctx.chain.harness
      .getProgramAccounts(addressParam(program))
      .filter(({ account }) => tests.every((t) => t(account)))
      .map(({ address, account }) => ({
        pubkey: address,
        account: encodeAccount(account, config?.encoding, config?.dataSlice),
      }));
    return config?.withContext ? { context: contextOf(ctx), value } : value;
  },

  getBalance: (params, ctx) => {
    const [address, config] = parseParams(z.tuple([z.string(), readConfig]), params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    return { context: contextOf(ctx), value: ctx.chain.harness.getBalance(addressParam(address)) };
  },

  getMinimumBalanceForRentExemption: (params, ctx) => {
    const [length] = parseParams(
      z.tuple([
        z
          .number()
          .int()
          .nonnegative()
          .max(10 * 1024 * 1024),
        readConfig,
      ]),
      params,
    );
    return ctx.chain.harness.minimumBalanceForRentExemption(length);
  },
};
