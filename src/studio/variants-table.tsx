/**
 * Variants side by side: a row per lever (today's value beside its label), a column per variant,
 * each problem `careflow validate` finds shown in the cell of the lever it is about.
 */
import { type Lever, type LeverGroup, leverValue, setLever } from "./levers.js";
import type { LocatedProblem } from "./pipeline-parts.js";
import { MAX_VARIANTS, nameProblem, type StudioVariant } from "./state.js";

export interface VariantsTableProps {
  groups: LeverGroup[];
  variants: StudioVariant[];
  problems: LocatedProblem[][];
  onChange: (index: number, variant: StudioVariant) => void;
  onDuplicate: (index: number) => void;
  onRemove: (index: number) => void;
}

const matches = (problem: LocatedProblem, paths: readonly string[]): boolean =>
  paths.some(
    (p) => problem.path === p || problem.path.startsWith(`${p}.`) || problem.path.startsWith(`${p}[`),
  );

/** Each problem goes to the first lever (or lever group) it is about; the rest are the variant's own. */
export function placeProblems(
  groups: readonly LeverGroup[],
  problems: readonly LocatedProblem[],
): {
  byLever: Map<string, LocatedProblem[]>;
  byGroup: Map<string, LocatedProblem[]>;
  rest: LocatedProblem[];
} {
  const byLever = new Map<string, LocatedProblem[]>();
  const byGroup = new Map<string, LocatedProblem[]>();
  const rest: LocatedProblem[] = [];
  const add = (map: Map<string, LocatedProblem[]>, key: string, p: LocatedProblem) =>
    map.set(key, [...(map.get(key) ?? []), p]);
  for (const problem of problems) {
    const lever = groups.flatMap((g) => g.levers).find((l) => matches(problem, l.problemPaths));
    if (lever !== undefined) {
      add(byLever, lever.id, problem);
      continue;
    }
    const group = groups.find((g) => g.problemPaths.some((p) => problem.path === p));
    if (group !== undefined) add(byGroup, group.title, problem);
    else rest.push(problem);
  }
  return { byLever, byGroup, rest };
}

const problemText = (p: LocatedProblem): string => `${p.path}: ${p.message}`;

function todayText(lever: Lever): string {
  switch (lever.kind) {
    case "number":
      return `${lever.today.toLocaleString("en-GB")} ${lever.unit}`;
    case "toggle":
      return lever.today ? "on" : "off";
    case "time":
      return lever.today;
    case "scale":
    case "multiplier":
      return "100%";
    case "count":
      return `${lever.today} ${lever.unit}`;
  }
}

function sameAsToday(lever: Lever, value: unknown): boolean {
  return lever.kind === "scale" || lever.kind === "multiplier" ? value === 100 : value === lever.today;
}

/** A typed number, or the text itself when it is not one (so validation can say what is wrong). */
const typed = (text: string): unknown =>
  text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;

function LeverControl(props: {
  lever: Lever;
  variant: StudioVariant;
  column: number;
  problems: LocatedProblem[];
  onChange: (overrides: Record<string, unknown>) => void;
}) {
  const { lever, variant, column, problems } = props;
  const id = `lever-${column}-${lever.id}`;
  const errorId = `${id}-error`;
  const value = leverValue(lever, variant.overrides);
  const changed = !sameAsToday(lever, value);
  const label = `${lever.label} in ${variant.name}`;
  const invalid = problems.length > 0;
  const describedBy = invalid ? errorId : undefined;
  const set = (v: unknown) => props.onChange(setLever(variant.overrides, lever, v));
  let control: preact.JSX.Element;
  switch (lever.kind) {
    case "toggle":
      control = (
        <input
          id={id}
          type="checkbox"
          aria-label={label}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          checked={value === true}
          onChange={(e) => set(e.currentTarget.checked)}
        />
      );
      break;
    case "time":
      control = (
        <input
          id={id}
          type="text"
          inputMode="numeric"
          size={6}
          aria-label={`${label} (HH:MM)`}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={String(value)}
          onInput={(e) => set(e.currentTarget.value)}
        />
      );
      break;
    default:
      control = (
        <input
          id={id}
          type="number"
          aria-label={`${label} (${lever.kind === "scale" || lever.kind === "multiplier" ? "% of today" : lever.unit})`}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          min={lever.kind === "number" || lever.kind === "count" ? lever.min : 1}
          max={lever.kind === "number" || lever.kind === "count" ? lever.max : undefined}
          step={lever.kind === "number" ? lever.step : lever.kind === "count" ? 1 : 5}
          value={typeof value === "number" ? value : String(value)}
          onInput={(e) => set(typed(e.currentTarget.value))}
        />
      );
      if (lever.kind === "scale" || lever.kind === "multiplier")
        control = <span class="with-unit">{control} %</span>;
  }
  return (
    <td class={changed ? "changed" : undefined}>
      {control}
      {changed ? <span class="visually-hidden"> (changed)</span> : null}
      {invalid ? (
        <ul id={errorId} class="problems">
          {problems.map((p) => (
            <li key={p.path + p.message}>{problemText(p)}</li>
          ))}
        </ul>
      ) : null}
    </td>
  );
}

function VariantHeading(props: {
  variant: StudioVariant;
  index: number;
  others: string[];
  canAdd: boolean;
  canRemove: boolean;
  onRename: (name: string) => void;
  onDuplicate: () => void;
  onRemove: () => void;
}) {
  const { variant, index } = props;
  const problem = nameProblem(variant.name, props.others);
  const id = `variant-name-${index}`;
  return (
    <th scope="col" class="variant-heading">
      <label for={id} class="small">
        {index === 0 ? "Variant (baseline for comparisons)" : `Variant ${index + 1}`}
      </label>
      <input
        id={id}
        type="text"
        value={variant.name}
        aria-invalid={problem !== undefined}
        aria-describedby={problem === undefined ? undefined : `${id}-error`}
        onInput={(e) => props.onRename(e.currentTarget.value.trim())}
      />
      {problem === undefined ? null : (
        <p id={`${id}-error`} class="problems">
          {problem}
        </p>
      )}
      <div class="buttons">
        <button type="button" disabled={!props.canAdd} onClick={props.onDuplicate}>
          Duplicate<span class="visually-hidden"> {variant.name}</span>
        </button>
        <button type="button" disabled={!props.canRemove} onClick={props.onRemove}>
          Remove<span class="visually-hidden"> {variant.name}</span>
        </button>
      </div>
    </th>
  );
}

export function VariantsTable(props: VariantsTableProps) {
  const { groups, variants } = props;
  const placed = variants.map((_, i) => placeProblems(groups, props.problems[i] ?? []));
  const columns = variants.length + 1;
  const anyRest = placed.some((p) => p.rest.length > 0);
  return (
    <div class="table-scroll">
      <table class="variants">
        <caption class="visually-hidden">
          Levers down the side with today's value, variants across; a changed value is highlighted.
        </caption>
        <thead>
          <tr>
            <th scope="col" class="lever-heading">
              Lever <span class="small">(today's value)</span>
            </th>
            {variants.map((variant, i) => (
              <VariantHeading
                key={i}
                variant={variant}
                index={i}
                others={variants.filter((_, j) => j !== i).map((v) => v.name)}
                canAdd={variants.length < MAX_VARIANTS}
                canRemove={variants.length > 1}
                onRename={(name) => props.onChange(i, { ...variant, name })}
                onDuplicate={() => props.onDuplicate(i)}
                onRemove={() => props.onRemove(i)}
              />
            ))}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.title}>
            <tr class="group">
              <th scope="colgroup" colSpan={columns}>
                {group.title}
                {group.note === undefined ? null : <span class="small"> — {group.note}</span>}
              </th>
            </tr>
            {group.levers.map((lever) => (
              <tr key={lever.id}>
                <th scope="row">
                  {lever.label}
                  <span class="today">
                    {lever.kind === "number" || lever.kind === "count"
                      ? ""
                      : lever.kind === "scale" || lever.kind === "multiplier"
                        ? " (% of today) "
                        : " "}
                    today: {todayText(lever)}
                  </span>
                </th>
                {variants.map((variant, i) => (
                  <LeverControl
                    key={i}
                    lever={lever}
                    variant={variant}
                    column={i}
                    problems={placed[i]!.byLever.get(lever.id) ?? []}
                    onChange={(overrides) => props.onChange(i, { ...variant, overrides })}
                  />
                ))}
              </tr>
            ))}
            {placed.some((p) => p.byGroup.has(group.title)) ? (
              <tr>
                <th scope="row">{group.title}: problems</th>
                {placed.map((p, i) => (
                  <td key={i}>
                    <ul class="problems">
                      {(p.byGroup.get(group.title) ?? []).map((problem) => (
                        <li key={problem.path + problem.message}>{problemText(problem)}</li>
                      ))}
                    </ul>
                  </td>
                ))}
              </tr>
            ) : null}
          </tbody>
        ))}
        {anyRest ? (
          <tbody>
            <tr>
              <th scope="row">Other problems</th>
              {placed.map((p, i) => (
                <td key={i}>
                  <ul class="problems">
                    {p.rest.map((problem) => (
                      <li key={problem.path + problem.message}>{problemText(problem)}</li>
                    ))}
                  </ul>
                </td>
              ))}
            </tr>
          </tbody>
        ) : null}
      </table>
    </div>
  );
}
