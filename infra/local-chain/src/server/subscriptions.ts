import { z } from "zod";
import type { LandedEvent, LocalChain } from "../chain/chain.js";
import { addressParam, encodeAccount, type AccountEncoding } from "../rpc/encoding.js";
import { invalidParam, methodNotFound, RpcError } from "../rpc/errors.js";
import { accountEncoding, commitment, parseParams } from "../rpc/params.js";

/** Where a subscription's notifications go. */
export interface Subscriber {
  notify(method: string, subscription: number, result: unknown): void;
}

type Subscription =
  | { kind: "signature"; subscriber: Subscriber; signature: string }
  | { kind: "account"; subscriber: Subscriber; address: string; encoding: AccountEncoding }
  | { kind: "program"; subscriber: Subscriber; program: string; encoding: AccountEncoding }
  | { kind: "logs"; subscriber: Subscriber; mentions: string | null }
  | { kind: "slot"; subscriber: Subscriber };

const UNSUBSCRIBE: Record<string, Subscription["kind"]> = {
  signatureUnsubscribe: "signature",
  accountUnsubscribe: "account",
  programUnsubscribe: "program",
  logsUnsubscribe: "logs",
  slotUnsubscribe: "slot",
};

const CLOSED_ACCOUNT = {
  lamports: 0n,
  data: new Uint8Array(0),
  owner: "11111111111111111111111111111111",
  executable: false,
  rentEpoch: 0n,
};

const encodingConfig = z.object({ commitment, encoding: accountEncoding }).optional();

/**
 * The validator's pubsub methods over the chain's events. Notifications are sent after a
 * transaction is durable, so every commitment level is satisfied by the first one.
 */
export class SubscriptionRegistry {
  private readonly subscriptions = new Map<number, Subscription>();
  private nextId = 0;
  private readonly detach: Array<() => void>;

  constructor(private readonly chain: LocalChain) {
    this.detach = [chain.onLanded((e) => this.onLanded(e)), chain.onSlot((s) => this.onSlot(s))];
  }

  get size(): number {
    return this.subscriptions.size;
  }

  /** Handles a subscribe or unsubscribe request; returns its JSON-RPC result. */
  handle(method: string, params: unknown, subscriber: Subscriber): unknown {
    const kind = UNSUBSCRIBE[method];
    if (kind !== undefined) {
      const [id] = parseParams(z.tuple([z.number().int()]), params);
      const sub = this.subscriptions.get(id);
      if (sub === undefined || sub.kind !== kind || sub.subscriber !== subscriber) {
        throw invalidParam("Invalid subscription id.");
      }
      this.subscriptions.delete(id);
      return true;
    }
    const sub = this.parse(method, params, subscriber);
    const id = this.nextId++;
    this.subscriptions.set(id, sub);
    if (sub.kind === "signature") {
      const landed = this.chain.index.get(sub.signature);
      // Already landed: answer at once instead of waiting for an event that has passed.
      if (landed !== undefined) {
        queueMicrotask(() => {
          if (!this.subscriptions.delete(id)) return;
          sub.subscriber.notify("signatureNotification", id, {
            context: { slot: landed.slot },
            value: { err: landed.err },
          });
        });
      }
    }
    return id;
  }

  /** Drops every subscription of a subscriber that went away. */
  removeSubscriber(subscriber: Subscriber): void {
    for (const [id, sub] of this.subscriptions) {
      if (sub.subscriber === subscriber) this.subscriptions.delete(id);
    }
  }

  close(): void {
    for (const d of this.detach) d();
    this.subscriptions.clear();
  }

  private parse(method: string, params: unknown, subscriber: Subscriber): Subscription {
    switch (method) {
      case "signatureSubscribe": {
        const [signature] = parseParams(
          z.tuple([
            z.string(),
            z.object({ commitment, enableReceivedNotification: z.boolean().optional() }).optional(),
          ]),
          params,
        );
        return { kind: "signature", subscriber, signature };
      }
      case "accountSubscribe": {
        const [address, config] = parseParams(z.tuple([z.string(), encodingConfig]), params);
        const encoding = config?.encoding ?? "binary";
        return { kind: "account", subscriber, address: addressParam(address), encoding };
      }
      case "programSubscribe": {
        const [program, config] = parseParams(z.tuple([z.string(), encodingConfig]), params);
        const encoding = config?.encoding ?? "binary";
        return { kind: "program", subscriber, program: addressParam(program), encoding };
      }
      case "logsSubscribe": {
        const filter = z.union([
          z.enum(["all", "allWithVotes"]),
          z.object({ mentions: z.array(z.string()).length(1) }),
        ]);
        const [f] = parseParams(z.tuple([filter, z.object({ commitment }).optional()]), params);
        const mentions = typeof f === "string" ? null : addressParam(f.mentions[0] as string);
        return { kind: "logs", subscriber, mentions };
      }
      case "slotSubscribe":
        return { kind: "slot", subscriber };
      default:
        throw methodNotFound();
    }
  }

  private onLanded({ tx, changed }: LandedEvent): void {
    const context = { slot: tx.slot };
    const byAddress = new Map(changed.map((c) => [c.address, c.account ?? CLOSED_ACCOUNT]));
    for (const [id, sub] of this.subscriptions) {
      try {
        this.deliver(id, sub, context, tx, byAddress);
      } catch (e) {
        // An account too large for the subscription's encoding: tell that subscriber only.
        if (!(e instanceof RpcError)) throw e;
      }
    }
  }

  private deliver(
    id: number,
    sub: Subscription,
    context: { slot: bigint },
    tx: LandedEvent["tx"],
    byAddress: Map<string, NonNullable<LandedEvent["changed"][number]["account"]>>,
  ): void {
    if (sub.kind === "signature" && sub.signature === tx.signature) {
      this.subscriptions.delete(id);
      sub.subscriber.notify("signatureNotification", id, { context, value: { err: tx.err } });
    } else if (
      sub.kind === "logs" &&
      (sub.mentions === null || tx.accountKeys.includes(sub.mentions))
    ) {
      const value = { signature: tx.signature, err: tx.err, logs: tx.logs };
      sub.subscriber.notify("logsNotification", id, { context, value });
    } else if (sub.kind === "account") {
      const account = byAddress.get(sub.address);
      if (account === undefined) return;
      sub.subscriber.notify("accountNotification", id, {
        context,
        value: encodeAccount(account, sub.encoding),
      });
    } else if (sub.kind === "program") {
      for (const [address, account] of byAddress) {
        if (account.owner !== sub.program) continue;
        sub.subscriber.notify("programNotification", id, {
          context,
          value: { pubkey: address, account: encodeAccount(account, sub.encoding) },
        });
      }
    }
  }

  private onSlot(slot: bigint): void {
    for (const [id, sub] of this.subscriptions) {
      if (sub.kind !== "slot") continue;
      sub.subscriber.notify("slotNotification", id, { parent: slot - 1n, root: slot, slot });
    }
  }
}
