/**
 * Event-level quality of an rms run: the events each series' verdict stored against the events injected into
 * its sample. Series are laid end to end (each shifted past the previous one) and scored in one pass by
 * lib/signal's scoreEvents, so an injected event counts as found when a detected event of its kind overlaps it.
 */

import { mapLimit } from "../lib/map-limit.ts";
import {
  type EventScore,
  samplingRateFromTime,
  scoreEvents,
  type TruthEvent,
  truthFromSample,
  type VoltageEvent,
} from "../lib/signal/index.ts";
import type { TimeSeriesClient } from "../lib/timeseries/client.ts";
import { SUBMIT_CONCURRENCY, type Submitted } from "./submit-batch.ts";

/** Seconds left between two series laid end to end, so no event can overlap one of the next series. */
const GAP_S = 1;

export async function scoreStoredEvents(
  submitted: readonly Submitted[],
  store: TimeSeriesClient,
  referenceVoltage: number,
): Promise<EventScore> {
  const stored = await mapLimit(submitted, SUBMIT_CONCURRENCY, ({ item }) => store.get(item.tsId));
  const truth: TruthEvent[] = [];
  const detected: VoltageEvent[] = [];
  let offset = 0;
  for (const [i, { item }] of submitted.entries()) {
    const { sample } = item;
    const rate = samplingRateFromTime(sample.time);
    for (const event of truthFromSample(sample.events, sample.normal, rate, referenceVoltage)) {
      truth.push({ ...event, start_s: event.start_s + offset, end_s: event.end_s + offset });
    }
    for (const event of stored[i]!.events ?? []) {
      detected.push({ ...event, start_s: event.start_s + offset, end_s: event.end_s + offset });
    }
    offset += sample.time.length / rate + GAP_S;
  }
  return scoreEvents(truth, detected);
}
