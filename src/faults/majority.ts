// The size of a majority, shared by the partition shapes and the fault targets.
/** floor(n / 2) + 1: the size of a majority of n nodes (Raft §5.2). */
export function majoritySize(n: number): number {
  return Math.floor(n / 2) + 1;
}
