/**
 * `cloudfn new <name>`: a documented contract skeleton (input, output, one declared error, one
 * example, the `$schema` line), then `gen`, which scaffolds the implementation; prints what to do next.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { stringify as yamlStringify } from "yaml";
import type { ResolvedConfig } from "./config.js";
import { ContractError, UsageError } from "./errors.js";
import { compile, runGen } from "./pipeline.js";
import { findContractFiles } from "./stages/load.js";
import { createOnce } from "./stages/write.js";
import { camelCase } from "./util/naming.js";
import { packageRoot } from "./util/package-root.js";
import { t } from "./i18n/messages.js";

/** The rule the contract meta-schema holds names to. */
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export interface NewFlags {
  name: string;
  yaml: boolean;
  runtime: "nodejs" | "php";
}

function posix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Where the contract's `$schema` points: the installed meta-schema, relative to the contracts folder. */
function metaSchemaPath(config: ResolvedConfig): string {
  const own = path.join(packageRoot(), "schemas/function.schema.json");
  const inProject = !path.relative(config.rootDir, own).startsWith("..");
  return posix(
    path.relative(
      config.schemasDir,
      inProject
        ? own
        : path.join(
            config.rootDir,
            "node_modules/cloudfn/schemas/function.schema.json",
          ),
    ),
  );
}

export function skeleton(
  config: ResolvedConfig,
  flags: NewFlags,
): Record<string, unknown> {
  const code =
    flags.runtime === "php"
      ? "throw Failure::of('NOT_FOUND', ['id' => $input['id']])"
      : "throw fail('NOT_FOUND', { id: input.id })";
  return {
    $schema: metaSchemaPath(config),
    name: flags.name,
    description: `What ${flags.name} does: shown in the generated clients, handlers and docs.`,
    ...(flags.runtime === "php" ? { runtime: "php" } : {}),
    http: { path: `/${flags.name}` },
    timeoutSeconds: 10,
    idempotent: false,
    input: {
      type: "object",
      additionalProperties: false,
      required: ["id"],
      properties: {
        id: {
          type: "string",
          minLength: 1,
          maxLength: 64,
          description: "An example field: replace the input with yours.",
        },
      },
    },
    output: {
      type: "object",
      additionalProperties: false,
      required: ["id", "createdAt"],
      properties: {
        id: { type: "string" },
        createdAt: {
          type: "string",
          format: "date-time",
          description: "An example field: replace the output with yours.",
        },
      },
    },
    errors: {
      NOT_FOUND: {
        status: 404,
        description: `An example declared error; the implementation raises it with ${code}.`,
        data: {
          type: "object",
          additionalProperties: false,
          required: ["id"],
          properties: { id: { type: "string" } },
        },
      },
    },
    examples: [
      {
        name: "an example call: the contract tests replay it",
        input: { id: "abc" },
        output: { id: "abc" },
        match: "subset",
      },
    ],
  };
}

export async function runNew(
  config: ResolvedConfig,
  flags: NewFlags,
  out: (line: string) => void,
): Promise<void> {
  if (!NAME.test(flags.name)) {
    throw new UsageError(t("new.badName", { name: flags.name }));
  }
  const ext = flags.yaml ? ".fn.yaml" : ".fn.json";
  const file = path.join(config.schemasDir, `${flags.name}${ext}`);
  const display = posix(path.relative(config.rootDir, file));
  const clash = findContractFiles(config.schemasDir).find(
    (f) =>
      path
        .basename(f)
        .replace(/\.fn\.(?:json|ya?ml)$/i, "")
        .toLowerCase() === flags.name.toLowerCase(),
  );
  if (existsSync(file) || clash)
    throw new UsageError(
      t("new.exists", {
        file: posix(path.relative(config.rootDir, clash ?? file)),
      }),
    );
  if (findContractFiles(config.schemasDir).length > 0)
    try {
      const ir = compile(config);
      const taken = ir.functions.find(
        (f) =>
          f.name === flags.name || camelCase(f.name) === camelCase(flags.name),
      );
      if (taken)
        throw new UsageError(
          t("new.taken", { name: taken.name, source: taken.source }),
        );
    } catch (e) {
      // A project whose contracts do not compile yet still gets the new file; gen then reports the rest.
      if (!(e instanceof ContractError)) throw e;
    }
  const data = skeleton(config, flags);
  const text = flags.yaml
    ? yamlStringify(data, { lineWidth: 100 })
    : `${JSON.stringify(data, null, 2)}\n`;
  createOnce(file, text);
  if (!existsSync(file))
    throw new UsageError(t("new.cannotCreate", { file: display }));
  out(t("new.created", { file: display }));
  const result = await runGen(config);
  out(
    t("new.summary", { total: result.total, written: result.written.length }),
  );
  const impl = posix(
    path.relative(
      config.rootDir,
      path.join(
        config.functionsDir,
        flags.name,
        flags.runtime === "php" ? "impl.php" : "impl.ts",
      ),
    ),
  );
  const port = config.serve.port ?? 3000;
  const key = config.serve.serviceKey ?? "cloudfn-local-service-key";
  out("");
  out(t("new.next"));
  out(t("new.step1", { file: display }));
  out(t("new.step2", { file: impl }));
  out("  3. npx cloudfn serve");
  out(
    `  4. curl -s -X POST http://127.0.0.1:${port}/${flags.name} -H 'Content-Type: application/json' -H 'X-WX-SERVICE-KEY: ${key}' -d '{"id":"abc"}'`,
  );
}
