// Deploys a program the way `solana program deploy` does: a buffer account filled by Write
// instructions, then DeployWithMaxDataLen, which runs the loader's strict ELF checks.
import {
  address,
  generateKeyPairSigner,
  getAddressEncoder,
  getProgramDerivedAddress,
} from "@solana/kit";
import type { Address, KeyPairSigner } from "@solana/kit";
import type { LiteSVM } from "litesvm";
import { accounts, send } from "./svm.js";

export const UPGRADEABLE_LOADER = address("BPFLoaderUpgradeab1e11111111111111111111111");
export const SYSTEM_PROGRAM = address("11111111111111111111111111111111");
const RENT_SYSVAR = address("SysvarRent111111111111111111111111111111111");
const CLOCK_SYSVAR = address("SysvarC1ock11111111111111111111111111111111");

const BUFFER_METADATA = 37; // enum tag + Option<authority>
const PROGRAM_ACCOUNT_SIZE = 36; // enum tag + programdata address
const WRITE_CHUNK = 900; // keeps each Write transaction under the packet size

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function u64(value: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), true);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function createAccountInstruction(
  payer: KeyPairSigner,
  account: KeyPairSigner,
  lamports: bigint,
  space: number,
  owner: Address,
) {
  return {
    programAddress: SYSTEM_PROGRAM,
    accounts: [accounts.signer(payer, true), accounts.signer(account, true)],
    data: concat(
      u32(0),
      u64(lamports),
      u64(space),
      getAddressEncoder().encode(owner) as Uint8Array,
    ),
  };
}

/** Deploys `so` through the upgradeable loader; returns the program address. */
export async function deployUpgradeable(
  svm: LiteSVM,
  payer: KeyPairSigner,
  so: Uint8Array,
): Promise<Address> {
  const buffer = await generateKeyPairSigner();
  const program = await generateKeyPairSigner();
  const bufferSize = BUFFER_METADATA + so.length;

  await send(svm, payer, [
    createAccountInstruction(
      payer,
      buffer,
      svm.minimumBalanceForRentExemption(BigInt(bufferSize)),
      bufferSize,
      UPGRADEABLE_LOADER,
    ),
    {
      programAddress: UPGRADEABLE_LOADER,
      accounts: [accounts.writable(buffer.address), accounts.readonly(payer.address)],
      data: u32(0), // InitializeBuffer
    },
  ]);

  for (let offset = 0; offset < so.length; offset += WRITE_CHUNK) {
    const chunk = so.subarray(offset, offset + WRITE_CHUNK);
    await send(svm, payer, [
      {
        programAddress: UPGRADEABLE_LOADER,
        accounts: [accounts.writable(buffer.address), accounts.signer(payer, false)],
        data: concat(u32(1), u32(offset), u64(chunk.length), chunk), // Write
      },
    ]);
  }

  const [programData] = await getProgramDerivedAddress({
    programAddress: UPGRADEABLE_LOADER,
    seeds: [getAddressEncoder().encode(program.address)],
  });
  await send(svm, payer, [
    createAccountInstruction(
      payer,
      program,
      svm.minimumBalanceForRentExemption(BigInt(PROGRAM_ACCOUNT_SIZE)),
      PROGRAM_ACCOUNT_SIZE,
      UPGRADEABLE_LOADER,
    ),
    {
      programAddress: UPGRADEABLE_LOADER,
      accounts: [
        accounts.signer(payer, true),
        accounts.writable(programData),
        accounts.writable(program.address),
        accounts.writable(buffer.address),
        accounts.readonly(RENT_SYSVAR),
        accounts.readonly(CLOCK_SYSVAR),
        accounts.readonly(SYSTEM_PROGRAM),
        accounts.signer(payer, false),
      ],
      data: concat(u32(2), u64(so.length * 2)), // DeployWithMaxDataLen
    },
  ]);
  // A program deployed in a slot becomes callable from the next one.
  svm.warpToSlot(svm.getClock().slot + 1n);
  return program.address;
}
