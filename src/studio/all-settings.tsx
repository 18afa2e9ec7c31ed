/**
 * All settings: every field of the scenario for one variant at a time, generated from the schema
 * (settings.ts), each a labelled control with its description, the file's default and any problem
 * `careflow validate` finds there, in its words. Sections fold so the page stays short.
 */
import { useMemo, useState } from "preact/hooks";
import type { RawScenario } from "../scenario/variants.js";
import type { LocatedProblem } from "./pipeline-parts.js";
import {
  type DistributionNode,
  type FieldNode,
  type GroupNode,
  placeSettingProblems,
  type SettingNode,
  setSetting,
  settingsTree,
  switchDistribution,
} from "./settings.js";
import type { StudioVariant } from "./state.js";

export interface AllSettingsProps {
  file: RawScenario;
  variants: StudioVariant[];
  problems: LocatedProblem[][];
  onChange: (index: number, variant: StudioVariant) => void;
}

type Edit = (key: string, value: unknown) => void;

const domId = (key: string): string => `setting-${key.replace(/[^A-Za-z0-9_-]+/g, "-") || "root"}`;
const problemText = (p: LocatedProblem): string => `${p.path}: ${p.message}`;
/** A typed number, or the text itself when it is not one (so validation can say what is wrong). */
const typed = (text: string): unknown =>
  text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
const show = (value: unknown): string =>
  typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : JSON.stringify(value);

function Problems(props: { id: string; problems: LocatedProblem[] | undefined }) {
  if (props.problems === undefined || props.problems.length === 0) return null;
  return (
    <ul id={props.id} class="problems">
      {props.problems.map((p) => (
        <li key={p.path + p.message}>{problemText(p)}</li>
      ))}
    </ul>
  );
}

function hints(node: FieldNode): string[] {
  const out: string[] = [];
  if (node.description !== undefined && !node.description.startsWith("A duration with a unit"))
    out.push(node.description);
  if (node.control === "duration") out.push('a duration with a unit: "30min", "12h", "2d", "1w"');
  if (node.control === "time") out.push('a time of day, "HH:MM"');
  if (node.control === "list") out.push(`a list, separated by commas`);
  if (node.defaultValue !== undefined) out.push(`default: ${show(node.defaultValue)}`);
  else if (!node.required && node.value === undefined && node.uncertain === undefined) out.push("not set");
  if (node.uncertain !== undefined) out.push(`${node.uncertain}; a value here fixes it in this variant`);
  return out;
}

function Field(props: { node: FieldNode; problems: Map<string, LocatedProblem[]>; edit: Edit }) {
  const { node, edit } = props;
  const id = domId(node.key);
  const problems = props.problems.get(node.problemPath);
  const invalid = problems !== undefined && problems.length > 0;
  const help = hints(node);
  const describedBy =
    [help.length > 0 ? `${id}-help` : "", invalid ? `${id}-error` : ""].filter((x) => x !== "").join(" ") ||
    undefined;
  const common = { id, "aria-invalid": invalid, "aria-describedby": describedBy };
  /** Empty means "as in the file" when the file has nothing here; otherwise validation says what is missing. */
  const setText = (text: string, parse: (t: string) => unknown) =>
    edit(node.key, text.trim() === "" && !node.inFile ? undefined : parse(text));
  let control: preact.JSX.Element;
  switch (node.control) {
    case "checkbox":
      control = (
        <input
          {...common}
          type="checkbox"
          checked={(node.value ?? node.defaultValue) === true}
          onChange={(e) => edit(node.key, e.currentTarget.checked)}
        />
      );
      break;
    case "select":
      control = (
        <select
          {...common}
          value={node.value === undefined ? "" : String(node.value)}
          onChange={(e) => edit(node.key, e.currentTarget.value)}
        >
          {node.value === undefined ? <option value="">(not set)</option> : null}
          {node.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case "choices": {
      const chosen = (
        Array.isArray(node.value) ? node.value : Array.isArray(node.defaultValue) ? node.defaultValue : []
      ).map(String);
      return (
        <fieldset class={`setting choices${node.changed ? " changed" : ""}`} aria-describedby={describedBy}>
          <legend>{node.label}</legend>
          {node.options!.map((o) => (
            <label key={o} class="choice">
              <input
                type="checkbox"
                checked={chosen.includes(o)}
                onChange={(e) =>
                  edit(
                    node.key,
                    node.options!.filter((x) => (x === o ? e.currentTarget.checked : chosen.includes(x))),
                  )
                }
              />
              {o}
            </label>
          ))}
          <Footer node={node} id={id} help={help} problems={problems} edit={edit} />
        </fieldset>
      );
    }
    case "number":
    case "integer":
      control = (
        <input
          {...common}
          type="number"
          class="setting-number"
          step={node.control === "integer" ? 1 : "any"}
          min={node.min}
          max={node.max}
          placeholder={node.uncertain === undefined ? undefined : "uncertain"}
          value={
            typeof node.value === "number" ? node.value : node.value === undefined ? "" : String(node.value)
          }
          onInput={(e) => setText(e.currentTarget.value, typed)}
        />
      );
      break;
    case "list":
      control = (
        <input
          {...common}
          type="text"
          value={
            Array.isArray(node.value)
              ? node.value.join(", ")
              : node.value === undefined
                ? ""
                : String(node.value)
          }
          onInput={(e) =>
            setText(e.currentTarget.value, (text) =>
              text
                .split(",")
                .map((x) => x.trim())
                .filter((x) => x !== "")
                .map((x) => (node.itemType === "number" ? typed(x) : x)),
            )
          }
        />
      );
      break;
    case "readonly":
      control = (
        <output id={id} aria-describedby={describedBy}>
          {node.value === undefined ? "(not set)" : JSON.stringify(node.value)}
        </output>
      );
      break;
    default:
      control = (
        <input
          {...common}
          type="text"
          size={node.control === "text" ? 40 : 10}
          inputMode={node.control === "time" ? "numeric" : undefined}
          placeholder={node.uncertain === undefined ? undefined : "uncertain"}
          value={
            node.value === undefined
              ? ""
              : typeof node.value === "string"
                ? node.value
                : JSON.stringify(node.value)
          }
          onInput={(e) => setText(e.currentTarget.value, (t) => t)}
        />
      );
  }
  return (
    <div class={`setting${node.changed ? " changed" : ""}`}>
      <label for={id} class="setting-label">
        {node.label}
      </label>{" "}
      {control}
      <Footer node={node} id={id} help={help} problems={problems} edit={edit} />
    </div>
  );
}

function Footer(props: {
  node: FieldNode | DistributionNode;
  id: string;
  help: string[];
  problems: LocatedProblem[] | undefined;
  edit: Edit;
}) {
  const { node, id } = props;
  return (
    <>
      {node.changed ? (
        <button type="button" class="reset" onClick={() => props.edit(node.key, undefined)}>
          Reset<span class="visually-hidden"> {node.key} to the file's value</span>
        </button>
      ) : null}
      {props.help.length > 0 ? (
        <p id={`${id}-help`} class="small help">
          {props.help.map((h) => h.replace(/\.$/, "")).join("; ")}
        </p>
      ) : null}
      <Problems id={`${id}-error`} problems={props.problems} />
    </>
  );
}

function Distribution(props: {
  node: DistributionNode;
  problems: Map<string, LocatedProblem[]>;
  edit: Edit;
}) {
  const { node, edit } = props;
  const id = domId(node.key);
  const problems = props.problems.get(node.problemPath);
  const help = node.description === undefined ? [] : [node.description];
  return (
    <fieldset class={`setting distribution${node.changed ? " changed" : ""}`}>
      <legend>{node.label}</legend>
      <label for={`${id}-form`}>form</label>{" "}
      <select
        id={`${id}-form`}
        value={node.dist}
        aria-invalid={problems !== undefined}
        aria-describedby={problems === undefined ? undefined : `${id}-error`}
        onChange={(e) => edit(node.key, switchDistribution(node, e.currentTarget.value))}
      >
        {node.options.map((o) => (
          <option key={o} value={o}>
            {o === "fixed" ? "fixed duration" : o}
          </option>
        ))}
      </select>
      {node.children.map((child) => (
        <Field key={child.key + child.label} node={child} problems={props.problems} edit={edit} />
      ))}
      <Footer node={node} id={id} help={help} problems={problems} edit={edit} />
    </fieldset>
  );
}

function countProblems(node: SettingNode, problems: Map<string, LocatedProblem[]>): number {
  const own = problems.get(node.problemPath)?.length ?? 0;
  return node.kind === "field"
    ? own
    : own + node.children.reduce((n, c) => n + countProblems(c, problems), 0);
}

function Node(props: { node: SettingNode; problems: Map<string, LocatedProblem[]>; edit: Edit }) {
  const { node } = props;
  if (node.kind === "field") return <Field {...props} node={node} />;
  if (node.kind === "distribution") return <Distribution {...props} node={node} />;
  return <Group {...props} node={node} />;
}

/** The key of the list an item belongs to: "wards.amu.bedSchedule.0" → "wards.amu.bedSchedule". */
const parentKey = (key: string): string => key.slice(0, key.lastIndexOf("."));

function Group(props: { node: GroupNode; problems: Map<string, LocatedProblem[]>; edit: Edit }) {
  const { node } = props;
  const id = domId(node.key);
  const own = props.problems.get(node.problemPath);
  return (
    <fieldset class="settings-group">
      <legend>{node.label}</legend>
      {node.description === undefined ? null : <p class="small help">{node.description}</p>}
      {node.absent && !node.emptyList ? (
        <p class="small help">Not in the file; setting a field here adds it.</p>
      ) : null}
      {node.emptyList ? <p class="small help">None yet.</p> : null}
      {node.remove === undefined ? null : (
        <button type="button" class="reset" onClick={() => props.edit(parentKey(node.key), node.remove)}>
          Remove {node.label}
          <span class="visually-hidden"> from {parentKey(node.key)}</span>
        </button>
      )}
      <Problems id={`${id}-error`} problems={own} />
      {node.children.map((child) => (
        <Node key={child.key} node={child} problems={props.problems} edit={props.edit} />
      ))}
      {node.add === undefined ? null : (
        <button type="button" onClick={() => props.edit(node.key, node.add)}>
          Add to {node.label}
          <span class="visually-hidden"> ({node.key})</span>
        </button>
      )}
    </fieldset>
  );
}

/** A top-level section, folded: its title says how many problems it holds. */
function Section(props: { node: GroupNode; problems: Map<string, LocatedProblem[]>; edit: Edit }) {
  const count = countProblems(props.node, props.problems);
  return (
    <details class="settings-section" id={`${domId(props.node.key)}-section`}>
      <summary>
        {props.node.label}
        {props.node.absent ? <span class="small"> (not in the file)</span> : null}
        {count > 0 ? (
          <span class="error">
            {" "}
            — {count} problem{count === 1 ? "" : "s"}
          </span>
        ) : null}
      </summary>
      <Group {...props} />
    </details>
  );
}

export function AllSettings(props: AllSettingsProps) {
  const [selected, setSelected] = useState(0);
  const index = Math.min(selected, props.variants.length - 1);
  const variant = props.variants[index]!;
  const tree = useMemo(() => settingsTree(props.file, variant.overrides), [props.file, variant.overrides]);
  const placed = useMemo(
    () => placeSettingProblems(tree, props.problems[index] ?? []),
    [tree, props.problems, index],
  );
  const edit: Edit = (key, value) =>
    props.onChange(index, { ...variant, overrides: setSetting(variant.overrides, props.file, key, value) });
  const top = tree.children.filter((c): c is FieldNode => c.kind === "field");
  const sections = tree.children.filter((c): c is GroupNode => c.kind === "group");
  return (
    <div class="all-settings">
      <div class="field">
        <label for="settings-variant">Variant to edit</label>{" "}
        <select
          id="settings-variant"
          value={String(index)}
          onChange={(e) => setSelected(Number(e.currentTarget.value))}
        >
          {props.variants.map((v, i) => (
            <option key={i} value={String(i)}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <p class="small">
        Every field of the scenario file. A change is stored in the variant as an override (as under{" "}
        <code>variants:</code> in the file); a changed field is highlighted and has a Reset button.
      </p>
      {placed.rest.length > 0 ? <Problems id="settings-rest-error" problems={placed.rest} /> : null}
      <fieldset class="settings-group">
        <legend>The file</legend>
        {top.map((node) => (
          <Field key={node.key} node={node} problems={placed.byPath} edit={edit} />
        ))}
      </fieldset>
      {sections.map((node) => (
        <Section key={node.key} node={node} problems={placed.byPath} edit={edit} />
      ))}
    </div>
  );
}
