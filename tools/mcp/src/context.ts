import type { PodClient } from "@pod/sdk";
import type { DeliveredMessage } from "@pod/protocol";
import type { Logger } from "./log.js";

/** What every tool works with: the agent's one client and where the system answers. */
export interface ToolContext {
  client: PodClient;
  /** The key file's path (shown by pod_whoami); the key itself stays inside `client`. */
  keypairPath: string;
  natsUrl: string;
  rpcUrl: string;
  subscriptionUrl: string;
  confirmTimeoutMs: number;
  /** Messages pod_inbox returned, so pod_verify can check them by id alone. */
  seen: SeenMessages;
  /** The cursor pod_inbox returned last: where a call without a cursor goes on from. */
  inbox: { cursor?: string };
  log: Logger;
}

/**
 * The messages this server handed out recently, by message id (bounded, oldest dropped).
 * pod_verify needs the whole delivered message (event, content, proof); the model holds only
 * its id.
 */
export class SeenMessages {
  private readonly byId = new Map<string, DeliveredMessage>();

  constructor(private readonly max = 1_000) {}

  remember(message: DeliveredMessage): void {
    const id = message.event.requestKey;
    this.byId.delete(id);
    this.byId.set(id, message);
    while (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value!);
  }

  get(id: string): DeliveredMessage | undefined {
    return this.byId.get(id);
  }
}
