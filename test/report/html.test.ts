import { version as vegaLiteVersion } from "vega-lite";
import { describe, expect, it } from "vitest";
import { buildCharts } from "../../src/report/charts.js";
import { escapeHtml, jsonForScript } from "../../src/report/escape.js";
import { renderReportHtml } from "../../src/report/html.js";
import { describeDistribution } from "../../src/report/method.js";
import { acuteInput, EVIL_DESCRIPTION, EVIL_NAME, EVIL_VARIANT, EVIL_WARD, evilInput } from "./fixtures.js";

/** The embedded chart specs, read back the way the page reads them. */
function embeddedSpecs(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="careflow-specs">(.*?)<\/script>/s.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

/** The page without the three inlined libraries, whose own strings hold markup of theirs. */
const withoutLibraries = (html: string): string =>
  html.replace(/<script>[\s\S]*?<\/script>/g, (m) =>
    m.length > 20_000 ? "<script>/* library */</script>" : m,
  );

describe("escaping helpers", () => {
  it("escapes HTML specials", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("makes JSON that cannot close a script element and parses back unchanged", () => {
    const value = { name: "</script><script>alert(1)</script><!-- \u2028 & >" };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("describeDistribution", () => {
  it("shows times in hours and days, with the mean where it is not a parameter", () => {
    expect(describeDistribution({ dist: "lognormal", mean: 16 * 60, sd: 12 * 60 })).toBe(
      "lognormal (mean 16h, sd 12h)",
    );
    expect(describeDistribution({ dist: "constant", value: 60 })).toBe("fixed 1h");
    expect(describeDistribution({ dist: "uniform", min: 1440, max: 3 * 1440 })).toBe(
      "uniform between 1d and 3d; mean 2d",
    );
    expect(describeDistribution({ dist: "gamma", mean: 2880, cv: 0.5 })).toContain("gamma (mean 2d");
  });
});

describe("renderReportHtml", () => {
  const input = acuteInput();
  const html = renderReportHtml({ ...input, careflowVersion: "9.9.9-test" });

  it("is one self-contained file: no external scripts, styles, fonts or images", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(withoutLibraries(html)).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    // vega, vega-lite, vega-embed, the specs and the bootstrap: nothing else, and each closed.
    expect(html.match(/<script\b/gi)).toHaveLength(5);
    expect(html.match(/<\/script>/gi)).toHaveLength(5);
    expect(html).toContain(`vegaLite={}`);
  });

  it("has a container for every chart, and the spec for each", () => {
    const charts = buildCharts({ results: input.results, scenario: input.scenario });
    const specs = embeddedSpecs(html);
    expect(Object.keys(specs)).toEqual(charts.map((c) => c.name));
    for (const c of charts) expect(html).toContain(`<div class="chart" data-chart="${c.name}"`);
  });

  it("heads the report with scenario, variants, seed, horizon, warm-up and version", () => {
    const s = input.results[0]!.summary;
    const header = html.slice(html.indexOf("<header>"), html.indexOf("</header>"));
    expect(header).toContain(escapeHtml(input.scenario.name));
    expect(header).toContain("standard, d2a");
    expect(header).toContain(String(s.seed));
    expect(header).toContain(`${s.horizonDays} days observed`);
    expect(header).toContain(`${s.warmupDays} days (discarded)`);
    expect(header).toContain("9.9.9-test");
  });

  it("reads the careflow version from package.json when not given", () => {
    expect(renderReportHtml(input)).toContain(`<meta name="generator" content="careflow 0.1.0">`);
  });

  it("has the key figures table with a column per variant", () => {
    const table = html.slice(
      html.indexOf('<table class="figures">'),
      html.indexOf("</table>", html.indexOf('<table class="figures">')),
    );
    expect(table).toContain('<th scope="col">standard<br>');
    expect(table).toContain('<th scope="col">d2a<br>');
    expect(table).toContain("Length of stay, mean");
    expect(table).toContain("Waits over 12 hours for a bed");
  });

  it("documents model and method from the run itself (STRESS-DES items)", () => {
    const method = html.slice(html.indexOf('<section id="method">'));
    for (const heading of [
      "Purpose and outputs",
      "Model logic",
      "Inputs: parameters and distributions",
      "Initialisation and run length",
      "Replications and confidence intervals",
      "Random numbers",
      "Software and run",
    ]) {
      expect(method).toContain(heading);
    }
    const sc = input.scenario;
    for (const w of sc.wards) expect(method).toContain(escapeHtml(w.name ?? w.id));
    for (const s of sc.community) {
      expect(method).toContain(escapeHtml(s.name ?? s.id));
      expect(method).toContain(escapeHtml(describeDistribution(s.lengthOfSupport)));
    }
    for (const g of sc.groups) {
      expect(method).toContain(escapeHtml(g.name ?? g.id));
      for (const stage of g.stages) expect(method).toContain(escapeHtml(describeDistribution(stage.los)));
    }
    expect(method).toContain(escapeHtml(describeDistribution(sc.discharge.standard.assessment.duration)));
    expect(method).toContain("xor4096");
    expect(method).toContain("careflow:&lt;seed&gt;:&lt;replication&gt;:&lt;name&gt;");
    expect(method).toContain("One replication per variant");
    expect(method).toContain("No confidence intervals");
    expect(method).toContain(process.version);
    expect(method).toContain(vegaLiteVersion);
    expect(method).toContain("warm-up of 7d");
  });

  it("stays well under 5 MB (the libraries are about 0.8 MB)", () => {
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
  });
});

describe("renderReportHtml with hostile text", () => {
  const input = evilInput();
  const html = withoutLibraries(renderReportHtml(input));

  it("shows user text as text, never as markup", () => {
    expect(html).not.toContain(EVIL_NAME);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>Home</b>");
    expect(html).not.toContain(EVIL_VARIANT);
    expect(html).toContain(`<h1>${escapeHtml(EVIL_NAME)}</h1>`);
    expect(html).toContain(`<title>${escapeHtml(EVIL_NAME)} · careflow report</title>`);
    expect(html).toContain(escapeHtml(EVIL_DESCRIPTION));
    expect(html).toContain(escapeHtml(EVIL_WARD));
    expect(html).toContain(escapeHtml("<evil>.yaml"));
  });

  it("keeps hostile names inside the embedded JSON, intact once parsed", () => {
    const specs = embeddedSpecs(html);
    const text = JSON.stringify(specs);
    expect(text).toContain(EVIL_WARD);
    expect(text).toContain(EVIL_VARIANT);
    const raw = html.slice(html.indexOf('id="careflow-specs">'), html.lastIndexOf("<script>"));
    expect(raw).not.toContain("</script><script>alert");
    expect(raw).toContain("\\u003c/script\\u003e");
  });
});
