/**
 * Fails when a service depends on another service. Services talk only through NATS subjects;
 * they may share code only through libs/. Checked: package.json dependencies, and every
 * import or require in a service's files (package names and relative paths).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

const importPattern =
  /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "dist") return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?[jt]sx?$/.test(name) ? [path] : [];
  });
}

/** Every place under `root` where one service depends on another, as readable lines. */
export function findViolations(root: string): string[] {
  const servicesDir = join(root, "services");
  const services = readdirSync(servicesDir).filter((d) =>
    statSync(join(servicesDir, d)).isDirectory(),
  );
  const packageOf = new Map<string, string>();
  for (const dir of services) {
    const pkg = JSON.parse(readFileSync(join(servicesDir, dir, "package.json"), "utf8"));
    packageOf.set(dir, pkg.name);
  }
  const violations: string[] = [];
  for (const dir of services) {
    const others = new Map([...packageOf].filter(([d]) => d !== dir).map(([d, n]) => [n, d]));
    const pkg = JSON.parse(readFileSync(join(servicesDir, dir, "package.json"), "utf8"));
    const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
    for (const name of Object.keys(deps)) {
      if (others.has(name)) violations.push(`services/${dir}/package.json depends on ${name}`);
    }
    for (const file of sourceFiles(join(servicesDir, dir))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(importPattern)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? "";
        const where = relative(root, file);
        const pkgName = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec;
        if (others.has(pkgName)) violations.push(`${where} imports ${spec}`);
        if (spec.startsWith(".")) {
          const target = relative(servicesDir, resolve(file, "..", spec)).split(sep)[0];
          if (target && target !== dir && packageOf.has(target)) {
            violations.push(`${where} imports ${spec} (inside services/${target})`);
          }
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(import.meta.dirname, "..");
  const violations = findViolations(root);
  if (violations.length > 0) {
    console.error("Service boundary violations (services may share code only through libs/):");
    for (const v of violations) console.error(`  ${v}`);
    process.exit(1);
  }
  console.log("boundaries ok: no service imports another");
}
