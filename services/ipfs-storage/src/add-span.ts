import { SpanStatusCode, trace, TRACE_ATTR } from "@pod/runtime";
import type { StoredContent } from "./content-store.js";

/**
 * Runs an IPFS add inside span "ipfs add" (a child of the store message's consumer span) that
 * names the request, the content's size, and once stored its CID and whether the block is new.
 */
export async function withAddSpan(
  requestKey: string,
  bytes: number,
  add: () => Promise<StoredContent>,
): Promise<StoredContent> {
  return trace
    .getTracer("@pod/ipfs-storage")
    .startActiveSpan(
      "ipfs add",
      { attributes: { [TRACE_ATTR.requestKey]: requestKey, [TRACE_ATTR.ipfsBytes]: bytes } },
      async (span) => {
        try {
          const stored = await add();
          span.setAttributes({
            [TRACE_ATTR.ipfsCid]: stored.cid.toString(),
            [TRACE_ATTR.ipfsNewBlock]: stored.added,
          });
          return stored;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
}
