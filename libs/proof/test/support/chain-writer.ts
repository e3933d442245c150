import { readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_TREE_V1 } from "@pod/light";
import { spawnLocalChain, type SpawnedChain } from "@pod/local-chain";
import { pdas, podInstruction, PROGRAM_ID } from "@pod/program";
import { fromHex, type ReadyPayload } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import {
  Connection,
  Keypair,
  PublicKey,
  Transaction,
  type TransactionInstruction,
} from "@solana/web3.js";

/** A compressed message as the chain holds it, with what its confirmed event would say. */
export interface LandedMessage {
  op: ReadyPayload["op"];
  record: ReadyPayload["record"];
  requestKey: string;
  agent: string;
  commitment: string;
  signature: string;
  slot: number;
}

/**
 * The real local chain (PoD and Light programs loaded) and a relayer writing compressed
 * messages through the program's append_compressed_messages, as tx-bundler does: one
 * transaction per call, one leaf per record.
 */
export interface ChainWriter {
  chain: SpawnedChain;
  connection: Connection;
  relayer: Keypair;
  append(messages: readonly ReadyPayload[]): Promise<LandedMessage[]>;
  send(ixs: TransactionInstruction[], signers?: Keypair[]): Promise<string>;
  stop(): Promise<void>;
}

const LIMITS = { max_ttl_secs: 30 * 24 * 3600, max_channel_participants: 10_000, max_batch: 30 };

export async function startChainWriter(): Promise<ChainWriter> {
  const chain = await spawnLocalChain({ slotMs: 50 });
  const connection = new Connection(chain.rpcUrl, {
    commitment: "confirmed",
    wsEndpoint: chain.wsUrl,
  });
  const path = join(chain.ledger, "pod-upgrade-authority.json");
  const admin = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8"))));
  const relayer = Keypair.generate();
  for (const key of [admin.publicKey, relayer.publicKey]) {
    await settled(connection, await connection.requestAirdrop(key, 100e9));
  }

  const send = async (ixs: TransactionInstruction[], signers: Keypair[] = [relayer]) => {
    const tx = new Transaction().add(...ixs);
    tx.feePayer = signers[0]!.publicKey;
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    tx.sign(...signers);
    const signature = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    await settled(connection, signature);
    return signature;
  };

  const protocol = pdas.protocol();
  await send(
    [
      podInstruction(
        "initialize",
        { limits: LIMITS },
        { payer: admin.publicKey, admin: admin.publicKey, protocol },
      ),
      podInstruction(
        "add_relayer",
        { relayer: relayer.publicKey },
        { admin: admin.publicKey, protocol },
      ),
    ],
    [admin],
  );

  return {
    chain,
    connection,
    relayer,
    send,
    async append(messages) {
      const records = messages.map((m) => ({
        sender: new PublicKey(senderOf(m)),
        envelope_hash: [...fromHex(m.commitment)!],
      }));
      const ix = podInstruction(
        "append_compressed_messages",
        { records },
        {
          fee_payer: relayer.publicKey,
          authority: relayer.publicKey,
          protocol,
          cpi_authority: pdas.cpiAuthority(),
          self_program: PROGRAM_ID,
          merkle_tree: STATE_TREE_V1,
        },
      );
      const signature = await send([ix]);
      const status = await connection.getSignatureStatus(signature);
      if (status.value?.err) throw new Error(`append failed: ${JSON.stringify(status.value.err)}`);
      return messages.map((m) => ({
        op: m.op,
        record: m.record,
        requestKey: m.record.requestKey,
        agent: senderOf(m),
        commitment: m.commitment,
        signature,
        slot: status.value!.slot,
      }));
    },
    async stop() {
      await chain.stop("SIGKILL");
    },
  };
}

function senderOf(m: ReadyPayload): string {
  return (m.record as { sender: string }).sender;
}

async function settled(connection: Connection, signature: string): Promise<void> {
  await waitFor(async () => (await connection.getSignatureStatus(signature)).value !== null, {
    timeoutMs: 15_000,
    what: `transaction ${signature}`,
  });
}
