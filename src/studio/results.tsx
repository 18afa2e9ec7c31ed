/**
 * Results, answer first: the headline sentences, a table of key figures (live while replications
 * arrive), then the batch report's own Vega-Lite charts drawn by vega-embed from the local copies.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { headlineOf } from "./headline.js";
import {
  batch,
  buildBatchCharts,
  decimalsFor,
  formatNumber,
  type HeadlineLine,
  type HeadlineTone,
  metricLabel,
  type NamedChart,
} from "./pipeline-parts.js";
import type { FinishedRun } from "./runner.js";

const KEY_METRICS = batch.DEFAULT_KEY_METRICS;

function cell(values: readonly number[]): string {
  if (values.length === 0) return "–";
  const s = batch.summariseSample(values);
  const half = s.ci !== null && Number.isFinite(s.ci.halfWidth) ? s.ci.halfWidth : null;
  const places = decimalsFor(half, s.mean);
  return half === null
    ? formatNumber(s.mean, places)
    : `${formatNumber(s.mean, places)} ± ${formatNumber(half, places)}`;
}

/** Mean ± 95% CI half-width of the key metrics from the records so far. */
export function FiguresTable(props: {
  variants: readonly string[];
  records: readonly batch.ReplicationRecord[];
}) {
  const byVariant = props.variants.map((name) => props.records.filter((r) => r.variant === name));
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways (on a phone) must be scrollable by keyboard (axe: scrollable-region-focusable)
    <section class="table-scroll" aria-label="Key figures" tabIndex={0}>
      <table class="figures">
        <caption>Key figures: mean ± 95% CI half-width over the replications so far</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {props.variants.map((v, i) => (
              <th scope="col" key={v}>
                {v} <span class="small">({byVariant[i]!.length} replications)</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {KEY_METRICS.map((metric) => (
            <tr key={metric}>
              <th scope="row">{metricLabel(metric)}</th>
              {byVariant.map((records, i) => (
                <td key={props.variants[i]}>
                  {cell(
                    records
                      .map((r) => r.metrics[metric])
                      .filter((x): x is number => typeof x === "number" && Number.isFinite(x)),
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** How a line that qualifies the answer is marked, in words as well as colour. */
const TONE_LABEL: Record<HeadlineTone, string | null> = {
  finding: null,
  caution: "Caution",
  warning: "Warning",
};

/** The batch headline's lines as they are: the studio words none of its own. */
export function HeadlineBlock(props: { lines: readonly HeadlineLine[]; variants: readonly string[] }) {
  return (
    <section class="headline" aria-labelledby="headline-title">
      <h2 id="headline-title">The answer</h2>
      <ul>
        {props.lines.map((line) => {
          const label = TONE_LABEL[line.tone];
          return (
            <li key={line.text} class={line.tone}>
              {label === null ? null : <strong class="tone-label">{label}: </strong>}
              <span class="sentence">{line.text}</span>
            </li>
          );
        })}
      </ul>
      {props.variants.length < 2 ? (
        <p class="small">Add a second variant to compare it with {props.variants[0]}.</p>
      ) : (
        <p class="small">
          Differences are paired: every variant saw the same patients (common random numbers), so the
          intervals are narrower than comparing two separate runs.
        </p>
      )}
    </section>
  );
}

interface VegaView {
  toImageURL(type: "png" | "svg", scale?: number): Promise<string>;
  finalize(): void;
}

interface VegaEmbed {
  (
    el: HTMLElement,
    spec: unknown,
    options?: Record<string, unknown>,
  ): Promise<{ view: VegaView; finalize(): void }>;
  version?: string;
}

declare global {
  interface Window {
    vegaEmbed?: VegaEmbed;
  }
}

function saveUrl(url: string, fileName: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * One chart of the batch report, drawn by vega-embed without its actions menu (whose icon-only
 * button has no accessible name); PNG and SVG downloads are plain labelled buttons instead.
 */
function Chart(props: { chart: NamedChart }) {
  const box = useRef<HTMLDivElement>(null);
  const view = useRef<VegaView | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    const embed = window.vegaEmbed;
    const el = box.current;
    if (embed === undefined || el === null) return;
    let gone = false;
    embed(el, props.chart.spec, { renderer: "svg", actions: false })
      .then((result) => {
        if (gone) result.finalize();
        else view.current = result.view;
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      gone = true;
      view.current?.finalize();
      view.current = undefined;
    };
  }, [props.chart]);
  const save = (type: "png" | "svg") => {
    void view.current
      ?.toImageURL(type, type === "png" ? 2 : 1)
      .then((url) => saveUrl(url, `${props.chart.name}.${type}`));
  };
  return (
    <figure class="chart" aria-label={props.chart.title}>
      <div ref={box} />
      {failed === undefined ? null : <p class="error">This chart could not be drawn: {failed}</p>}
      <figcaption>{props.chart.description}</figcaption>
      <div class="buttons">
        <button type="button" onClick={() => save("png")}>
          PNG<span class="visually-hidden"> of {props.chart.title}</span>
        </button>
        <button type="button" onClick={() => save("svg")}>
          SVG<span class="visually-hidden"> of {props.chart.title}</span>
        </button>
      </div>
    </figure>
  );
}

export function Charts(props: { charts: readonly NamedChart[] }) {
  if (window.vegaEmbed === undefined) {
    return (
      <p class="note">
        The chart library did not load, so the charts cannot be drawn; the figures above stand.
      </p>
    );
  }
  return (
    <section aria-labelledby="charts-title">
      <h2 id="charts-title">Charts</h2>
      {props.charts.map((chart) => (
        <Chart key={chart.name} chart={chart} />
      ))}
    </section>
  );
}

export function chartsOf(run: FinishedRun): NamedChart[] {
  const { summary, comparison, fan } = run.finished;
  return buildBatchCharts({ summary, comparison, fan, records: run.records });
}

export { headlineOf };
