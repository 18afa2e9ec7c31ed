/**
 * careflow studio: pick or open a scenario, change levers in up to six variants side by side,
 * run replications in Web Workers, read the answer first. Every number comes from the pipeline.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { AllSettings } from "./all-settings.js";
import { downloadText, recordsJsonl, reportHtml } from "./downloads.js";
import { leversFor } from "./levers.js";
import { formatProblems, MAX_SCENARIO_BYTES, ScenarioError } from "./pipeline-parts.js";
import { Charts, chartsOf, FiguresTable, HeadlineBlock, headlineOf } from "./results.js";
import { type FinishedRun, runStudioBatch } from "./runner.js";
import {
  copyName,
  initialState,
  MAX_VARIANTS,
  nameProblem,
  readScenario,
  type StudioState,
  type StudioVariant,
  studioYaml,
  variantProblems,
} from "./state.js";
import { forgetState, loadSavedState, saveState } from "./storage.js";
import { VariantsTable } from "./variants-table.js";
import { CancelledError } from "./web-executor.js";

interface StudioConfig {
  /** The scenario `careflow studio FILE` was given, if any. */
  scenario: { file: string; url: string } | null;
}

type RunView =
  | {
      id: number;
      status: "running";
      variants: string[];
      done: number;
      total: number;
      records: readonly unknown[];
    }
  | { id: number; status: "done"; variants: string[]; run: FinishedRun }
  | { id: number; status: "cancelled" | "failed"; variants: string[]; message: string };

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

async function fetchConfig(): Promise<StudioConfig> {
  try {
    const response = await fetch("studio-config.json");
    if (!response.ok) return { scenario: null };
    return (await response.json()) as StudioConfig;
  } catch {
    return { scenario: null };
  }
}

function Picker(props: { onLoad: (file: string, text: string) => void; current: string | undefined }) {
  const [shipped, setShipped] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    fetchText("scenarios/index.json")
      .then((text) => setShipped(JSON.parse(text) as string[]))
      .catch(() => setShipped([]));
  }, []);
  const open = async (file: string, read: () => Promise<string>) => {
    try {
      const text = await read();
      const result = readScenario(file, text);
      if ("problems" in result) {
        setError(result.message);
        return;
      }
      setError(undefined);
      props.onLoad(file, text);
    } catch (e) {
      setError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section class="picker" aria-labelledby="picker-title">
      <h2 id="picker-title">{props.current === undefined ? "Choose a scenario" : "Open another scenario"}</h2>
      {shipped.length > 0 ? (
        <ul class="shipped">
          {shipped.map((file) => (
            <li key={file}>
              <button type="button" onClick={() => open(file, () => fetchText(`scenarios/${file}`))}>
                {file.replace(/\.yaml$/, "")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label for="upload">
        Open a scenario file from this computer (YAML or JSON; nothing is uploaded anywhere)
      </label>
      <input
        id="upload"
        type="file"
        accept=".yaml,.yml,.json,text/yaml,application/json"
        aria-describedby={error === undefined ? undefined : "upload-error"}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          input.value = "";
          if (file === undefined) return;
          if (file.size > MAX_SCENARIO_BYTES) {
            setError(
              formatProblems(file.name, [
                { path: "(the whole file)", message: "is too large for a scenario file" },
              ]),
            );
            return;
          }
          void open(file.name, () => file.text());
        }}
      />
      {error === undefined ? null : (
        <pre id="upload-error" class="error" role="alert">
          {error}
        </pre>
      )}
    </section>
  );
}

function RunSettings(props: {
  state: StudioState;
  horizonProblems: string[];
  onChange: (state: StudioState) => void;
}) {
  const { state } = props;
  const replicationsProblem =
    Number.isSafeInteger(state.replications) && state.replications >= 2 && state.replications <= 1000
      ? undefined
      : "replications must be a whole number from 2 to 1000";
  return (
    <fieldset class="run-settings">
      <legend>Run settings (every variant)</legend>
      <div class="field">
        <label for="replications">Replications a variant</label>
        <input
          id="replications"
          type="number"
          min={2}
          max={1000}
          step={1}
          value={Number.isFinite(state.replications) ? state.replications : ""}
          aria-invalid={replicationsProblem !== undefined}
          aria-describedby={replicationsProblem === undefined ? undefined : "replications-error"}
          onInput={(e) => {
            const text = e.currentTarget.value.trim();
            props.onChange({ ...state, replications: text === "" ? Number.NaN : Number(text) });
          }}
        />
        {replicationsProblem === undefined ? null : (
          <p id="replications-error" class="problems">
            {replicationsProblem}
          </p>
        )}
      </div>
      <div class="field">
        <label for="horizon">Simulated period after warm-up (blank: the file's)</label>
        <input
          id="horizon"
          type="text"
          placeholder="e.g. 30d, 52w"
          value={state.horizon ?? ""}
          aria-invalid={props.horizonProblems.length > 0}
          aria-describedby={props.horizonProblems.length > 0 ? "horizon-error" : undefined}
          onInput={(e) => {
            const text = e.currentTarget.value.trim();
            props.onChange({ ...state, horizon: text === "" ? null : text });
          }}
        />
        {props.horizonProblems.length === 0 ? null : (
          <ul id="horizon-error" class="problems">
            {props.horizonProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      <div class="field">
        <label for="seed">Random seed (blank: the file's)</label>
        <input
          id="seed"
          type="number"
          step={1}
          value={state.seed ?? ""}
          onInput={(e) => {
            const text = e.currentTarget.value.trim();
            props.onChange({
              ...state,
              seed: text === "" || !Number.isSafeInteger(Number(text)) ? null : Number(text),
            });
          }}
        />
      </div>
    </fieldset>
  );
}

function Workbench(props: { state: StudioState; setState: (s: StudioState) => void }) {
  const { state, setState } = props;
  const parsed = useMemo(() => {
    const result = readScenario(state.scenarioFile, state.scenarioText);
    return "parsed" in result ? result.parsed : undefined;
  }, [state.scenarioFile, state.scenarioText]);
  const groups = useMemo(() => (parsed === undefined ? [] : leversFor(parsed.raw)), [parsed]);
  const problems = useMemo(
    () => (parsed === undefined ? [] : state.variants.map((v) => variantProblems(parsed, state, v))),
    [parsed, state],
  );
  const names = state.variants.map((v) => v.name);
  const nameProblems = names.map((n, i) =>
    nameProblem(
      n,
      names.filter((_, j) => j !== i),
    ),
  );
  const horizonProblems = [
    ...new Set(
      problems
        .flat()
        .filter((p) => p.path === "run.horizon")
        .map((p) => `${p.path}: ${p.message}`),
    ),
  ];
  const blocking =
    problems.some((p) => p.length > 0) ||
    nameProblems.some((p) => p !== undefined) ||
    !(Number.isSafeInteger(state.replications) && state.replications >= 2 && state.replications <= 1000);

  const [run, setRun] = useState<RunView | undefined>();
  const current = useRef<{ id: number; controller: AbortController } | undefined>(undefined);
  const nextId = useRef(0);
  const frame = useRef<number | undefined>(undefined);

  useEffect(() => () => current.current?.controller.abort(), []);

  const setVariant = (index: number, variant: StudioVariant) =>
    setState({ ...state, variants: state.variants.map((v, i) => (i === index ? variant : v)) });
  const duplicate = (index: number) => {
    if (state.variants.length >= MAX_VARIANTS) return;
    const source = state.variants[index]!;
    const copy = { name: copyName(source.name, names), overrides: { ...source.overrides } };
    const variants = [...state.variants];
    variants.splice(index + 1, 0, copy);
    setState({ ...state, variants });
  };
  const remove = (index: number) => {
    if (state.variants.length <= 1) return;
    setState({ ...state, variants: state.variants.filter((_, i) => i !== index) });
  };

  /** A progress repaint still queued must not land after the run's outcome. */
  const dropPendingFrame = () => {
    if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    frame.current = undefined;
  };

  const start = () => {
    if (blocking) return;
    current.current?.controller.abort();
    dropPendingFrame();
    const id = ++nextId.current;
    const controller = new AbortController();
    current.current = { id, controller };
    const variants = [...names];
    const isCurrent = () => current.current?.id === id;
    setRun({
      id,
      status: "running",
      variants,
      done: 0,
      total: state.replications * variants.length,
      records: [],
    });
    runStudioBatch(state, controller.signal, (progress) => {
      if (!isCurrent() || frame.current !== undefined) return;
      // One repaint a frame however fast records arrive: the page stays responsive.
      frame.current = requestAnimationFrame(() => {
        frame.current = undefined;
        if (isCurrent())
          setRun({
            id,
            status: "running",
            variants,
            done: progress.done,
            total: progress.total,
            records: [...progress.records],
          });
      });
    })
      .then((finished) => {
        if (!isCurrent()) return;
        dropPendingFrame();
        setRun({ id, status: "done", variants, run: finished });
      })
      .catch((error: unknown) => {
        if (!isCurrent()) return;
        dropPendingFrame();
        const message =
          error instanceof CancelledError
            ? "Cancelled: no results are shown for the cancelled run."
            : error instanceof ScenarioError
              ? error.message
              : `The run failed: ${error instanceof Error ? error.message : String(error)}`;
        setRun({ id, status: error instanceof CancelledError ? "cancelled" : "failed", variants, message });
      });
  };
  const cancel = () => current.current?.controller.abort();

  // The lever table depends on the settings only: progress repaints during a run skip it.
  const table = useMemo(
    () => (
      <VariantsTable
        groups={groups}
        variants={state.variants}
        problems={problems}
        onChange={setVariant}
        onDuplicate={duplicate}
        onRemove={remove}
      />
    ),
    [groups, state, problems],
  );

  const settings = useMemo(
    () =>
      parsed === undefined ? null : (
        <details class="all-settings-view" id="all-settings">
          <summary>
            <h3>All settings</h3>
            <span class="small"> — every field of the file, for one variant at a time</span>
          </summary>
          <AllSettings
            file={parsed.raw}
            variants={state.variants}
            problems={problems}
            onChange={setVariant}
          />
        </details>
      ),
    [parsed, state, problems],
  );

  const finished = run?.status === "done" ? run.run : undefined;
  const headline = useMemo(() => (finished === undefined ? undefined : headlineOf(finished)), [finished]);
  const charts = useMemo(() => (finished === undefined ? [] : chartsOf(finished)), [finished]);
  const stale = finished !== undefined && finished.source.text !== studioYaml(state);
  const base = state.scenarioFile.replace(/\.(ya?ml|json)$/i, "");

  return (
    <>
      <section aria-labelledby="variants-title">
        <div class="section-head">
          <h2 id="variants-title">Variants</h2>
          <p class="small">
            {parsed?.raw.name === undefined ? state.scenarioFile : String(parsed.raw.name)} — change a lever
            in a variant; duplicate a variant to compare (up to {MAX_VARIANTS}). The first is the baseline.
          </p>
        </div>
        {table}
        {settings}
      </section>
      <section class="run" aria-labelledby="run-title">
        <h2 id="run-title">Run</h2>
        <RunSettings state={state} horizonProblems={horizonProblems} onChange={setState} />
        <div class="buttons">
          <button
            type="button"
            class="primary"
            onClick={start}
            disabled={blocking}
            aria-describedby="run-help"
          >
            Run {Number.isFinite(state.replications) ? `${state.replications} replications of ` : ""}
            {state.variants.length} variant{state.variants.length === 1 ? "" : "s"}
          </button>
          <button type="button" onClick={cancel} disabled={run?.status !== "running"}>
            Cancel
          </button>
          <button
            type="button"
            onClick={() => downloadText(`${base}-studio.yaml`, studioYaml(state), "application/yaml")}
            disabled={blocking}
          >
            Download scenario (YAML)
          </button>
        </div>
        <p id="run-help" class="small">
          {blocking
            ? "Fix the problems shown above to run."
            : "Runs in this browser, one worker per processor core; nothing leaves this computer."}
        </p>
        <div role="status" aria-live="polite" class="status">
          {run?.status === "running" ? (
            <>
              <label for="progress">
                {run.done} of {run.total} replications done
              </label>
              <progress id="progress" max={run.total} value={run.done} />
            </>
          ) : run?.status === "done" ? (
            `Finished: ${run.run.finished.summary.replications} replications of ${run.variants.length} variant${run.variants.length === 1 ? "" : "s"} in ${run.run.runInfo.wallSeconds.toFixed(1)} s.`
          ) : run !== undefined ? (
            <span class={run.status === "failed" ? "error" : undefined}>{run.message}</span>
          ) : null}
        </div>
      </section>
      {run?.status === "running" && run.records.length > 0 ? (
        <section aria-labelledby="live-title">
          <h2 id="live-title">So far</h2>
          <FiguresTable variants={run.variants} records={run.records as FinishedRun["records"]} />
        </section>
      ) : null}
      {finished !== undefined && headline !== undefined ? (
        <>
          {stale ? (
            <p class="note" role="note">
              These results are for the settings when the run started; you have changed them since. Run again
              to update.
            </p>
          ) : null}
          <HeadlineBlock lines={headline} variants={run!.variants} />
          <FiguresTable variants={run!.variants} records={finished.records} />
          <div class="buttons">
            <button
              type="button"
              onClick={() => downloadText(`${base}-studio.yaml`, finished.source.text, "application/yaml")}
            >
              Download the scenario that ran (YAML)
            </button>
            <button
              type="button"
              onClick={() => {
                void reportHtml(finished).then((html) =>
                  downloadText(`${base}-report.html`, html, "text/html"),
                );
              }}
            >
              Download the HTML report
            </button>
            <button
              type="button"
              onClick={() =>
                downloadText("replications.jsonl", recordsJsonl(finished), "application/x-ndjson")
              }
            >
              Download replications (JSONL)
            </button>
          </div>
          <Charts charts={charts} />
        </>
      ) : null}
    </>
  );
}

export function App() {
  const [state, setStateRaw] = useState<StudioState | undefined>();
  const [loading, setLoading] = useState(true);
  const [startupError, setStartupError] = useState<string | undefined>();
  const setState = (next: StudioState) => {
    setStateRaw(next);
    saveState(next);
  };
  const load = (file: string, text: string) => {
    const result = readScenario(file, text);
    if ("problems" in result) {
      setStartupError(result.message);
      return;
    }
    setStartupError(undefined);
    setState(initialState(file, text, result.parsed));
  };

  useEffect(() => {
    void (async () => {
      const saved = loadSavedState();
      const config = await fetchConfig();
      if (config.scenario !== null) {
        try {
          const text = await fetchText(config.scenario.url);
          if (
            saved !== undefined &&
            saved.scenarioFile === config.scenario.file &&
            saved.scenarioText === text
          ) {
            setStateRaw(saved);
          } else load(config.scenario.file, text);
        } catch (e) {
          setStartupError(
            `Cannot read ${config.scenario.file}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      } else if (saved !== undefined && "parsed" in readScenario(saved.scenarioFile, saved.scenarioText)) {
        setStateRaw(saved);
      }
      setLoading(false);
    })();
  }, []);

  return (
    <>
      <header>
        <h1>careflow studio</h1>
        <p class="small">Patient-flow simulation in your browser. Nothing you enter leaves this computer.</p>
      </header>
      <main>
        {loading ? <p>Loading…</p> : null}
        {startupError === undefined ? null : (
          <pre class="error" role="alert">
            {startupError}
          </pre>
        )}
        {state === undefined ? null : (
          <Workbench key={state.scenarioText} state={state} setState={setState} />
        )}
        {loading ? null : (
          <Picker
            current={state?.scenarioFile}
            onLoad={(file, text) => {
              forgetState();
              load(file, text);
            }}
          />
        )}
      </main>
    </>
  );
}
