import { SystemProgram } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { pdas, PROGRAM_ID } from "../src/program.js";
import { eventsOf, offlineProgram, programDataAddress } from "./support/chain.js";
import { DEFAULT_LIMITS, keypair, LIGHT, Pod } from "./support/pod.js";
import { records } from "./support/records.js";

describe("anchor client", () => {
  it("Program.methods builds an instruction the program executes; the coder reads the result", async () => {
    const pod = Pod.create({ init: false });
    const program = offlineProgram();
    const ix = await program.methods
      .initialize({ maxTtlSecs: 10, maxChannelParticipants: 2, maxBatch: 3 })
      .accountsStrict({
        payer: pod.payer.publicKey,
        admin: pod.admin.publicKey,
        protocol: pdas.protocol(),
        programData: programDataAddress(),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    const r = pod.ok(ix, [pod.admin]);
    // Program's coder works on the camelCased IDL, as Anchor clients see it.
    const state = program.coder.accounts.decode("protocol", pod.chain.raw(pdas.protocol())!);
    expect(state.limits).toEqual({ maxTtlSecs: 10, maxChannelParticipants: 2, maxBatch: 3 });
    expect(eventsOf(r)[0]?.name).toBe("ProtocolInitialized");
  });

  it("Program.methods and the IDL builder produce the same append instruction", async () => {
    const pod = Pod.create({ init: false, limits: DEFAULT_LIMITS });
    const relayer = keypair("relayer");
    const batch = records(3, "same");
    const fromAnchor = await offlineProgram()
      .methods.appendCompressedMessages(
        batch.map((r) => ({ sender: r.sender, envelopeHash: r.envelope_hash })),
      )
      .accountsPartial({
        feePayer: pod.payer.publicKey,
        authority: relayer.publicKey,
        protocol: pdas.protocol(),
        cpiAuthority: pdas.cpiAuthority(),
        selfProgram: PROGRAM_ID,
        merkleTree: LIGHT.stateTree,
      })
      .instruction();
    const ours = pod.appendCompressed(batch, relayer);
    expect(fromAnchor.data.equals(ours.data)).toBe(true);
    expect(fromAnchor.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable])).toEqual(
      ours.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]),
    );
  });
});
