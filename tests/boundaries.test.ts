import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findViolations } from "../scripts/check-boundaries.js";

const made: string[] = [];
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pod-boundaries-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const pkg = (name: string, deps: Record<string, string> = {}) =>
  JSON.stringify({ name, dependencies: deps });

describe("service boundaries", () => {
  it("boundaries - the repository itself has no service importing another", () => {
    expect(findViolations(resolve(import.meta.dirname, ".."))).toEqual([]);
  });

  it("boundaries - a package import, a relative import and a dependency are all caught", () => {
    const root = tree({
      "services/a/package.json": pkg("@pod/a", { "@pod/b": "workspace:*" }),
      "services/a/src/x.ts": 'import { y } from "@pod/b/src/y.js";\n',
      "services/a/src/z.ts": 'export { y } from "../../b/src/y.js";\n',
      "services/b/package.json": pkg("@pod/b"),
      "services/b/src/y.ts": 'import { lib } from "@pod/protocol";\nexport const y = lib;\n',
    });
    const found = findViolations(root);
    expect(found).toHaveLength(3);
    expect(found.join("\n")).toMatch(/package\.json depends on @pod\/b/);
    expect(found.join("\n")).toMatch(/x\.ts imports @pod\/b/);
    expect(found.join("\n")).toMatch(/z\.ts imports \.\.\/\.\.\/b/);
  });

  it("boundaries - imports of shared libs are allowed", () => {
    const root = tree({
      "services/a/package.json": pkg("@pod/a", { "@pod/protocol": "workspace:*" }),
      "services/a/src/x.ts": 'import { subjects } from "@pod/protocol";\n',
    });
    expect(findViolations(root)).toEqual([]);
  });
});
