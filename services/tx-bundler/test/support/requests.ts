import {
  type BodyOf,
  buildReady,
  generateKeypair,
  signNewRequest,
  type ContentLocation,
  type Keypair,
  type ReadyPayload,
  type SignedRequest,
  type StorageClass,
} from "@pod/protocol";

/** Signs `op` with `body` as `agent` (a real ed25519 keypair), timestamped now. */
export function sign<Op extends SignedRequest["op"]>(
  agent: Keypair,
  op: Op,
  body: BodyOf<Op>,
): Extract<SignedRequest, { op: Op }> {
  return signNewRequest(agent, op, body) as Extract<SignedRequest, { op: Op }>;
}

export const agent = () => generateKeypair();

export function registration(a: Keypair, uri = "ipfs://agent"): ReadyPayload {
  return buildReady(sign(a, "register_agent", { capabilities: "7", metadataUri: uri }), "direct");
}

export function text(s: string) {
  return { text: s };
}

/** Inline content as compression would carry it: identity-encoded base64. */
export function inline(s: string): ContentLocation {
  return {
    compressedContent: Buffer.from(s, "utf8").toString("base64"),
    contentEncoding: "identity",
  };
}

export const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

export function direct(
  from: Keypair,
  to: Keypair,
  message: string,
  storage: StorageClass = "compressed",
  location: ContentLocation = inline(message),
  expiresAt?: number,
): ReadyPayload {
  const body = {
    to: to.address,
    content: text(message),
    contentType: "text/plain",
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  return buildReady(sign(from, "send_direct", body), storage, location);
}
