/**
 * The scenario's JSON Schema for editors (autocomplete, checking), from the zod schema. Any
 * number, and any duration written as text, may instead be an uncertain input
 * (`{ uncertain: DIST, source }`, see uncertain.ts): careflow removes those before zod sees the
 * file, so the editor's schema admits them wherever a number or a duration may stand.
 */
import { z } from "zod";
import { scenarioSchema } from "./schema.js";

const UNCERTAIN = {
  type: "object",
  description: "an uncertain input: a distribution to draw from, and where the figure comes from",
  required: ["uncertain", "source"],
  properties: {
    uncertain: { type: "object", required: ["dist"], properties: { dist: { type: "string" } } },
    source: { type: "string" },
    round: { type: "boolean" },
  },
  additionalProperties: false,
} as const;

type Node = Record<string, unknown>;

function isValueNode(node: Node): boolean {
  const type = node.type;
  if (type === "number" || type === "integer") return true;
  // Durations are text with a unit; the schema says so in their description.
  return (
    type === "string" && typeof node.description === "string" && node.description.startsWith("A duration")
  );
}

function admitUncertain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(admitUncertain);
  if (node === null || typeof node !== "object") return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) out[key] = admitUncertain(value);
  return isValueNode(out) ? { anyOf: [out, { $ref: "#/$defs/uncertainInput" }] } : out;
}

export function scenarioJsonSchema(): unknown {
  const base = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Node;
  const schema = admitUncertain(base) as Node;
  return {
    ...schema,
    $defs: { ...((schema.$defs as Node | undefined) ?? {}), uncertainInput: UNCERTAIN },
    title: "careflow scenario",
  };
}
