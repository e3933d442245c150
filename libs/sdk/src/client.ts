import { connectBus, publish, type Bus } from "@pod/bus";
import {
  newRequestId,
  POD_HEADERS,
  requestKeyOf,
  signNewRequest,
  STREAMS,
  subjects,
  type BodyOf,
  type Content,
  type DeliveredMessage,
  type IngestVerdict,
  type Keypair,
  type Operation,
  type Receipt as IngestReceipt,
  type RecordConfirmedEvent,
  type RequestOf,
  type SignedRequest,
} from "@pod/protocol";
import {
  ChainReader,
  type AgentAccount,
  type ChannelAccount,
  type MembershipAccount,
  type MessageAccount,
} from "./chain-reads.js";
import {
  contentOf,
  fetchContent,
  type FetchContentOptions,
  type MessageContent,
} from "./content/fetch.js";
import { ClientClosedError, RecordFailedError } from "./errors.js";
import { Subscription, type SubscribeOptions } from "./subscription/subscription.js";
import { getProof, type ProvenMessage } from "./verify/proof-fetch.js";
import {
  verifyMessage,
  type VerifiableMessage,
  type VerifyReport,
} from "./verify/verify-message.js";
import { loadKeypair } from "./keypair-file.js";
import {
  createChannelBody,
  joinChannelBody,
  leaveChannelBody,
  markMessageBody,
  postChannelBody,
  registerAgentBody,
  sendDirectBody,
  updateAgentBody,
  type ChannelRef,
  type CreateChannelArgs,
  type JoinChannelArgs,
  type LeaveChannelArgs,
  type MarkMessageArgs,
  type PostChannelArgs,
  type RegisterAgentArgs,
  type SendDirectArgs,
  type UpdateAgentArgs,
} from "./operations.js";
import { RecordEvents, type RecordOutcome } from "./record-events.js";
import { localRejection, rejectionError } from "./rejections.js";
import { endPublishTrace, startPublishTrace } from "./tracing.js";
import { VerdictInbox } from "./verdicts.js";

export interface ConnectOptions {
  /** NATS server(s), e.g. `nats://127.0.0.1:4222`. */
  natsUrl: string | string[];
  /** The agent's keypair, or the path of its Solana keypair file. */
  keypair: Keypair | string;
  /** Client name the server shows. Default `pod-sdk:<address prefix>`. */
  name?: string;
  user?: string;
  pass?: string;
  /** How long `submit` waits for ingest's verdict. Default 15 s. */
  verdictTimeoutMs?: number;
  /** How long `waitFor` waits for the record event. Default 120 s. */
  confirmTimeoutMs?: number;
  /** Record outcomes remembered for late waits. Default 50,000. */
  maxRememberedOutcomes?: number;
  /** The record-event feed starts this long before connect. Default 60 s. */
  eventLookbackMs?: number;
  /** Solana JSON-RPC for chain reads and proof checks. Default http://127.0.0.1:8899. */
  rpcUrl?: string;
}

export interface SubmitOptions {
  /** Request id; a fresh UUIDv7 by default. Reusing one is a replay. */
  id?: string;
  /** Request timestamp (ms); now by default. */
  ts?: number;
  timeoutMs?: number;
}

export interface WaitOptions {
  timeoutMs?: number;
  /**
   * Also look through record events stored since this time (ms): for requests submitted
   * before this client connected, beyond the feed's lookback.
   */
  since?: number;
}

export interface PublishRawOptions {
  /** JetStream message id; random by default (so the bytes are never deduplicated away). */
  msgId?: string;
  timeoutMs?: number;
}

/** Ingest's receipt, plus the trace id the request's spans share across the pipeline. */
export type Receipt = IngestReceipt & { traceId: string };

/** A request that ingest accepted and the chain confirmed. */
export interface Confirmed {
  receipt: Receipt;
  event: RecordConfirmedEvent;
}

/** Options of every typed helper. */
export interface HelperOptions {
  /** Also wait for the chain's outcome (resolves with `{ receipt, event }`). */
  confirm?: boolean;
  /** Bound on the whole call: ingest's verdict and, with `confirm`, the record event. */
  timeoutMs?: number;
}

/** The options type when none are given: a receipt, no wait for the chain. */
type NoConfirm = { confirm?: false };

/** Confirmed with `confirm: true`, Receipt without; either when `confirm` is only a boolean. */
export type HelperResult<O extends HelperOptions> = O extends { confirm: true }
  ? Confirmed
  : O extends { confirm?: false | undefined }
    ? Receipt
    : Receipt | Confirmed;

export const DEFAULT_RPC_URL = "http://127.0.0.1:8899";
const DEFAULT_VERDICT_TIMEOUT_MS = 15_000;
const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000;

/**
 * An agent's connection to PoD: signs requests with its key, publishes them to ingest and
 * reports ingest's verdict and the chain's outcome.
 */
export class PodClient {
  /** The agent's address (base58 public key). */
  readonly agent: string;
  /** Chain reads over JSON-RPC (`rpcUrl`). */
  readonly chain: ChainReader;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    readonly keypair: Keypair,
    private readonly bus: Bus,
    private readonly inbox: VerdictInbox,
    private readonly records: RecordEvents,
    private readonly options: Required<
      Pick<ConnectOptions, "verdictTimeoutMs" | "confirmTimeoutMs" | "rpcUrl">
    >,
  ) {
    this.agent = keypair.address;
    this.chain = ChainReader.fromUrl(options.rpcUrl);
  }

  static async connect(options: ConnectOptions): Promise<PodClient> {
    const keypair =
      typeof options.keypair === "string" ? await loadKeypair(options.keypair) : options.keypair;
    const bus = await connectBus({
      servers: options.natsUrl,
      name: options.name ?? `pod-sdk:${keypair.address.slice(0, 8)}`,
      user: options.user,
      pass: options.pass,
    });
    const inbox = new VerdictInbox(bus.nc);
    const records = new RecordEvents(bus.js, {
      maxRemembered: options.maxRememberedOutcomes ?? 50_000,
      lookbackMs: options.eventLookbackMs ?? 60_000,
    });
    try {
      await records.start();
      // The inbox subscription is registered with the server before any request goes out.
      await bus.nc.flush();
    } catch (error) {
      inbox.close();
      await bus.close();
      throw error;
    }
    return new PodClient(keypair, bus, inbox, records, {
      verdictTimeoutMs: options.verdictTimeoutMs ?? DEFAULT_VERDICT_TIMEOUT_MS,
      confirmTimeoutMs: options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS,
      rpcUrl: options.rpcUrl ?? DEFAULT_RPC_URL,
    });
  }

  /**
   * The signed request of `op` with `body`, ready to submit (or to inspect: id, sig). A body
   * ingest would refuse (schema, text, size) throws its typed RejectedError (`local: true`).
   */
  sign<Op extends Operation>(op: Op, body: BodyOf<Op>, opts: SubmitOptions = {}): RequestOf<Op> {
    try {
      return signNewRequest(this.keypair, op, body, opts);
    } catch (error) {
      throw localRejection(error, op, this.agent);
    }
  }

  /**
   * Signs and submits a request; resolves with ingest's receipt once it is accepted, or
   * throws RejectedError with the rejection's code, reason and field.
   */
  submit<Op extends Operation>(
    op: Op,
    body: BodyOf<Op>,
    opts: SubmitOptions = {},
  ): Promise<Receipt> {
    return this.submitSigned(this.sign(op, body, opts), opts);
  }

  /**
   * Submits a request signed elsewhere (a relayer's batch, a test's tampered copy). The
   * JetStream message id is the request key, so a retry of the same request is stored once;
   * such a duplicate gets no second verdict and resolves with `duplicate: true`.
   */
  async submitSigned(
    request: SignedRequest,
    opts: Pick<SubmitOptions, "timeoutMs"> = {},
  ): Promise<Receipt> {
    const requestKey = requestKeyOf(request);
    const ack = await this.send(subjects.ingest(request.op), request, requestKey, opts.timeoutMs);
    if (ack.duplicate) {
      ack.cancel();
      return {
        requestId: request.id,
        requestKey,
        acceptedAt: Date.now(),
        stream: ack.stream,
        seq: ack.seq,
        duplicate: true,
        traceId: ack.traceId,
      };
    }
    const verdict = await ack.verdict;
    if (verdict.status === "rejected") throw rejectionError(verdict.rejection);
    return { ...verdict.receipt, traceId: ack.traceId };
  }

  /** Publishes arbitrary bytes to a subject with a reply inbox and resolves with the verdict. */
  async publishRaw(
    subject: string,
    bytes: Uint8Array,
    opts: PublishRawOptions = {},
  ): Promise<IngestVerdict> {
    const msgId = opts.msgId ?? `raw:${newRequestId()}`;
    const ack = await this.send(subject, bytes, msgId, opts.timeoutMs);
    return ack.verdict;
  }

  /**
   * Resolves with the request's RecordConfirmedEvent, or throws RecordFailedError when the
   * chain refused it; works whether the event came before or after this call.
   */
  async waitFor(requestKey: string, opts: WaitOptions = {}): Promise<RecordConfirmedEvent> {
    if (this.closed) throw new ClientClosedError();
    const outcome: RecordOutcome = await this.records.wait(
      requestKey,
      opts.timeoutMs ?? this.options.confirmTimeoutMs,
      opts.since,
    );
    if (outcome.kind === "failed") throw new RecordFailedError(outcome.event);
    return outcome.event;
  }

  /** submit, then waitFor its request key. */
  async submitAndConfirm<Op extends Operation>(
    op: Op,
    body: BodyOf<Op>,
    opts: SubmitOptions & { confirmTimeoutMs?: number } = {},
  ): Promise<RecordConfirmedEvent> {
    const receipt = await this.submit(op, body, opts);
    return this.waitFor(receipt.requestKey, { timeoutMs: opts.confirmTimeoutMs });
  }

  /** Registers this agent (capabilities default 0, metadataUri default ""). */
  registerAgent<O extends HelperOptions = NoConfirm>(
    args: RegisterAgentArgs = {},
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("register_agent", registerAgentBody(args), opts);
  }

  /** Changes this agent's capabilities and/or metadata URI. */
  updateAgent<O extends HelperOptions = NoConfirm>(
    args: UpdateAgentArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("update_agent", updateAgentBody(args), opts);
  }

  /** Creates a channel (public, 10,000 participants by default); the creator is a member. */
  createChannel<O extends HelperOptions = NoConfirm>(
    args: CreateChannelArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("create_channel", createChannelBody(args), opts);
  }

  /** Joins a channel given by name or id (an invite for invite-only channels). */
  joinChannel<O extends HelperOptions = NoConfirm>(
    args: JoinChannelArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("join_channel", joinChannelBody(args), opts);
  }

  /** Leaves a channel given by name or id. */
  leaveChannel<O extends HelperOptions = NoConfirm>(
    args: LeaveChannelArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("leave_channel", leaveChannelBody(args), opts);
  }

  /** Sends a direct message (text or bytes); its message id is the receipt's request key. */
  sendDirect<O extends HelperOptions = NoConfirm>(
    args: SendDirectArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("send_direct", sendDirectBody(args), opts);
  }

  /** Posts to a channel given by name or id. */
  postChannel<O extends HelperOptions = NoConfirm>(
    args: PostChannelArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("post_channel", postChannelBody(args), opts);
  }

  /** Marks a direct message (per-account ones only) delivered or read. */
  markMessage<O extends HelperOptions = NoConfirm>(
    args: MarkMessageArgs,
    opts?: O,
  ): Promise<HelperResult<O>> {
    return this.operate("mark_message", markMessageBody(args), opts);
  }

  /** The agent's account on chain (this agent by default), or undefined when unregistered. */
  getAgent(agent: string = this.agent): Promise<AgentAccount | undefined> {
    return this.chain.getAgent(agent);
  }

  /** A channel's account by name or id, or undefined when there is none. */
  getChannel(channel: ChannelRef): Promise<ChannelAccount | undefined> {
    return this.chain.getChannel(channel);
  }

  /** The agent's (this agent's by default) membership of a channel, or undefined. */
  getMembership(
    channel: ChannelRef,
    agent: string = this.agent,
  ): Promise<MembershipAccount | undefined> {
    return this.chain.getMembership(channel, agent);
  }

  /** A per-account message (expiring direct messages) by id, or undefined. */
  getMessage(messageId: string): Promise<MessageAccount | undefined> {
    return this.chain.getMessage(messageId);
  }

  /**
   * Messages pushed to this agent by the subscription service (WebSocket, or SSE), as an
   * async iterable that reconnects and resumes by itself. Without `cursor` it starts at the
   * events stream's position now (read over NATS), so even the first reconnect is gapless.
   */
  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new ClientClosedError();
    const subscription = new Subscription(this.keypair, options, async () => {
      const info = await this.bus.jsm.streams.info(STREAMS.events.name);
      return String(info.state.last_seq);
    });
    this.subscriptions.add(subscription);
    subscription.once("close", () => this.subscriptions.delete(subscription));
    return subscription;
  }

  /** Content stored in IPFS by CID, over NATS (`pod.ipfs.get`), checked against the CID. */
  fetchContent(cid: string, opts?: FetchContentOptions): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    return fetchContent(this.bus.nc, cid, opts);
  }

  /** A delivered message's content: inline, or fetched from IPFS; checked against its hash. */
  contentOf(
    delivered: Pick<DeliveredMessage, "event" | "content">,
    opts?: Omit<FetchContentOptions, "contentHash">,
  ): Promise<MessageContent> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    return contentOf(this.bus.nc, delivered, opts);
  }

  /**
   * Checks a delivered (or proven) message: signature, content and inclusion on chain (read
   * through `rpcUrl`); content in IPFS is fetched when not given.
   */
  verifyMessage(message: VerifiableMessage, content?: Uint8Array | Content): Promise<VerifyReport> {
    return verifyMessage(
      {
        chain: this.chain.connection,
        fetch: (cid, contentHash) => this.fetchContent(cid, { contentHash }),
      },
      message,
      content,
    );
  }

  /** The inclusion proof of a compressed message from the subscription service. */
  getProof(subscriptionUrl: string, requestKey: string): Promise<ProvenMessage> {
    return getProof(subscriptionUrl, requestKey);
  }

  private async operate<Op extends Operation>(
    op: Op,
    body: BodyOf<Op>,
    opts: HelperOptions = {},
  ): Promise<never> {
    const started = Date.now();
    const receipt = await this.submit(op, body, { timeoutMs: opts.timeoutMs });
    if (!opts.confirm) return receipt as never;
    const timeoutMs =
      opts.timeoutMs === undefined
        ? undefined
        : Math.max(1, opts.timeoutMs - (Date.now() - started));
    const event = await this.waitFor(receipt.requestKey, { timeoutMs });
    return { receipt, event } satisfies Confirmed as never;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((sub) => sub.close()));
    this.inbox.close();
    await this.records.close();
    await this.bus.close();
  }

  private async send(
    subject: string,
    payload: object | Uint8Array,
    msgId: string,
    timeoutMs?: number,
  ) {
    if (this.closed) throw new ClientClosedError();
    const traced = startPublishTrace(`publish ${subject}`, {
      "messaging.system": "nats",
      "messaging.destination.name": subject,
      "messaging.operation.type": "send",
      "messaging.message.id": msgId,
      "pod.agent": this.agent,
    });
    const expected = this.inbox.expect(timeoutMs ?? this.options.verdictTimeoutMs, msgId);
    try {
      const ack = await publish(this.bus, subject, payload as object, {
        msgId,
        headers: { [POD_HEADERS.replyTo]: expected.subject },
        expectStream: STREAMS.requests.name,
        context: traced.context,
      });
      endPublishTrace(traced);
      return {
        stream: ack.stream,
        seq: ack.seq,
        duplicate: ack.duplicate,
        traceId: traced.traceId,
        verdict: expected.verdict,
        cancel: expected.cancel,
      };
    } catch (error) {
      endPublishTrace(traced, error);
      expected.cancel();
      throw error;
    }
  }
}
