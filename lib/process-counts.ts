/** How many processes of a colony are in each state (the demo's progress and the dashboard's tiles). */
export interface ProcessCounts {
  waiting: number;
  running: number;
  successful: number;
  failed: number;
}
