/** A half-open range of point indices, `[start, end)`. */
export type IndexRange = [number, number];

/** Runs of 1 in a 0/1 label array, as half-open ranges. */
export function labelRanges(labels: ArrayLike<number>): IndexRange[] {
  const ranges: IndexRange[] = [];
  let start = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] && start < 0) start = i;
    if (!labels[i] && start >= 0) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) ranges.push([start, labels.length]);
  return ranges;
}
