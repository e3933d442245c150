import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { BlockhashCache, RpcPool } from "@pod/chain";
import { compressedLookupAddresses } from "@pod/program";
import type { Logger } from "@pod/runtime";
import {
  AddressLookupTableProgram,
  PublicKey,
  type AddressLookupTableAccount,
} from "@solana/web3.js";
import { sendAdmin } from "./bootstrap.js";
import type { BundlerConfig } from "./config.js";
import type { BundlerKeys } from "./keys.js";

export interface LookupTableDeps {
  pool: RpcPool;
  blockhashes: BlockhashCache;
  keys: BundlerKeys;
  config: BundlerConfig;
  log: Logger;
}

/** How long to wait for a new table to become usable (from the slot after its extension). */
const ACTIVATION_TIMEOUT_MS = 10_000;

/**
 * The lookup table the bundler compiles v0 transactions against: BUNDLER_LOOKUP_TABLE when
 * set; else, with BUNDLER_CREATE_LOOKUP_TABLE, the one it made before (its address kept in
 * `lookupTableFile`) when it still holds the append's fixed accounts, or a new one created
 * and extended by the authority (paid by the first fee payer). Each account the table holds
 * costs 1 byte of a transaction instead of 32, so a compressed-message transaction takes
 * about two more records. Undefined (legacy transactions) when neither applies or creation
 * failed (logged).
 */
export async function resolveLookupTable(
  d: LookupTableDeps,
): Promise<AddressLookupTableAccount | undefined> {
  if (d.config.lookupTable) {
    const table = await fetchTable(d.pool, new PublicKey(d.config.lookupTable));
    if (!table) throw new Error(`lookup table ${d.config.lookupTable} not found on chain`);
    return table;
  }
  if (!d.config.createLookupTable) return undefined;
  const wanted = compressedLookupAddresses([new PublicKey(d.config.stateTree)]);
  try {
    const known = await readAddress(d.config.lookupTableFile);
    if (known) {
      const table = await fetchTable(d.pool, known);
      if (table && holdsAll(table, wanted)) {
        d.log.info({ event: "lookup_table", address: known.toBase58() }, "lookup table reused");
        return table;
      }
    }
    return await createTable(d, wanted);
  } catch (error) {
    d.log.warn(
      { event: "lookup_table_failed", err: error },
      "could not create a lookup table: legacy transactions",
    );
    return undefined;
  }
}

async function createTable(
  d: LookupTableDeps,
  addresses: PublicKey[],
): Promise<AddressLookupTableAccount> {
  const authority = d.keys.authority;
  const payer = d.keys.feePayers.all()[0]!;
  const recentSlot = await d.pool.call("getSlot", (c) => c.getSlot("finalized"));
  const [create, address] = AddressLookupTableProgram.createLookupTable({
    authority: authority.publicKey,
    payer: payer.publicKey,
    recentSlot,
  });
  const extend = AddressLookupTableProgram.extendLookupTable({
    lookupTable: address,
    authority: authority.publicKey,
    payer: payer.publicKey,
    addresses,
  });
  const signature = await sendAdmin(d, authority, create, extend);
  const extendedAt = await d.pool.call("getSlot", (c) => c.getSlot("confirmed"));
  const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
  for (;;) {
    const slot = await d.pool.call("getSlot", (c) => c.getSlot("confirmed"));
    const table = slot > extendedAt ? await fetchTable(d.pool, address) : undefined;
    if (table && holdsAll(table, addresses)) {
      await mkdir(dirname(d.config.lookupTableFile), { recursive: true });
      await writeFile(d.config.lookupTableFile, JSON.stringify({ address: address.toBase58() }));
      d.log.info(
        { event: "lookup_table_created", address: address.toBase58(), signature },
        "lookup table created",
      );
      return table;
    }
    if (Date.now() > deadline) throw new Error(`lookup table ${address.toBase58()} not active`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function fetchTable(pool: RpcPool, address: PublicKey) {
  const { value } = await pool.call("getAddressLookupTable", (c) =>
    c.getAddressLookupTable(address),
  );
  return value ?? undefined;
}

function holdsAll(table: AddressLookupTableAccount, wanted: PublicKey[]): boolean {
  const held = new Set(table.state.addresses.map((a) => a.toBase58()));
  return wanted.every((a) => held.has(a.toBase58()));
}

async function readAddress(path: string): Promise<PublicKey | undefined> {
  try {
    const { address } = JSON.parse(await readFile(path, "utf8")) as { address: string };
    return new PublicKey(address);
  } catch {
    return undefined;
  }
}
