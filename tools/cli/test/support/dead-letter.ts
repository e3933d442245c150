import { connectBus, publish } from "@pod/bus";
import { subjects } from "@pod/protocol";

/**
 * Publishes bytes that are not a request to compression's input subject, as a broken stage
 * would: compression cannot decode them and parks them in POD_DLQ (pod.dlq.compression).
 */
export async function publishMalformed(natsUrl: string, marker: string): Promise<void> {
  const bus = await connectBus({ servers: natsUrl, name: "cli-test" });
  try {
    await publish(
      bus,
      subjects.pipeline("accepted", "send_direct"),
      new TextEncoder().encode(`not json ${marker}`),
      {
        msgId: `cli-test:${marker}`,
      },
    );
  } finally {
    await bus.close();
  }
}

if (process.argv[2]) await publishMalformed(process.argv[2], process.argv[3] ?? "manual");
