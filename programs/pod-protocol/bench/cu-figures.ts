/** Prints the workload's compute units as the LAST_KNOWN table of test/cu.test.ts. */
import { runWorkload } from "../test/support/workload.js";

for (const step of runWorkload()) {
  process.stdout.write(`  ${JSON.stringify(step.label)}: ${step.result.computeUnitsConsumed},\n`);
}
