import {
  buildReady,
  generateKeypair,
  signNewRequest,
  type Keypair,
  type ReadyPayload,
} from "@pod/protocol";

export const newAgent = (): Keypair => generateKeypair();

/** A compressed direct message with its text inline, as compression hands it to tx-bundler. */
export function compressedDirect(from: Keypair, to: Keypair, text: string): ReadyPayload {
  const body = { to: to.address, content: { text }, contentType: "text/plain" };
  return buildReady(signNewRequest(from, "send_direct", body), "compressed", {
    compressedContent: Buffer.from(text, "utf8").toString("base64"),
    contentEncoding: "identity",
  });
}

export function registration(agent: Keypair): ReadyPayload {
  const body = { capabilities: "1", metadataUri: "ipfs://agent" };
  return buildReady(signNewRequest(agent, "register_agent", body), "direct");
}
