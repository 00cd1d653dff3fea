import { type ChannelInfo, RecordingError } from "./types.ts";

export interface ChannelChoice {
  channels?: string[];
  phases?: string[];
}

export interface ChosenChannels {
  /** Indexes into the available channels, in delivery order. */
  indexes: number[];
  warnings: string[];
}

function listing(available: readonly ChannelInfo[]): string {
  if (available.length === 0) return "none (no analog channels: a status-only recording)";
  return available
    .map((c) => `${c.name}${c.phase === "" ? "" : ` (phase ${c.phase}, ${c.units})`}`)
    .join(", ");
}

/**
 * `channels` by name, or `phases` by the COMTRADE ph field (the voltage channels of each phase when it has any),
 * else the voltage channels (units V or kV). A recording without any channel to deliver (a status-only COMTRADE
 * file) gives none with a warning; asking for a channel it does not have is an error listing those it has.
 */
export function chooseChannels(
  available: readonly ChannelInfo[],
  choice: ChannelChoice,
  source: string,
): ChosenChannels {
  if (choice.channels && choice.phases)
    throw new RecordingError(`choose channels by name or by phase, not both (${source})`);
  if (choice.channels) {
    const indexes = choice.channels.map((name) => {
      const index = available.findIndex((c) => c.name === name);
      if (index < 0)
        throw new RecordingError(
          `${source} has no channel "${name}"; its channels are: ${listing(available)}`,
        );
      return index;
    });
    return { indexes: unique(indexes, available, source), warnings: [] };
  }
  if (choice.phases) {
    const indexes = choice.phases.flatMap((phase) => {
      const matching = available.flatMap((c, i) =>
        c.phase.toUpperCase() === phase.toUpperCase() ? [i] : [],
      );
      if (matching.length === 0) {
        const phases = [...new Set(available.map((c) => c.phase).filter((p) => p !== ""))];
        throw new RecordingError(
          `${source} has no channel of phase "${phase}"; its phases are: ${phases.join(", ") || "none"} ` +
            `(channels: ${listing(available)})`,
        );
      }
      const voltages = matching.filter((i) => available[i]?.quantity === "voltage");
      return voltages.length > 0 ? voltages : matching;
    });
    return { indexes: unique(indexes, available, source), warnings: [] };
  }
  const voltages = available.flatMap((c, i) => (c.quantity === "voltage" ? [i] : []));
  if (voltages.length > 0) return { indexes: voltages, warnings: [] };
  if (available.length === 0)
    return {
      indexes: [],
      warnings: [`${source}: no analog channels (a status-only recording): nothing to deliver`],
    };
  throw new RecordingError(
    `${source} has no voltage channel (units V or kV); choose channels by name: ${listing(available)}`,
  );
}

function unique(indexes: number[], available: readonly ChannelInfo[], source: string): number[] {
  const seen = new Set<number>();
  for (const i of indexes) {
    if (seen.has(i)) throw new RecordingError(`${source}: channel ${available[i]?.name} is chosen twice`);
    seen.add(i);
  }
  return indexes;
}
