/**
 * Progress on stderr: a bar redrawn in place on a terminal, or a plain line every few seconds
 * when stderr is a file or a pipe (a cluster job's log should not fill with carriage returns).
 * The ETA counts only replications run in this session, so a resumed batch's estimate is not
 * flattered by the ones it found already done.
 */
export interface ProgressEvent {
  /** Replications finished, including any found from an earlier session. */
  done: number;
  /** Replications the batch needs so far (grows between precision rounds). */
  total: number;
  /** Finished in this session. */
  ran: number;
  /** Seconds since this session started running replications. */
  elapsedSeconds: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function eta(e: ProgressEvent): number {
  const rate = e.elapsedSeconds > 0 ? e.ran / e.elapsedSeconds : 0;
  return rate > 0 ? (e.total - e.done) / rate : Number.POSITIVE_INFINITY;
}

export function progressLine(e: ProgressEvent): string {
  const rate = e.elapsedSeconds > 0 ? e.ran / e.elapsedSeconds : 0;
  const pct = e.total > 0 ? Math.floor((100 * e.done) / e.total) : 100;
  return `${e.done}/${e.total} replications (${pct}%), ${rate.toFixed(1)}/s, ETA ${formatDuration(eta(e))}`;
}

export function progressBar(e: ProgressEvent, width: number): string {
  const fraction = e.total > 0 ? Math.min(1, e.done / e.total) : 1;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${progressLine(e)}`;
}

/** A listener drawing on `stream`, and a function to finish the display. */
export function progressReporter(
  stream: ProgressStream,
  options: { label?: string; intervalSeconds?: number } = {},
): { listener: ProgressListener; finish: () => void } {
  const label = options.label ? `${options.label}: ` : "";
  const tty = stream.isTTY === true;
  const interval = (tty ? 0.1 : (options.intervalSeconds ?? 10)) * 1000;
  let lastDraw = 0;
  let last: ProgressEvent | undefined;
  let drawn = false;
  const draw = (e: ProgressEvent): void => {
    if (tty) {
      const room = (stream.columns ?? 80) - label.length - progressLine(e).length - 4;
      stream.write(`\r${label}${progressBar(e, Math.max(10, Math.min(40, room)))}\u001b[K`);
    } else {
      stream.write(`${label}${progressLine(e)}\n`);
    }
    drawn = true;
  };
  const listener: ProgressListener = (e) => {
    last = e;
    const now = Date.now();
    if (now - lastDraw >= interval || (tty && e.done === e.total)) {
      lastDraw = now;
      draw(e);
    }
  };
  const finish = (): void => {
    if (last !== undefined && tty) {
      draw(last);
      stream.write("\n");
    } else if (last !== undefined && drawn && last.ran > 0) {
      draw(last);
    }
  };
  return { listener, finish };
}
