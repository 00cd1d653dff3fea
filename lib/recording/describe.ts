import type { RecordingInfo } from "./types.ts";

/** RecordingInfo as lines for a terminal. */
export function describeRecording(info: RecordingInfo): string[] {
  const kind = info.format === "comtrade" ? `COMTRADE ${info.revision} ${info.fileType}` : "CSV";
  const lines = [`${info.source}: ${kind}`];
  if (info.station !== "" || info.device !== "")
    lines.push(`station: ${info.station}, device: ${info.device}`);
  if (info.lineFrequency !== null) lines.push(`line frequency: ${info.lineFrequency} Hz`);
  if (info.rates.length > 1)
    lines.push(
      `sampling rates: ${info.rates.map((r) => `${r.rate} Hz to sample ${r.endSample}`).join(", ")}`,
    );
  else
    lines.push(
      `sampling rate: ${round(info.samplingRate)} Hz${info.rates.length === 0 && info.format === "comtrade" ? " (from the time stamps)" : ""}`,
    );
  lines.push(
    `start: ${info.startTime ?? "not given"}${info.triggerTime ? `, trigger: ${info.triggerTime}` : ""}`,
  );
  lines.push(
    info.totalSamples === null
      ? "samples: not known before reading"
      : `samples: ${info.totalSamples}${info.rates.length <= 1 && info.samplingRate > 0 ? ` (${round(info.totalSamples / info.samplingRate)} s)` : ""}`,
  );
  lines.push(`channels (values in ${info.valuesIn} volts for voltage channels):`);
  const width = Math.max(4, ...info.channels.map((c) => c.name.length));
  for (const c of info.channels)
    lines.push(
      `  ${c.name.padEnd(width)}  phase ${c.phase === "" ? "-" : c.phase}  ${c.units}  ${c.quantity}`,
    );
  if (info.channels.length === 0) lines.push("  none");
  lines.push(info.warnings.length === 0 ? "warnings: none" : "warnings:");
  for (const w of info.warnings) lines.push(`  ${w}`);
  return lines;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
