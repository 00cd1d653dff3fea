/**
 * Reading a verdict's events from a PATCH: the query form (`?events=<JSON>`, for clients that send only a query
 * string, like the tutorial's) is checked against the body's schema, and both forms get the checks a schema
 * cannot express (end after start, duration = end - start) and lose keys the wire does not define.
 */
import { TypeCompiler } from "elysia/type-system";
import { toWireEvent } from "../lib/timeseries/events.ts";
import { EVENT_DURATION_TOLERANCE_S } from "../lib/timeseries/limits.ts";
import {
  EVENT_KINDS,
  EventListSchema,
  type StoredEventKind,
  type VoltageEventWire,
} from "../lib/timeseries/types.ts";
import { issuesDetail, unprocessable } from "./errors.ts";

const eventListCheck = TypeCompiler.Compile(EventListSchema);

/** `?events=` JSON text -> events; 422 naming the bad field otherwise. */
export function parseEventsQuery(text: string): VoltageEventWire[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw unprocessable(
      `Invalid query: events: Expected a JSON array of events, got ${JSON.stringify(text.slice(0, 60))} (${(error as Error).message})`,
    );
  }
  if (!eventListCheck.Check(value)) {
    throw unprocessable(
      issuesDetail("query.events", eventListCheck.Errors(value)) ??
        "Invalid query: events: Expected a JSON array of events",
    );
  }
  return value;
}

/** The events to store; 422 for an event whose span is inconsistent (`where` names the field as sent). */
export function acceptEvents(events: readonly VoltageEventWire[], where: string): VoltageEventWire[] {
  for (const [i, event] of events.entries()) {
    const field = `${where}[${i}]`;
    if (event.end_s < event.start_s) {
      throw unprocessable(
        `Invalid request: ${field}.end_s: Expected end_s >= start_s, got start_s ${event.start_s} and end_s ${event.end_s}`,
        "event-span",
      );
    }
    const span = event.end_s - event.start_s;
    if (Math.abs(event.duration_s - span) > EVENT_DURATION_TOLERANCE_S) {
      throw unprocessable(
        `Invalid request: ${field}.duration_s: Expected end_s - start_s = ${span}, got ${event.duration_s}`,
        "event-span",
      );
    }
  }
  return events.map(toWireEvent);
}

export function parseEventKind(text: string | undefined): StoredEventKind | undefined {
  if (text === undefined) return undefined;
  if ((EVENT_KINDS as readonly string[]).includes(text)) return text as StoredEventKind;
  throw unprocessable(
    `Invalid query: event_kind: Expected one of ${EVENT_KINDS.join(", ")}, got ${JSON.stringify(text)}`,
  );
}
