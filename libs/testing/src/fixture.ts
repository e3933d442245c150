/** Where the broker of a fixture runs. */
export type NatsBackend = "external" | "container" | "local";

/** A NATS broker owned by one test file. */
export interface NatsFixture {
  backend: NatsBackend;
  /** `nats://host:port`, credentials not included. */
  url: string;
  port: number;
  /** Credentials the broker requires (the container image sets them), else undefined. */
  user?: string;
  pass?: string;
  /** The JetStream store on the host, or undefined when the fixture does not own it. */
  storeDir?: string;
  /** What `connect()` needs: servers plus credentials when the broker asks for them. */
  connectionOptions(): { servers: string; user?: string; pass?: string };
  /** Stops the broker (gracefully) and removes its store. Idempotent. */
  stop(): Promise<void>;
  /** Stops the broker if it runs and starts it again on the same port with the same store. */
  restart(): Promise<void>;
  /** SIGKILLs the broker; the store stays, so `restart()` recovers from a crash. */
  kill(): Promise<void>;
}

export interface StartNatsOptions {
  /** Enable JetStream (default true: every test of this project needs it). */
  jetstream?: boolean;
  /** Milliseconds to wait for the broker to accept connections. Default 15 s. */
  startTimeoutMs?: number;
}
